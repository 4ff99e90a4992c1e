from . import apartment_lease_deposit_settle
