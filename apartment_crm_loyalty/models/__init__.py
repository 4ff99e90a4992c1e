from . import account_move
from . import apartment_dashboard
from . import apartment_loyalty_entry
from . import apartment_loyalty_rule
from . import res_company
from . import res_config_settings
from . import res_partner
from . import apartment_lease
