from . import apartment_ticket_grading_rule
from . import helpdesk_ticket
from . import maintenance_request
