# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ApartmentChurnSignal(models.Model):
    _inherit = "apartment.churn.signal"

    def _get_churn_signal_low_survey_score(self, partners, date):
        """Number of surveys the tenant answered with a low score within the window."""
        start, end = self._churn_window(date)
        rows = (
            self.env["apartment.survey.invitation"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("low_score", "=", True),
                    ("answer_date", ">=", start),
                    ("answer_date", "<", end),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        return {partner.id: count for partner, count in rows}
