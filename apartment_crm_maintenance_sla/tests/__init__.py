from . import test_ticket_repair
from . import test_i18n
