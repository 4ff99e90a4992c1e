# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Renewal Bonus Points",
    "summary": "Bridge: an accepted renewal option's bonus points go to the loyalty ledger",
    "version": "18.0.2.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm_renewal", "apartment_crm_loyalty"],
    "data": ["data/apartment_loyalty_rule_data.xml"],
    "installable": True,
    "auto_install": True,
}
