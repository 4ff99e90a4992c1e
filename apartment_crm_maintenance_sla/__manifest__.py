# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Equipment Repairs from Tickets",
    "summary": "A tenant ticket about building equipment opens a maintenance request (one "
    "click or grading rule); closing the request resolves the ticket",
    "version": "18.0.2.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm_maintenance", "apartment_crm_sla"],
    "data": [
        "views/helpdesk_ticket_views.xml",
        "views/maintenance_request_views.xml",
        "views/apartment_ticket_grading_rule_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
