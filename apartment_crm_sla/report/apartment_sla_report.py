# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.apartment_sla_policy import TICKET_KINDS
from ..models.helpdesk_ticket import TARGET_STATES


class ApartmentSlaReport(models.Model):
    """One row per ticket under an SLA policy, for compliance pivots and graphs.

    The compliance measures are 100 (met) or 0 (breached) per ticket and NULL while undecided,
    so their average in a pivot is the compliance percentage of the decided tickets.
    """

    _name = "apartment.sla.report"
    _description = "SLA Compliance Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    date = fields.Datetime(string="Opened On", readonly=True)
    resolved_date = fields.Datetime(readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned To", readonly=True)
    property_id = fields.Many2one("apartment.property", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Tenant", readonly=True)
    tenant_tier_id = fields.Many2one("apartment.tenant.tier", readonly=True)
    ticket_kind = fields.Selection(TICKET_KINDS, string="Kind", readonly=True)
    priority = fields.Selection(
        [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")], readonly=True
    )
    sla_policy_id = fields.Many2one("apartment.sla.policy", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    sla_state = fields.Selection(
        TARGET_STATES[:1] + [("paused", "Paused")] + TARGET_STATES[1:],
        string="SLA",
        readonly=True,
    )
    sla_response_state = fields.Selection(TARGET_STATES, string="Response SLA", readonly=True)
    sla_resolution_state = fields.Selection(TARGET_STATES, string="Resolution SLA", readonly=True)
    response_compliance = fields.Float(
        string="Response Compliance (%)", aggregator="avg", readonly=True
    )
    resolution_compliance = fields.Float(
        string="Resolution Compliance (%)", aggregator="avg", readonly=True
    )
    breached_count = fields.Integer(string="Breaches", aggregator="sum", readonly=True)
    response_minutes = fields.Float(
        string="Avg Response (working min)", aggregator="avg", readonly=True
    )
    resolution_minutes = fields.Float(
        string="Avg Resolution (working min)", aggregator="avg", readonly=True
    )
    rating = fields.Float(string="Avg Rating", aggregator="avg", readonly=True)
    reopen_count = fields.Integer(string="Reopenings", aggregator="sum", readonly=True)

    def _compliance_sql(self, column):
        return SQL(
            "CASE %s WHEN 'met' THEN 100.0 WHEN 'breached' THEN 0.0 ELSE NULL END",
            SQL.identifier("t", column),
        )

    def _query(self):
        return SQL(
            """
            SELECT t.id AS id,
                   t.id AS ticket_id,
                   t.sla_start_date AS date,
                   t.resolved_date AS resolved_date,
                   t.team_id AS team_id,
                   t.user_id AS user_id,
                   t.property_id AS property_id,
                   t.commercial_partner_id AS partner_id,
                   t.tenant_tier_id AS tenant_tier_id,
                   t.ticket_kind AS ticket_kind,
                   t.priority AS priority,
                   t.sla_policy_id AS sla_policy_id,
                   t.company_id AS company_id,
                   t.sla_state AS sla_state,
                   t.sla_response_state AS sla_response_state,
                   t.sla_resolution_state AS sla_resolution_state,
                   %(response)s AS response_compliance,
                   %(resolution)s AS resolution_compliance,
                   CASE WHEN t.sla_state = 'breached' THEN 1 ELSE 0 END AS breached_count,
                   CASE WHEN t.first_response_date IS NOT NULL
                        THEN t.sla_response_minutes END AS response_minutes,
                   CASE WHEN t.resolved_date IS NOT NULL
                        THEN t.sla_resolution_minutes END AS resolution_minutes,
                   NULLIF(t.rating_value, '')::float AS rating,
                   t.reopen_count AS reopen_count
              FROM helpdesk_ticket t
             WHERE t.sla_policy_id IS NOT NULL AND t.active
            """,
            response=self._compliance_sql("sla_response_state"),
            resolution=self._compliance_sql("sla_resolution_state"),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
