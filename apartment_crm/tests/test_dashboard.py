# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ApartmentCommon


@tagged("post_install", "-at_install")
class TestDashboard(ApartmentCommon):
    def _figures(self):
        data = self.env["apartment.dashboard"].with_user(self.user_housekeeper).get_dashboard_data()
        return {
            figure["key"]: figure for section in data["sections"] for figure in section["figures"]
        }

    def _records(self, figure):
        action = figure["action"]
        return self.env[action["res_model"]].search(action["domain"])

    @freeze_time("2026-11-01")
    def test_occupancy_figures_and_click_through(self):
        baseline = self._figures()
        base_occupied = self._records(baseline["occupancy_rate"])
        lease = self._create_lease(date_start=date(2026, 1, 1), date_end=date(2026, 12, 31))
        lease.action_activate()
        self.unit_c.under_maintenance = True
        figures = self._figures()
        occupied = self._records(figures["occupancy_rate"])
        self.assertEqual(occupied - base_occupied, self.unit_a)
        self.assertIn(self.unit_b, self._records(figures["vacant_units"]))
        self.assertNotIn(self.unit_a, self._records(figures["vacant_units"]))
        self.assertNotIn(self.unit_c, self._records(figures["vacant_units"]))
        ending = self._records(figures["leases_ending_90d"])
        self.assertIn(lease, ending, "ends 2026-12-31, within 90 days of 2026-11-01")
        self.assertEqual(
            int(figures["leases_ending_90d"]["value"]), len(ending), "the figure counts its list"
        )
        self.assertEqual(
            int(figures["active_leases"]["value"]), len(self._records(figures["active_leases"]))
        )
