# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Regular Visits",
    "summary": "Regular housekeeper visits (定期回访) at a rhythm per tier, planned evenly as "
    "activities, outcomes logged on the tenant, overdue visits on the dashboard",
    "version": "18.0.2.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm"],
    "data": [
        "security/ir.model.access.csv",
        "security/apartment_crm_visit_security.xml",
        "data/ir_cron_data.xml",
        "data/apartment_tenant_tier_data.xml",
        "views/apartment_visit_views.xml",
        "views/apartment_tenant_tier_views.xml",
        "views/res_partner_views.xml",
        "views/apartment_crm_visit_menus.xml",
    ],
    "installable": True,
    "auto_install": True,
}
