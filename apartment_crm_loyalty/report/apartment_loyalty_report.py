# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.apartment_loyalty_entry import ENTRY_TYPES


class ApartmentLoyaltyReport(models.Model):
    """Points liability: every ledger movement with its value in currency.

    Summed over all dates the rows give the outstanding points and their value (the
    liability); grouped by month they show how it moved. The property is the one of the
    tenant's current (else latest) lease.
    """

    _name = "apartment.loyalty.report"
    _description = "Loyalty Points Liability"
    _auto = False
    _order = "date desc"
    _rec_name = "partner_id"

    date = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Tenant", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    property_id = fields.Many2one("apartment.property", readonly=True)
    entry_type = fields.Selection(
        ENTRY_TYPES,
        string="Type",
        readonly=True,
    )
    points = fields.Float(digits="Loyalty Points", readonly=True)
    value = fields.Monetary(readonly=True, help="Points times the company's point value.")
    currency_id = fields.Many2one("res.currency", readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT e.id AS id,
                   e.date AS date,
                   e.partner_id AS partner_id,
                   e.company_id AS company_id,
                   lease.property_id AS property_id,
                   e.entry_type AS entry_type,
                   e.points AS points,
                   e.points * COALESCE(c.loyalty_point_value, 0) AS value,
                   c.currency_id AS currency_id
              FROM apartment_loyalty_entry e
              JOIN res_company c ON c.id = e.company_id
         LEFT JOIN LATERAL (
                    SELECT l.property_id
                      FROM apartment_lease l
                     WHERE l.partner_id = e.partner_id AND l.state IN ('active', 'ended')
                  ORDER BY l.state = 'active' DESC, l.date_start DESC
                     LIMIT 1
                   ) lease ON TRUE
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
