from . import apartment_tenant_tier_lock
from . import apartment_lease_renewal_decline
from . import apartment_loyalty_redeem
from . import apartment_loyalty_adjust
from . import apartment_rent_generate
from . import apartment_lease_deposit_settle
