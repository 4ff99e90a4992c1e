from . import apartment_tenant_tier
from . import apartment_property
from . import apartment_unit
from . import apartment_lease
from . import res_partner
from . import apartment_loyalty_rule
from . import apartment_loyalty_entry
from . import res_company_loyalty
from . import res_config_settings_loyalty
from . import account_move_loyalty
from . import apartment_lease_loyalty

# SQL view: after the models whose columns it reads (init order = import order)
from . import apartment_loyalty_report
