from . import test_events
from . import test_events_concurrency
from . import test_events_invitation
from . import test_events_portal
from . import test_events_schedule
from . import test_events_ui
from . import test_i18n
from . import test_events_trust
