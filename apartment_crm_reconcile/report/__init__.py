from . import apartment_reconcile_report
