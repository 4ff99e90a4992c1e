# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.apartment_crm.tests.common import ApartmentCommon
from odoo.addons.apartment_crm_rent.tests.common import RentCommon
from odoo.addons.mail.tests.common import mail_new_test_user


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


@tagged("post_install", "-at_install")
class TestDashboardSections(RentCommon):
    def _figures(self, user):
        data = self.env["apartment.dashboard"].with_user(user).get_dashboard_data()
        return {f["key"]: f for section in data["sections"] for f in section["figures"]}

    @freeze_time("2026-03-20")
    def test_overdue_rent_churn_and_breaches(self):
        accountant = mail_new_test_user(
            self.env,
            login="apt_accountant",
            groups="base.group_user,apartment_crm.group_apartment_user,account.group_account_invoice",
        )
        action = self._figures(accountant)["overdue_rent"]["action"]
        Move = self.env[action["res_model"]]
        overdue_before = Move.search(action["domain"])
        lease = self._create_active_lease(date_start=date(2026, 1, 1), rent_amount=4000)
        lease._generate_rent_invoices(date(2026, 3, 1))
        invoices = self._rent_invoices(lease)
        self._pay(invoices[0], invoices[0].invoice_date_due)
        figures = self._figures(accountant)
        overdue = Move.search(figures["overdue_rent"]["action"]["domain"]) - overdue_before
        self.assertEqual(overdue, invoices[1:], "February and March are past due, unpaid")
        self.assertNotIn("<", figures["overdue_rent"]["value"], "plain text, not HTML")
        # A housekeeper sees the amount but gets no link into Invoicing.
        figures_hk = self._figures(self.user_housekeeper)
        self.assertEqual(figures_hk["overdue_rent"]["value"], figures["overdue_rent"]["value"])
        self.assertIsNone(figures_hk["overdue_rent"]["action"])
        # Churn: a high-risk tenant is counted and listed.
        self.tenant.sudo().with_context(tier_engine=True).write(
            {"churn_risk_level": "high", "churn_risk_score": 80}
        )
        figures = self._figures(self.user_housekeeper)
        action = figures["churn_high"]["action"]
        self.assertIn(self.tenant, self.env["res.partner"].search(action["domain"]))
        self.assertEqual(
            int(figures["churn_high"]["value"]),
            self.env["res.partner"].search_count(action["domain"]),
        )
