# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Building Notices",
    "summary": "Building notices (公告) to a building, floor or tag: portal, e-mail through the "
    "mail queue in one batch, read receipts, scheduling, per-recipient language",
    "version": "18.0.2.1.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm"],
    "data": [
        "security/ir.model.access.csv",
        "security/apartment_crm_notice_security.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "views/apartment_notice_views.xml",
        "views/portal_templates.xml",
        "views/apartment_crm_notice_menus.xml",
    ],
    "installable": True,
    "auto_install": True,
}
