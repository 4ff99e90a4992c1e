from . import test_i18n
from . import test_renewal_inspection
