from . import portal_events
