from . import test_maintenance_plan
from . import test_maintenance_concurrency
from . import test_inspection
from . import test_inspection_portal
from . import test_i18n
