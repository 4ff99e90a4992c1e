from . import apartment_event_attendance_report
