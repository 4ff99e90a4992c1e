# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _get_renewal_stats(self, date=None):
        """Renewal signals for the churn engine: {partner_id: {"unanswered": n, "expired": n}}.

        ``unanswered``: offers sent on or before ``date`` and still without an answer;
        ``expired``: offers that expired unanswered in the 12 months up to ``date``.
        Restricted to ``self`` when it holds partners, else all tenants.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        Renewal = self.env["apartment.lease.renewal"].sudo()
        base = [("partner_id", "in", self.ids)] if self else []
        stats = {}
        for key, domain in (
            ("unanswered", [("state", "=", "offered"), ("offer_date", "<=", date)]),
            (
                "expired",
                [
                    ("state", "=", "expired"),
                    ("decision_date", "<=", date),
                    ("decision_date", ">", fields.Date.subtract(date, years=1)),
                ],
            ),
        ):
            for partner, count in Renewal._read_group(base + domain, ["partner_id"], ["__count"]):
                stats.setdefault(partner.id, {"unanswered": 0, "expired": 0})[key] = count
        return stats
