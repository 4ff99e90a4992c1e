from . import apartment_lease
