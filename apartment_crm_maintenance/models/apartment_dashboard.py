# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# Buildings shown one by one on the card; the others are summed in the total figure.
DASHBOARD_BUILDINGS = 8


class ApartmentDashboard(models.AbstractModel):
    _inherit = "apartment.dashboard"

    @api.model
    def _get_dashboard_sections(self):
        return [*super()._get_dashboard_sections(), self._get_dashboard_section_facilities()]

    @api.model
    def _get_dashboard_section_facilities(self):
        """Overdue preventive work: the total, then per building (most overdue first)."""
        Request = self.env["maintenance.request"]
        overdue_domain = [
            ("maintenance_type", "=", "preventive"),
            *Request._get_overdue_domain(),
        ]
        groups = Request._read_group(overdue_domain, ["property_id"], ["__count"])
        groups.sort(key=lambda group: (-group[1], group[0].display_name or ""))
        total = sum(count for _building, count in groups)
        action_xml_id = "maintenance.hr_equipment_request_action"
        figures = [
            self._figure(
                "facilities_overdue_preventive",
                self.env._("Overdue preventive work"),
                str(total),
                self._action(
                    action_xml_id,
                    overdue_domain,
                    name=self.env._("Overdue preventive work"),
                ),
                tone="danger" if total else "good",
            )
        ]
        for building, count in groups[:DASHBOARD_BUILDINGS]:
            domain = [*overdue_domain, ("property_id", "=", building.id)]
            label = building.display_name or self.env._("No building")
            figures.append(
                self._figure(
                    f"facilities_overdue_{building.id or 'none'}",
                    label,
                    str(count),
                    self._action(
                        action_xml_id,
                        domain,
                        name=self.env._("Overdue preventive work: %s", label),
                    ),
                    tone="warning",
                )
            )
        return {
            "key": "facilities",
            "title": self.env._("Facilities"),
            "figures": figures,
        }
