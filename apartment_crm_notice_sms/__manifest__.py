# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Building Notices by SMS",
    "summary": "Bridge: tenants preferring SMS get building notices through Odoo's SMS queue",
    "version": "18.0.1.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm_notice", "sms"],
    "data": ["views/apartment_notice_views.xml"],
    "installable": True,
    "auto_install": True,
}
