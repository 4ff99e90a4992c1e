# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import models


class ApartmentChurnSignal(models.Model):
    _inherit = "apartment.churn.signal"

    def _get_churn_signal_renewal_unanswered(self, partners, date):
        """Renewal offers sent more than the window ago and still unanswered, plus offers that
        expired unanswered (renewal capability)."""
        self.ensure_one()
        cutoff = date - timedelta(days=self.window_days)
        sent = partners._get_renewal_stats(date=cutoff)
        expired = partners._get_renewal_stats(date=date)
        result = {}
        for partner_id in partners.ids:
            count = sent.get(partner_id, {}).get("unanswered", 0) + expired.get(partner_id, {}).get(
                "expired", 0
            )
            if count:
                result[partner_id] = count
        return result
