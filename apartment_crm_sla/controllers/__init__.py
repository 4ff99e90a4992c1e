from . import portal
from . import helpdesk_ticket_close
from . import helpdesk_myaccount
