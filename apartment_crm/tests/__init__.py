from . import test_lease
from . import test_security
from . import test_http
from . import test_portal
from . import test_loyalty_ledger
from . import test_loyalty_rules
from . import test_loyalty_redeem
from . import test_loyalty_concurrency
