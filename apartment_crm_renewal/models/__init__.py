from . import apartment_dashboard
from . import apartment_lease
from . import apartment_lease_renewal
from . import apartment_lease_renewal_option
from . import apartment_renewal_decline_reason
from . import apartment_returning_perk
from . import res_company
from . import res_partner
