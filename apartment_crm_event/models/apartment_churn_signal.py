# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ApartmentChurnSignal(models.Model):
    _inherit = "apartment.churn.signal"

    def _get_churn_signal_no_events(self, partners, date):
        """1 for a tenant who attended no event within the window, else 0."""
        start, __ = self._churn_window(date)
        attended = partners._get_event_participation(date, start=start) if partners else {}
        return {partner_id: int(partner_id not in attended) for partner_id in partners.ids}
