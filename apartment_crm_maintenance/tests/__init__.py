from . import test_maintenance_plan
from . import test_maintenance_concurrency
from . import test_i18n
