# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import format_date


class ResPartner(models.Model):
    _inherit = "res.partner"

    event_invitation_opt_out = fields.Boolean(
        string="No Event Invitations",
        help="The tenant does not want to be invited to community events.",
    )
    interest_group_ids = fields.Many2many(
        "apartment.interest.group",
        "apartment_interest_group_partner_rel",
        "partner_id",
        "group_id",
        string="Interest Groups",
    )
    events_attended_12m = fields.Integer(
        string="Events Attended (12 months)",
        compute="_compute_events_attended_12m",
        help="Community events attended over the last 12 months.",
    )

    @api.model
    def _get_engine_fields(self):
        return super()._get_engine_fields() | {"events_attended_12m"}

    def _compute_events_attended_12m(self):
        counts = self._get_event_participation()
        for partner in self:
            partner.events_attended_12m = counts.get(partner.id, 0)

    def _get_event_participation(self, date=None, start=None):
        """{partner_id: attended registrations (state 'done') of events that began from
        ``start`` (default 12 months before ``date``) up to the end of ``date`` (default
        today)}; for the partners in self, or for every partner when self is empty. One query:
        the one count of attendance used by the form, the tier and the churn engines."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        end = fields.Datetime.to_datetime(fields.Date.add(date, days=1))
        if start is None:
            start = fields.Date.subtract(end, months=12)
        domain = [
            ("state", "=", "done"),
            ("partner_id", "!=", False),
            ("event_id.date_begin", ">=", start),
            ("event_id.date_begin", "<", end),
        ]
        if self:
            domain.append(("partner_id", "in", self.ids))
        groups = (
            self.env["event.registration"].sudo()._read_group(domain, ["partner_id"], ["__count"])
        )
        return {partner.id: count for partner, count in groups}

    def _get_community_moments(self, date_from, date_to):
        """The events the tenant attended between the two dates (one query)."""
        moments = super()._get_community_moments(date_from, date_to)
        start = fields.Datetime.to_datetime(date_from)
        end = fields.Datetime.to_datetime(fields.Date.add(date_to, days=1))
        registrations = (
            self.env["event.registration"]
            .sudo()
            .search(
                [
                    ("state", "=", "done"),
                    ("partner_id", "in", self._get_commercial_family_query()),
                    ("event_id.date_begin", ">=", start),
                    ("event_id.date_begin", "<", end),
                ]
            )
            .sorted(lambda registration: registration.event_id.date_begin)
        )
        for event in registrations.event_id:
            moments.append(
                self.env._(
                    "%(event)s (%(date)s)",
                    event=event.name,
                    date=format_date(self.env, event.date_begin),
                )
            )
        return moments
