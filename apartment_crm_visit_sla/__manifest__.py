# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Visit Tickets",
    "summary": "Bridge: the issue a tenant raises during a regular visit becomes a ticket in one "
    "click",
    "version": "18.0.2.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm_visit", "apartment_crm_sla"],
    "data": ["views/apartment_visit_views.xml"],
    "installable": True,
    "auto_install": True,
}
