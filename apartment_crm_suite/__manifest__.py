# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Whole Suite",
    "summary": "Installs every capability of Apartment CRM at once (rent, reconciliation, "
    "loyalty, renewals, service levels, community events, tenant surveys, regular visits, "
    "building notices (by SMS too), facilities and their bridges); holds the "
    "cross-capability tests",
    "version": "18.0.2.1.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": [
        "apartment_crm_event_loyalty",
        "apartment_crm_sla_loyalty",
        "apartment_crm_renewal_loyalty",
        "apartment_crm_reconcile",
        "apartment_crm_survey_loyalty",
        "apartment_crm_visit_sla",
        "apartment_crm_maintenance_rent",
        "apartment_crm_maintenance_sla",
        "apartment_crm_maintenance_renewal",
        "apartment_crm_maintenance_notice",
        "apartment_crm_notice",
        "apartment_crm_notice_sms",
    ],
    "data": [],
    "demo": ["demo/apartment_crm_suite_demo.xml"],
    "assets": {
        "web.assets_tests": ["apartment_crm_suite/static/tests/tours/**/*"],
    },
    "installable": True,
    "auto_install": True,
}
