from . import test_i18n
from . import test_import
from . import test_matching
from . import test_payment_reference
from . import test_security
from . import test_batch_reconcile
from . import test_cron_batches
from . import test_import_background
