from . import apartment_maintenance_plan
from . import maintenance_equipment
from . import maintenance_request
from . import apartment_property
from . import apartment_dashboard
