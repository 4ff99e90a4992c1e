from . import apartment_lease_renewal
