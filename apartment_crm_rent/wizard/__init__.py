from . import apartment_lease_deposit_settle
from . import apartment_rent_generate
