# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        res = super().write(vals)
        if "tenant_tier_id" in vals:
            # Open tickets follow the tenant's new tier (their deadlines recompute).
            tickets = self.env["helpdesk.ticket"].search(
                [("partner_id", "in", self.ids), ("resolved_date", "=", False)]
            )
            by_tier = defaultdict(lambda: self.env["helpdesk.ticket"])
            for ticket in tickets:
                partner = ticket.partner_id.commercial_partner_id or ticket.partner_id
                if ticket.tenant_tier_id != partner.tenant_tier_id:
                    by_tier[partner.tenant_tier_id] |= ticket
            for tier, tier_tickets in by_tier.items():
                tier_tickets.write({"tenant_tier_id": tier.id})
        return res

    def _get_churn_signal_repeat_repairs(self, date, signal=None):
        """Repair tickets of the tenant created within the window."""
        signal = signal or self._get_churn_signal_record("repeat_repairs")
        start, end = self._churn_window(date, signal)
        return self._count_tickets_by_partner(
            [
                ("ticket_kind", "=", "repair"),
                ("create_date", ">=", start),
                ("create_date", "<", end),
            ]
        )

    def _get_churn_signal_open_complaints(self, date, signal=None):
        """Complaints of the tenant, created by ``date``, whose stage is not a closing one."""
        end = fields.Datetime.to_datetime(date + timedelta(days=1))
        return self._count_tickets_by_partner(
            [
                ("ticket_kind", "=", "complaint"),
                ("stage_id.closed", "=", False),
                ("create_date", "<", end),
            ]
        )

    def _get_churn_signal_sla_breaches(self, date, signal=None):
        """Tickets of the tenant opened within the window that breached their service level."""
        signal = signal or self._get_churn_signal_record("sla_breaches")
        start, end = self._churn_window(date, signal)
        return self._count_tickets_by_partner(
            [
                ("sla_state", "=", "breached"),
                ("sla_start_date", ">=", start),
                ("sla_start_date", "<", end),
            ]
        )

    def _get_churn_signal_low_rating(self, date, signal=None):
        """Satisfaction ratings at or below the company's low-rating threshold, in the window."""
        signal = signal or self._get_churn_signal_record("low_rating")
        start, end = self._churn_window(date, signal)
        return self._count_tickets_by_partner(
            [
                ("rating_value", "!=", False),
                ("rating_value", "<=", str(self.env.company.sla_low_rating_threshold)),
                ("rating_date", ">=", start),
                ("rating_date", "<", end),
            ]
        )

    def _count_tickets_by_partner(self, domain):
        """{partner_id: tickets of the partner matching ``domain``} (archived ones excluded)."""
        groups = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group([("partner_id", "in", self.ids), *domain], ["partner_id"], ["__count"])
        )
        return {partner.id: count for partner, count in groups}
