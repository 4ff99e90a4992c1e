from . import apartment_sla_report
