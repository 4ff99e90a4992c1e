from . import apartment_dashboard, apartment_tenant_tier, apartment_visit, res_partner
