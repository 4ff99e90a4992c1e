# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ApartmentDashboard(models.AbstractModel):
    _inherit = "apartment.dashboard"

    @api.model
    def _get_dashboard_sections(self):
        return [*super()._get_dashboard_sections(), self._get_dashboard_section_renewals()]

    # Long on purpose: a declarative list of figures, one per block.
    @api.model
    def _get_dashboard_section_renewals(self):
        """Renewals waiting for an answer and the 12-month renewal rate."""
        today = fields.Date.context_today(self)
        Renewal = self.env["apartment.lease.renewal"]
        scope = self._scope("property_id")
        open_domain = [*scope, ("state", "in", ("draft", "offered"))]
        open_count = Renewal.search_count(open_domain)
        # The card opens exactly the renewals it counts: decided in the last 12 months.
        decided_domain = [
            *scope,
            ("state", "in", ("accepted", "declined", "expired")),
            ("decision_date", ">", today - relativedelta(months=12)),
        ]
        decided = dict(Renewal._read_group(decided_domain, ["state"], ["__count"]))
        closed = sum(decided.values())
        rate = 100.0 * decided.get("accepted", 0) / closed if closed else None
        return {
            "key": "renewals",
            "title": self.env._("Renewals"),
            "figures": [
                self._figure(
                    "renewals_open",
                    self.env._("Renewal offers open"),
                    str(open_count),
                    self._action(
                        "apartment_crm_renewal.apartment_lease_renewal_action",
                        open_domain,
                        name=self.env._("Open renewal offers"),
                    ),
                    tone="warning" if open_count else "neutral",
                ),
                self._figure(
                    "renewal_rate",
                    self.env._("Renewal rate (12 months)"),
                    None if rate is None else f"{rate:.0f} %",
                    self._action(
                        "apartment_crm_renewal.apartment_lease_renewal_action",
                        decided_domain,
                        name=self.env._("Renewals decided in the last 12 months"),
                    ),
                    tone="neutral"
                    if rate is None
                    else ("good" if rate >= 80 else ("warning" if rate >= 60 else "danger")),
                    hint=self.env._(
                        "%(accepted)s accepted of %(closed)s decided",
                        accepted=decided.get("accepted", 0),
                        closed=closed,
                    ),
                ),
            ],
        }
