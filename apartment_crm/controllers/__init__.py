from . import portal_sla_rating
