from . import test_loyalty_concurrency
from . import test_loyalty_ledger
from . import test_loyalty_redeem
from . import test_loyalty_rules
from . import test_portal_loyalty
from . import test_i18n
from . import test_loyalty_trust
from . import test_loyalty_texts
