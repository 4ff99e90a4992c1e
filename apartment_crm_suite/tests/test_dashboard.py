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
    def _figures(self, user=None, scope=None):
        data = (
            self.env["apartment.dashboard"]
            .with_user(user or self.user_manager)
            .get_dashboard_data(scope=scope)
        )
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
        lease = self._create_active_lease(
            date_start=date(2026, 1, 1), rent_amount=4000, user_id=self.user_housekeeper.id
        )
        lease._generate_rent_invoices(date(2026, 3, 1))
        invoices = self._rent_invoices(lease)
        self._pay(invoices[0], invoices[0].invoice_date_due)
        figures = self._figures(accountant)
        overdue = Move.search(figures["overdue_rent"]["action"]["domain"]) - overdue_before
        self.assertEqual(overdue, invoices[1:], "February and March are past due, unpaid")
        self.assertNotIn("<", figures["overdue_rent"]["value"], "plain text, not HTML")
        # A housekeeper sees the amount of her buildings but gets no link into Invoicing.
        figures_hk = self._figures(self.user_housekeeper)
        self.assertEqual(
            figures_hk["overdue_rent"]["value"],
            self.env["apartment.dashboard"]._money(sum(invoices[1:].mapped("amount_residual"))),
        )
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


@tagged("post_install", "-at_install")
class TestDashboardScope(ApartmentCommon):
    """A housekeeper's dashboard counts her buildings; managers switch to the company."""

    def _data(self, user, scope=None):
        return self.env["apartment.dashboard"].with_user(user).get_dashboard_data(scope=scope)

    def _figures(self, user, scope=None):
        data = self._data(user, scope)
        return {f["key"]: f for section in data["sections"] for f in section["figures"]}

    def _records(self, figure):
        action = figure["action"]
        return self.env[action["res_model"]].search(action["domain"])

    @freeze_time("2026-06-01")
    def test_housekeeper_sees_her_buildings_manager_switches(self):
        other_housekeeper = mail_new_test_user(
            self.env,
            login="apt_housekeeper_2",
            groups="base.group_user,apartment_crm.group_apartment_user",
        )
        mine = self._create_lease(
            date_start=date(2026, 1, 1),
            date_end=date(2026, 7, 31),
            user_id=self.user_housekeeper.id,
        )
        theirs = self._create_lease(
            partner_id=self.tenant_2.id,
            unit_id=self.unit_c.id,
            date_start=date(2026, 1, 1),
            date_end=date(2026, 7, 31),
            user_id=other_housekeeper.id,
        )
        (mine | theirs).action_activate()
        data = self._data(self.user_housekeeper, scope="company")
        self.assertEqual(data["scope"], "mine", "a housekeeper cannot ask for the company view")
        self.assertFalse(data["can_switch_scope"])
        self.assertEqual(data["buildings"], [self.property.display_name])
        figures = self._figures(self.user_housekeeper, scope="company")
        self.assertEqual(self._records(figures["active_leases"]), mine)
        self.assertEqual(figures["active_leases"]["value"], "1")
        self.assertEqual(self._records(figures["leases_ending_90d"]), mine)
        units = self._records(figures["vacant_units"]) | self._records(figures["occupancy_rate"])
        self.assertEqual(units.property_id, self.property, "only the units of her building")
        # The manager sees the company by default and can look at her own buildings.
        figures = self._figures(self.user_manager)
        self.assertLessEqual(mine | theirs, self._records(figures["active_leases"]))
        data = self._data(self.user_manager, scope="mine")
        self.assertEqual(data["scope"], "mine")
        self.assertEqual(data["buildings"], [self.property.display_name], "she manages it")
        # Someone with no building sees empty figures, not the company's.
        nobody = mail_new_test_user(
            self.env,
            login="apt_housekeeper_3",
            groups="base.group_user,apartment_crm.group_apartment_user",
        )
        data = self._data(nobody)
        self.assertEqual(data["buildings"], [])
        figures = {f["key"]: f for section in data["sections"] for f in section["figures"]}
        self.assertEqual(figures["active_leases"]["value"], "0")
        self.assertEqual(figures["occupancy_rate"]["value"], "—", "no unit: no rate")
        self.assertEqual(figures["occupancy_rate"]["hint"], "No data yet")

    def test_no_data_says_so_and_cards_open_their_records(self):
        # The manager's own buildings: a new property with nothing in it yet.
        self.env["apartment.property"].search([("manager_id", "=", self.user_manager.id)]).write(
            {"manager_id": False}
        )
        self.env["apartment.property"].create(
            {"name": "Empty Tower", "code": "T-EMP", "manager_id": self.user_manager.id}
        )
        figures = self._figures(self.user_manager, scope="mine")
        for key in ("occupancy_rate", "sla_compliance_today", "renewal_rate"):
            with self.subTest(figure=key):
                self.assertEqual(figures[key]["value"], "—", "no measure, not 0 % or 100 %")
                self.assertEqual(figures[key]["tone"], "neutral")
        # The renewal rate counts 12 months of decisions and opens exactly those.
        domain = figures["renewal_rate"]["action"]["domain"]
        self.assertIn("decision_date", [term[0] for term in domain if isinstance(term, tuple)])
        # The points liability opens the liability report, not the raw ledger.
        action = figures["points_liability"]["action"]
        self.assertEqual(action["res_model"], "apartment.loyalty.report")
        self.assertEqual(action["views"][0][1], "pivot")
