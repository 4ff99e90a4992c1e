from . import apartment_loyalty_redeem
from . import apartment_loyalty_adjust
