# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ApartmentDashboard(models.AbstractModel):
    _inherit = "apartment.dashboard"

    @api.model
    def _get_dashboard_sections(self):
        sections = super()._get_dashboard_sections()
        if self.env["apartment.visit"].has_access("read"):
            sections.append(self._get_dashboard_section_visits())
        return sections

    @api.model
    def _get_dashboard_section_visits(self):
        """Overdue regular visits: the housekeeper's own, and all of them."""
        Visit = self.env["apartment.visit"]
        my_domain = [("is_overdue", "=", True), ("user_id", "=", self.env.uid)]
        all_domain = [("is_overdue", "=", True)]
        mine = Visit.search_count(my_domain)
        total = Visit.search_count(all_domain)
        return {
            "key": "visits",
            "title": self.env._("Regular Visits"),
            "figures": [
                self._figure(
                    "visits_overdue_mine",
                    self.env._("My overdue visits"),
                    str(mine),
                    self._action(
                        "apartment_crm_visit.apartment_visit_action",
                        my_domain,
                        name=self.env._("My overdue visits"),
                    ),
                    tone="danger" if mine else "good",
                ),
                self._figure(
                    "visits_overdue",
                    self.env._("Overdue visits"),
                    str(total),
                    self._action(
                        "apartment_crm_visit.apartment_visit_action",
                        all_domain,
                        name=self.env._("Overdue visits"),
                    ),
                    tone="warning" if total else "good",
                ),
            ],
        }
