from . import apartment_rent_roll
