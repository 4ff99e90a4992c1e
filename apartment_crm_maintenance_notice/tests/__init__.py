from . import test_i18n
from . import test_maintenance_notice
from . import test_notice_concurrency
