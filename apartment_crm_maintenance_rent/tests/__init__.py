from . import test_inspection_deposit
from . import test_i18n
