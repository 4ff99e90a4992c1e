# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Survey Points",
    "summary": "Bridge: answering a tenant survey earns the satisfaction-survey points, once per "
    "campaign",
    "version": "18.0.2.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm_survey", "apartment_crm_loyalty"],
    "data": [],
    "installable": True,
    "auto_install": True,
}
