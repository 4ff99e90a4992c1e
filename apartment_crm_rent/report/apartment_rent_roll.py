# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class ApartmentRentRoll(models.Model):
    """Rent roll (租金台账) per property and month, for accountants: a read-only SQL view."""

    _name = "apartment.rent.roll"
    _description = "Rent Roll"
    _auto = False
    _order = "month desc, property_id"
    _rec_name = "property_id"

    property_id = fields.Many2one("apartment.property", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    month = fields.Date(readonly=True, help="Month of the rent invoices (their invoice date).")
    invoice_count = fields.Integer(string="Invoices", readonly=True)
    billed = fields.Monetary(readonly=True)
    collected = fields.Monetary(readonly=True)
    outstanding = fields.Monetary(readonly=True)
    aging_0_30 = fields.Monetary(string="0-30 Days", readonly=True)
    aging_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    aging_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    aging_90_plus = fields.Monetary(string="90+ Days", readonly=True)
    unit_count = fields.Integer(string="Units", readonly=True, aggregator="max")
    occupied_unit_count = fields.Integer(string="Occupied Units", readonly=True, aggregator="max")
    occupancy_rate = fields.Float(
        string="Occupancy (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 2),
        help="Units under a signed lease during the month, out of the property's units.",
    )

    # Long on purpose: the report's SQL view, one query.
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                WITH roll AS (
                    SELECT lease.property_id,
                           move.company_id,
                           company.currency_id,
                           date_trunc('month', move.invoice_date)::date AS month,
                           count(*) AS invoice_count,
                           sum(move.amount_total_signed) AS billed,
                           sum(move.amount_total_signed - move.amount_residual_signed)
                               AS collected,
                           sum(move.amount_residual_signed) AS outstanding,
                           sum(move.amount_residual_signed) FILTER (
                               WHERE CURRENT_DATE - move.invoice_date_due <= 30) AS aging_0_30,
                           sum(move.amount_residual_signed) FILTER (
                               WHERE CURRENT_DATE - move.invoice_date_due BETWEEN 31 AND 60)
                               AS aging_31_60,
                           sum(move.amount_residual_signed) FILTER (
                               WHERE CURRENT_DATE - move.invoice_date_due BETWEEN 61 AND 90)
                               AS aging_61_90,
                           sum(move.amount_residual_signed) FILTER (
                               WHERE CURRENT_DATE - move.invoice_date_due > 90) AS aging_90_plus
                      FROM account_move move
                      JOIN apartment_lease lease ON lease.id = move.lease_id
                      JOIN res_company company ON company.id = move.company_id
                     WHERE move.rent_kind = 'rent'
                       AND move.move_type = 'out_invoice'
                       AND move.state = 'posted'
                     GROUP BY lease.property_id, move.company_id, company.currency_id,
                              date_trunc('month', move.invoice_date)
                ), units AS (
                    SELECT property_id, count(*) AS unit_count
                      FROM apartment_unit
                     WHERE active
                     GROUP BY property_id
                )
                SELECT row_number() OVER (ORDER BY roll.month, roll.property_id) AS id,
                       roll.*,
                       coalesce(units.unit_count, 0) AS unit_count,
                       occupied.occupied_unit_count,
                       CASE WHEN coalesce(units.unit_count, 0) = 0 THEN 0
                            ELSE 100.0 * occupied.occupied_unit_count / units.unit_count
                       END AS occupancy_rate
                  FROM roll
                  LEFT JOIN units ON units.property_id = roll.property_id
                  CROSS JOIN LATERAL (
                      SELECT count(DISTINCT signed.unit_id) AS occupied_unit_count
                        FROM apartment_lease signed
                       WHERE signed.property_id = roll.property_id
                         AND signed.state IN ('active', 'ended')
                         AND signed.date_start
                             <= (roll.month + interval '1 month' - interval '1 day')::date
                         AND signed.date_end >= roll.month
                  ) occupied
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
