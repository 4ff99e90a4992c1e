from . import test_lease
from . import test_security
from . import test_http
from . import test_sla
from . import test_sla_escalation
from . import test_sla_grading
from . import test_sla_rating
