# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models


class ApartmentChurnSignal(models.Model):
    _inherit = "apartment.churn.signal"

    def _get_churn_signal_repeat_repairs(self, partners, date):
        """Repair tickets of the tenant created within the window."""
        start, end = self._churn_window(date)
        return self._count_tickets_by_partner(
            partners,
            [
                ("ticket_kind", "=", "repair"),
                ("create_date", ">=", start),
                ("create_date", "<", end),
            ],
        )

    def _get_churn_signal_open_complaints(self, partners, date):
        """Complaints of the tenant, created by ``date``, whose stage is not a closing one."""
        end = fields.Datetime.to_datetime(date + timedelta(days=1))
        return self._count_tickets_by_partner(
            partners,
            [
                ("ticket_kind", "=", "complaint"),
                ("stage_id.closed", "=", False),
                ("create_date", "<", end),
            ],
        )

    def _get_churn_signal_sla_breaches(self, partners, date):
        """Tickets of the tenant opened within the window that breached their service level."""
        start, end = self._churn_window(date)
        return self._count_tickets_by_partner(
            partners,
            [
                ("sla_state", "=", "breached"),
                ("sla_start_date", ">=", start),
                ("sla_start_date", "<", end),
            ],
        )

    def _get_churn_signal_low_rating(self, partners, date):
        """Satisfaction ratings at or below the company's low-rating threshold, in the window."""
        start, end = self._churn_window(date)
        return self._count_tickets_by_partner(
            partners,
            [
                ("rating_value", "!=", False),
                ("rating_value", "<=", str(self.env.company.sla_low_rating_threshold)),
                ("rating_date", ">=", start),
                ("rating_date", "<", end),
            ],
        )

    @api.model
    def _count_tickets_by_partner(self, partners, domain):
        """{partner_id: tickets of the partner matching ``domain``} (archived ones excluded)."""
        groups = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group([("partner_id", "in", partners.ids), *domain], ["partner_id"], ["__count"])
        )
        return {partner.id: count for partner, count in groups}
