from . import apartment_tenant_tier
from . import apartment_property
from . import apartment_unit
from . import apartment_lease
from . import res_partner
from . import apartment_dashboard
