# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Tenant Surveys",
    "summary": "Satisfaction, needs and pulse surveys of tenants on Odoo Surveys: campaigns per "
    "building and tier, reminders, low-score follow-up, results per building and question",
    "version": "18.0.2.1.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm", "survey"],
    "data": [
        "security/ir.model.access.csv",
        "security/apartment_crm_survey_security.xml",
        "data/survey_survey_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "data/apartment_churn_signal_data.xml",
        "report/apartment_survey_result_report_views.xml",
        "views/apartment_survey_campaign_views.xml",
        "views/apartment_survey_invitation_views.xml",
        "views/res_partner_views.xml",
        "views/portal_templates.xml",
        "views/apartment_crm_survey_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["apartment_crm_survey/static/tests/tours/**/*"],
    },
    "installable": True,
    "auto_install": True,
}
