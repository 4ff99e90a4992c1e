from . import test_renewal
from . import test_renewal_deposit
from . import test_renewal_portal
from . import test_renewal_workflow_bypass
from . import test_i18n
from . import test_renewal_trust
from . import test_renewal_upgrade_offer
from . import test_returning_perk_cron
