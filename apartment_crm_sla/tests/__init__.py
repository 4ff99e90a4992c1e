from . import test_sla
from . import test_sla_escalation
from . import test_sla_grading
from . import test_sla_rating
from . import test_sla_fake_results
from . import test_sla_ticket_close_guard
from . import test_i18n
from . import test_sla_portal_zh
