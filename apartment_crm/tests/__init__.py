from . import test_lease
from . import test_security
from . import test_http
from . import test_events
from . import test_events_invitation
from . import test_events_schedule
from . import test_events_portal
from . import test_events_ui
