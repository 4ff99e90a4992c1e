from . import apartment_maintenance_plan
from . import maintenance_equipment
from . import maintenance_request
from . import apartment_property
from . import apartment_dashboard
from . import apartment_inspection_template
from . import apartment_inspection
from . import apartment_lease
