# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ApartmentLoyaltyRule(models.Model):
    _inherit = "apartment.loyalty.rule"

    trigger = fields.Selection(
        selection_add=[("event_attended", "Event attended")],
        ondelete={"event_attended": "cascade"},
    )

    @api.model
    def _award_event_attendance(self, registrations):
        """Event attended (``event.registration._on_attended``): one award per registration.

        The event's ``attendance_points``, when set, replace the rule's points; the tier
        multiplier applies to both."""
        awards = [
            {
                "partner": reg.partner_id.commercial_partner_id,
                "source": reg,
                "points": reg.event_id.attendance_points,
                "date": fields.Date.context_today(self),
                "company": reg.event_id.company_id or self.env.company,
                "description": self.env["apartment.loyalty.entry"]._in_every_lang(
                    lambda env, reg=reg: env._(
                        "Attended %(event)s", event=reg.event_id.with_env(env).name
                    )
                ),
            }
            for reg in registrations.sudo()
            if reg.partner_id
        ]
        return self._award_trigger("event_attended", awards)
