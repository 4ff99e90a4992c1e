# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Move-out Inspection Deductions",
    "summary": "The damage priced by the move-out inspection becomes the deduction lines of "
    "the deposit settlement, with its photos",
    "version": "18.0.2.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm_maintenance", "apartment_crm_rent"],
    "data": ["wizard/apartment_lease_deposit_settle_views.xml"],
    "installable": True,
    "auto_install": True,
}
