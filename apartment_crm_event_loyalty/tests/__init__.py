from . import test_event_loyalty
from . import test_i18n
