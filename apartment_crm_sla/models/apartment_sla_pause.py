# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentSlaPause(models.Model):
    """One interval during which a ticket's SLA clocks stood still (a pausing stage).

    The open pause of a ticket has no end yet. Deadlines are pushed by the working time the
    pauses cover, measured on each target's calendar.
    """

    _name = "apartment.sla.pause"
    _description = "SLA Pause"
    _order = "date_start, id"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, index=True, ondelete="cascade")
    stage_id = fields.Many2one("helpdesk.ticket.stage", ondelete="set null")
    date_start = fields.Datetime(required=True, default=fields.Datetime.now)
    date_end = fields.Datetime()
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)

    _sql_constraints = [
        (
            "dates_order",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "An SLA pause cannot end before it starts.",
        ),
    ]

    def _get_interval(self, now):
        """(start, end) naive UTC; an open pause lasts until `now`."""
        self.ensure_one()
        return self.date_start, self.date_end or max(now, self.date_start)
