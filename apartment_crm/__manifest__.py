# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM",
    "summary": "Customer operations for long-rent apartment operators: "
    "properties, units, tenants, leases, rent, renewals, SLAs, points, events",
    "version": "18.0.1.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "contacts",
        "account",
        "mail",
        "portal",
        "event",
        "resource",
        "helpdesk_mgmt",
    ],
    "data": [
        "security/apartment_crm_groups.xml",
        "security/ir.model.access.csv",
        "security/apartment_crm_security.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/apartment_tenant_tier_data.xml",
        "data/tiers_churn_cron_data.xml",
        "data/apartment_churn_signal_data.xml",
        "views/apartment_property_views.xml",
        "views/apartment_unit_views.xml",
        "views/apartment_lease_views.xml",
        "views/apartment_tenant_tier_views.xml",
        "views/res_partner_views.xml",
        "views/res_partner_tier_views.xml",
        "views/apartment_churn_signal_views.xml",
        "views/apartment_crm_menus.xml",
    ],
    "demo": [
        "demo/apartment_crm_demo.xml",
    ],
}
