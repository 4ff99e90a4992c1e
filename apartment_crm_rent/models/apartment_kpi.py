# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class ApartmentKpi(models.Model):
    _inherit = "apartment.kpi"

    kpi = fields.Selection(
        selection_add=[
            ("collection_rate", "Rent paid on time (%)"),
            ("overdue_amount", "Overdue rent at month end"),
        ],
        ondelete={"collection_rate": "cascade", "overdue_amount": "cascade"},
    )

    @api.model
    def _get_kpi_kinds(self):
        return {**super()._get_kpi_kinds(), "collection_rate": "rate", "overdue_amount": "amount"}

    @api.model
    def _kpi_collection_rate(self, company, start, end):
        """Rent invoices due in the month (up to today) paid by their due date."""
        return self._kpi_query(
            SQL(
                """
                SELECT rent_property_id,
                       COUNT(*) FILTER (WHERE paid_date IS NOT NULL
                                          AND paid_date <= invoice_date_due),
                       COUNT(*)
                  FROM account_move
                 WHERE company_id = %(company)s AND rent_kind = 'rent'
                   AND move_type = 'out_invoice' AND state = 'posted'
                   AND payment_state IS DISTINCT FROM 'reversed'
                   AND invoice_date_due BETWEEN %(start)s AND %(end)s
              GROUP BY rent_property_id
                """,
                start=start,
                end=end,
                company=company.id,
            )
        )

    @api.model
    def _kpi_overdue_amount(self, company, start, end):
        """Rent past due and not paid at the end of the month: what is still open today, and
        the full amount of the invoices paid after that date."""
        return self._kpi_query(
            SQL(
                """
                SELECT rent_property_id,
                       SUM(CASE WHEN paid_date IS NULL THEN amount_residual_signed
                                ELSE amount_total_signed END),
                       COUNT(*)
                  FROM account_move
                 WHERE company_id = %(company)s AND rent_kind = 'rent'
                   AND move_type = 'out_invoice' AND state = 'posted'
                   AND payment_state IS DISTINCT FROM 'reversed'
                   AND invoice_date_due < %(end)s
                   AND (paid_date IS NULL OR paid_date > %(end)s)
              GROUP BY rent_property_id
                """,
                end=end,
                company=company.id,
            )
        )
