from . import test_visit_ticket
from . import test_i18n
