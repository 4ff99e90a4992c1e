from . import apartment_lease_renewal
from . import apartment_loyalty_rule
