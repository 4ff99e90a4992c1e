from . import test_notice
from . import test_i18n
