from . import test_rent_concurrency
from . import test_rent_deposit
from . import test_rent_late_fee_concurrency
from . import test_rent_invoicing
from . import test_rent_payment
from . import test_rent_reminder
from . import test_i18n
from . import test_rent_screens
