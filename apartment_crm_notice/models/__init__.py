from . import apartment_notice
from . import mail_activity
