from . import test_visit
from . import test_i18n
