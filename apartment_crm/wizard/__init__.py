from . import apartment_tenant_tier_lock
