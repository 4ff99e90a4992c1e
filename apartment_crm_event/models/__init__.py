from . import apartment_dashboard
from . import apartment_event_invitation
from . import apartment_event_schedule
from . import apartment_interest_group
from . import apartment_venue
from . import event_event
from . import event_registration
from . import res_partner
