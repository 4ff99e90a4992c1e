# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import models


class ApartmentChurnSignal(models.Model):
    _inherit = "apartment.churn.signal"

    def _get_churn_signal_late_rent(self, partners, date):
        """Rent invoices due within the window that were paid late or are still unpaid past
        their due date."""
        self.ensure_one()
        start = date - timedelta(days=self.window_days)
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    *self.env["account.move"]._get_rent_invoice_domain(),
                    ("invoice_date_due", ">", start),
                    ("invoice_date_due", "<", date),
                    "|",
                    ("days_late", ">", 0),
                    "|",
                    ("paid_date", "=", False),
                    ("paid_date", ">", date),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        return {partner.id: count for partner, count in groups}
