from . import test_lease
from . import test_security
from . import test_http
from . import test_i18n
from . import test_touchpoint
from . import test_tier_ui
from . import test_unit_picker
