# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Facilities",
    "summary": "Building equipment on Odoo maintenance, preventive plans generating requests "
    "ahead of time, unit inspections at move-in and move-out",
    "version": "18.0.2.1.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm", "maintenance", "portal"],
    "data": [
        "security/apartment_crm_maintenance_groups.xml",
        "security/ir.model.access.csv",
        "security/apartment_crm_maintenance_security.xml",
        "data/ir_cron_data.xml",
        "data/maintenance_equipment_category_data.xml",
        "data/apartment_inspection_data.xml",
        "views/apartment_maintenance_plan_views.xml",
        "views/maintenance_equipment_views.xml",
        "views/maintenance_request_views.xml",
        "views/apartment_property_views.xml",
        "views/apartment_inspection_views.xml",
        "views/portal_templates.xml",
        "views/apartment_crm_maintenance_menus.xml",
    ],
    "installable": True,
    "auto_install": True,
}
