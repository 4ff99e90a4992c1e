from . import test_sla
from . import test_sla_escalation
from . import test_sla_grading
from . import test_sla_rating
from . import test_i18n
