from . import apartment_notice
