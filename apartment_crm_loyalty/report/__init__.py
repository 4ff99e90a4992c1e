from . import apartment_loyalty_report
