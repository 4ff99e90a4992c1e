from . import test_sla_loyalty
from . import test_i18n
from . import test_sla_loyalty_fake_rating
