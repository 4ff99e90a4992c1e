from . import apartment_loyalty_adjust
from . import apartment_loyalty_redeem
