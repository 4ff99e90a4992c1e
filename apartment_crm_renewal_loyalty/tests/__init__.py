from . import test_renewal_loyalty
from . import test_i18n
