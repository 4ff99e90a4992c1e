from . import portal
from . import portal_events
from . import portal_sla_rating
from . import portal_renewal
from . import portal_loyalty
