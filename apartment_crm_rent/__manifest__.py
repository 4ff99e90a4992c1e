# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Rent",
    "summary": "Rent and deposits as Odoo invoices: reminders, late fees, on-time rate, rent roll",
    "version": "18.0.2.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/apartment_crm_rent_security.xml",
        "data/apartment_churn_signal_data.xml",
        "data/apartment_rent_data.xml",
        "data/apartment_rent_reminder_data.xml",
        "report/apartment_rent_roll_views.xml",
        "views/apartment_lease_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/account_move_views.xml",
        "views/apartment_rent_reminder_views.xml",
        "views/apartment_crm_rent_menus.xml",
    ],
    "demo": ["demo/rent_demo.xml"],
    "installable": True,
    "auto_install": True,
}
