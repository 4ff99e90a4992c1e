from . import test_campaign
from . import test_answers
from . import test_pulse
from . import test_portal
from . import test_i18n
from . import test_pulse_batches
