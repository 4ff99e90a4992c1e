# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Maintenance Notices",
    "summary": "Planned work on building equipment posts a building notice to its tenants, "
    "in their language and the building's time, once (a correction when rescheduled)",
    "version": "18.0.2.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm_maintenance", "apartment_crm_notice"],
    "data": ["views/maintenance_request_views.xml"],
    "installable": True,
    "auto_install": True,
}
