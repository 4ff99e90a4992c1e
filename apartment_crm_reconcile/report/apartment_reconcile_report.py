# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.account_bank_statement_line import MATCH_STATES


class ApartmentReconcileReport(models.Model):
    """Money received per month and building, and how it was matched: automatically, by
    hand, waiting for review, not matched. One row per incoming statement line (SQL view)."""

    _name = "apartment.reconcile.report"
    _description = "Rent Reconciliation Report"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "statement_line_id"

    statement_line_id = fields.Many2one("account.bank.statement.line", readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    journal_id = fields.Many2one("account.journal", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Tenant", readonly=True)
    property_id = fields.Many2one("apartment.property", string="Building", readonly=True)
    match_state = fields.Selection(
        [*MATCH_STATES, ("reconciled", "Reconciled Otherwise")], readonly=True
    )
    result = fields.Selection(
        [
            ("auto", "Matched Automatically"),
            ("manual", "Matched by Hand"),
            ("review", "To Review"),
            ("unmatched", "Unmatched"),
        ],
        readonly=True,
    )
    line_count = fields.Integer(string="Lines", readonly=True)
    amount = fields.Monetary(string="Received", readonly=True)
    amount_auto = fields.Monetary(string="Matched Automatically (Amount)", readonly=True)
    amount_manual = fields.Monetary(string="Matched by Hand (Amount)", readonly=True)
    amount_open = fields.Monetary(string="Unmatched (Amount)", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                WITH line AS (
                    SELECT st.id,
                           move.date,
                           move.company_id,
                           COALESCE(journal.currency_id, company.currency_id) AS currency_id,
                           move.journal_id,
                           COALESCE(st.partner_id, st.rent_match_partner_id) AS partner_id,
                           COALESCE(
                               match_lease.property_id,
                               (SELECT lease.property_id
                                  FROM apartment_lease lease
                                 WHERE lease.partner_id
                                       = COALESCE(st.partner_id, st.rent_match_partner_id)
                                   AND lease.company_id = move.company_id
                                 ORDER BY lease.state = 'active' DESC, lease.date_start DESC
                                 LIMIT 1)
                           ) AS property_id,
                           st.rent_match_state,
                           st.is_reconciled,
                           st.amount
                      FROM account_bank_statement_line st
                      JOIN account_move move ON move.id = st.move_id
                      JOIN account_journal journal ON journal.id = move.journal_id
                      JOIN res_company company ON company.id = move.company_id
                      LEFT JOIN apartment_lease match_lease
                             ON match_lease.id = st.rent_match_lease_id
                     WHERE st.amount > 0 AND move.state != 'cancel'
                )
                SELECT line.id,
                       line.id AS statement_line_id,
                       line.date, line.company_id, line.currency_id, line.journal_id,
                       line.partner_id, line.property_id,
                       CASE WHEN line.is_reconciled AND line.rent_match_state NOT IN
                                 ('auto', 'manual') THEN 'reconciled'
                            ELSE line.rent_match_state END AS match_state,
                       CASE WHEN line.is_reconciled AND line.rent_match_state = 'auto'
                                 THEN 'auto'
                            WHEN line.is_reconciled THEN 'manual'
                            WHEN line.rent_match_state = 'review' THEN 'review'
                            ELSE 'unmatched' END AS result,
                       1 AS line_count,
                       line.amount,
                       CASE WHEN line.is_reconciled AND line.rent_match_state = 'auto'
                            THEN line.amount ELSE 0 END AS amount_auto,
                       CASE WHEN line.is_reconciled AND line.rent_match_state != 'auto'
                            THEN line.amount ELSE 0 END AS amount_manual,
                       CASE WHEN NOT line.is_reconciled THEN line.amount ELSE 0 END
                           AS amount_open
                  FROM line
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
