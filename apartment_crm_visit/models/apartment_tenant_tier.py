# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentTenantTier(models.Model):
    _inherit = "apartment.tenant.tier"

    visit_interval_months = fields.Integer(
        string="Visit Every (months)",
        default=3,
        help="Rhythm of the housekeeper's regular visits (定期回访) to the tenants of this tier: "
        "1, 2, 3, 4, 6 or 12 months (calendar periods: 3 = each quarter).",
    )

    _sql_constraints = [
        (
            "visit_interval_divides_year",
            "CHECK(visit_interval_months IN (1, 2, 3, 4, 6, 12))",
            "The visit rhythm of a tier must be 1, 2, 3, 4, 6 or 12 months (a period that "
            "divides the year).",
        ),
    ]
