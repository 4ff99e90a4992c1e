from . import apartment_visit
