# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Loyalty Points",
    "summary": "Points ledger: earning rules, expiry, rent-credit redemption, liability",
    "version": "18.0.2.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm_rent"],
    "data": [
        "security/ir.model.access.csv",
        "security/apartment_crm_loyalty_security.xml",
        "data/apartment_loyalty_data.xml",
        "views/res_config_settings_views.xml",
        "views/apartment_loyalty_views.xml",
        "views/portal_templates.xml",
        "views/apartment_crm_loyalty_menus.xml",
    ],
    "demo": ["demo/loyalty_demo.xml"],
    "installable": True,
    "auto_install": True,
}
