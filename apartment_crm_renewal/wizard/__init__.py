from . import apartment_lease_renewal_decline
