from . import apartment_tenant_tier_lock
from . import apartment_lease_renewal_decline
