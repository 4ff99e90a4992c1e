# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class ApartmentDashboard(models.AbstractModel):
    _inherit = "apartment.dashboard"

    @api.model
    def _get_dashboard_sections(self):
        return [*super()._get_dashboard_sections(), self._get_dashboard_section_loyalty()]

    @api.model
    def _get_dashboard_section_loyalty(self):
        """Points owed to tenants."""
        [(points,)] = self.env["apartment.loyalty.entry"]._read_group(
            [("company_id", "in", [self.env.company.id, False])], [], ["points:sum"]
        )
        liability = (points or 0.0) * self.env.company.loyalty_point_value
        # Formatted outside self.env._(): Babel cannot extract a call holding an f-string.
        points_text = f"{points or 0:,.0f}"
        return {
            "key": "loyalty",
            "title": self.env._("Loyalty"),
            "figures": [
                self._figure(
                    "points_liability",
                    self.env._("Points liability"),
                    self._money(liability),
                    self._action(
                        "apartment_crm_loyalty.apartment_loyalty_entry_action",
                        [("company_id", "in", [self.env.company.id, False])],
                        name=self.env._("Points ledger"),
                    ),
                    hint=self.env._("%(points)s points outstanding", points=points_text),
                ),
            ],
        }
