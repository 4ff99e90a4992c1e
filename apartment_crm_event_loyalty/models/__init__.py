from . import apartment_loyalty_rule
from . import event_registration
