from . import test_lease
from . import test_security
from . import test_http
from . import test_rent_invoicing
from . import test_rent_payment
from . import test_rent_deposit
from . import test_rent_concurrency
from . import test_rent_reminder
