from . import test_notice_sms
from . import test_i18n
