# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class EventRegistration(models.Model):
    _inherit = "event.registration"

    def _on_attended(self):
        res = super()._on_attended()
        # The event's attendance points (else the rule's), exactly once per registration.
        self.env["apartment.loyalty.rule"]._award_event_attendance(self)
        return res
