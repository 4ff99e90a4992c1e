# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class ApartmentKpi(models.Model):
    _inherit = "apartment.kpi"

    kpi = fields.Selection(
        selection_add=[("points_liability", "Points liability")],
        ondelete={"points_liability": "cascade"},
    )

    @api.model
    def _get_kpi_kinds(self):
        return {**super()._get_kpi_kinds(), "points_liability": "amount"}

    @api.model
    def _kpi_points_liability(self, company, start, end):
        """Value of the points outstanding at the end of the month (the liability report up to
        that date; a tenant counts in the building of their current or latest lease)."""
        return self._kpi_query(
            SQL(
                """
                SELECT property_id, SUM(value), COUNT(DISTINCT partner_id)
                  FROM apartment_loyalty_report
                 WHERE company_id = %(company)s AND date <= %(end)s
              GROUP BY property_id
                """,
                end=end,
                company=company.id,
            )
        )
