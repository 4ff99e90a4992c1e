# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ApartmentDashboard(models.AbstractModel):
    _inherit = "apartment.dashboard"

    @api.model
    def _get_dashboard_sections(self):
        return [*super()._get_dashboard_sections(), self._get_dashboard_section_community()]

    @api.model
    def _get_dashboard_section_community(self):
        """Community events ahead."""
        now = fields.Datetime.now()
        events_domain = [
            *self._scope("property_id"),
            ("date_begin", ">=", now),
            ("date_begin", "<", now + relativedelta(days=30)),
        ]
        events = self.env["event.event"].search_count(events_domain)
        return {
            "key": "community",
            "title": self.env._("Community"),
            "figures": [
                self._figure(
                    "events_30d",
                    self.env._("Events in the next 30 days"),
                    str(events),
                    self._action(
                        "apartment_crm_event.event_event_action_community",
                        events_domain,
                        name=self.env._("Upcoming community events"),
                    ),
                ),
            ],
        }
