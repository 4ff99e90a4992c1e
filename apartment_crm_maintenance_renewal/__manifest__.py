# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Apartment CRM - Move-out Inspection on Declined Renewal",
    "summary": "A declined renewal plans the lease's move-out inspection, once",
    "version": "18.0.2.0.0",
    "category": "Real Estate",
    "website": "https://github.com/apartment-crm/apartment_crm",
    "author": "apartment_crm contributors",
    "license": "AGPL-3",
    "depends": ["apartment_crm_maintenance", "apartment_crm_renewal"],
    "data": [],
    "installable": True,
    "auto_install": True,
}
