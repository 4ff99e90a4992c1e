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
        """Points owed to tenants: the liability report's grand total, which the card opens."""
        domain = [("company_id", "=", self.env.company.id), *self._scope("property_id")]
        [(points, liability)] = self.env["apartment.loyalty.report"]._read_group(
            domain, [], ["points:sum", "value:sum"]
        )
        # Formatted outside self.env._(): Babel cannot extract a call holding an f-string.
        points_text = f"{points or 0:,.0f}"
        return {
            "key": "loyalty",
            "title": self.env._("Loyalty"),
            "figures": [
                self._figure(
                    "points_liability",
                    self.env._("Points liability"),
                    self._money(liability or 0.0),
                    self._action(
                        "apartment_crm_loyalty.apartment_loyalty_report_action",
                        domain,
                        name=self.env._("Points liability"),
                        views=("pivot", "graph"),
                    ),
                    hint=self.env._("%(points)s points outstanding", points=points_text),
                ),
            ],
        }
