# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools


class ApartmentSlaEscalationLog(models.Model):
    """An escalation step that fired: at most once per ticket, target, step and reopening."""

    _name = "apartment.sla.escalation.log"
    _description = "SLA Escalation Log"
    _order = "date desc, id desc"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, index=True, ondelete="cascade")
    target = fields.Selection(
        [("response", "Response"), ("resolution", "Resolution")], required=True
    )
    step_id = fields.Many2one("apartment.sla.escalation.step", required=True, ondelete="cascade")
    reopen_count = fields.Integer(default=0, required=True)
    level = fields.Integer(help="Rung notified (0 = first), raised by reopenings.")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_ids = fields.Many2many("res.users", string="Notified Users")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)

    def init(self):
        res = super().init()
        tools.create_unique_index(
            self.env.cr,
            "apartment_sla_escalation_log_once_uniq",
            self._table,
            ["ticket_id", "target", "step_id", "reopen_count"],
        )
        return res
