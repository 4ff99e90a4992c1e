from . import apartment_notice
from . import apartment_notice_recipient
