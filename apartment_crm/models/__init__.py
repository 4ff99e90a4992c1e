from . import apartment_property
from . import apartment_unit
from . import apartment_lease
from . import res_partner
