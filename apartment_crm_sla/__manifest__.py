# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Service Levels",
    "summary": "Complaint and repair SLAs on OCA helpdesk tickets: escalation, follow-up, rating",
    "version": "18.0.2.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm", "helpdesk_mgmt", "resource"],
    "data": [
        "security/ir.model.access.csv",
        "security/apartment_crm_sla_security.xml",
        "data/apartment_sla_data.xml",
        "data/apartment_sla_policy_data.xml",
        "data/apartment_churn_signal_data.xml",
        "report/apartment_sla_report_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/apartment_sla_policy_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
        "views/apartment_crm_sla_menus.xml",
    ],
    "demo": ["demo/sla_demo.xml"],
    "installable": True,
    "auto_install": True,
}
