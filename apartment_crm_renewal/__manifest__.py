# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Renewals",
    "summary": "Lease renewals: offers, options, upgrades, declines, move-out, returning perks",
    "version": "18.0.2.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm_rent"],
    "data": [
        "security/ir.model.access.csv",
        "security/apartment_crm_renewal_security.xml",
        "data/apartment_churn_signal_data.xml",
        "data/apartment_renewal_data.xml",
        "views/portal_templates.xml",
        "views/apartment_lease_renewal_views.xml",
        "views/apartment_renewal_config_views.xml",
        "views/apartment_crm_renewal_menus.xml",
    ],
    "demo": ["demo/renewals_demo.xml"],
    "installable": True,
    "auto_install": True,
}
