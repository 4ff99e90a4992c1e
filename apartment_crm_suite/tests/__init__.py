from . import test_churn
from . import test_dashboard
from . import test_integration_signals
from . import test_portal
from . import test_reconcile_downstream
from . import test_tier
from . import test_tours
from . import test_clean_install
