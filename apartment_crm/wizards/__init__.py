from . import apartment_rent_generate
from . import apartment_lease_deposit_settle
