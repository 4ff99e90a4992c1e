# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Event Points",
    "summary": "Bridge: attending a community event earns loyalty points",
    "version": "18.0.2.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm_event", "apartment_crm_loyalty"],
    "data": ["data/apartment_loyalty_rule_data.xml"],
    "demo": ["demo/loyalty_demo.xml"],
    "installable": True,
    "auto_install": True,
}
