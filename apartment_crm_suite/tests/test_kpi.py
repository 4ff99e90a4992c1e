# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Monthly KPIs (the dashboard's trends): exact per building, summed exactly, idempotent."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.apartment_crm_rent.tests.common import RentCommon


@tagged("post_install", "-at_install")
class TestKpi(RentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Kpi = cls.env["apartment.kpi"]
        # Building 1: unit_a let from January, unit_b vacant; building 2: unit_c let in March.
        cls.lease = cls._create_active_lease(
            date_start=date(2026, 1, 1),
            date_end=date(2026, 12, 31),
            rent_amount=4000,
            user_id=cls.user_housekeeper.id,
        )
        cls.lease_2 = cls._create_active_lease(
            partner_id=cls.tenant_2.id,
            unit_id=cls.unit_c.id,
            date_start=date(2026, 3, 1),
            date_end=date(2027, 2, 28),
            rent_amount=8000,
            referred_by_id=cls.tenant.id,
        )

    def _rows(self, code, month, prop=None):
        return self.Kpi.search(
            [
                ("company_id", "=", self.company.id),
                ("kpi", "=", code),
                ("month", "=", month),
                ("property_id", "=", prop.id) if prop else ("is_total", "=", True),
            ]
        )

    def test_per_building_rows_and_exact_totals(self):
        self.lease._generate_rent_invoices(date(2026, 3, 1))
        january, february, march = self._rent_invoices(self.lease)
        self._pay(january, january.invoice_date_due)  # on time
        self._pay(february, date(2026, 2, 20))  # late
        self.Kpi._refresh(self.company, date(2026, 3, 31), months=3)
        occupancy = self._rows("occupancy", date(2026, 3, 1), self.property)
        self.assertRecordValues(occupancy, [{"numerator": 1, "denominator": 2, "value": 50}])
        self.assertRecordValues(
            self._rows("occupancy", date(2026, 3, 1), self.property_2),
            [{"numerator": 1, "denominator": 1, "value": 100}],
        )
        self.assertEqual(self._rows("occupancy", date(2026, 2, 1), self.property_2).numerator, 0)
        total = self._rows("occupancy", date(2026, 3, 1))
        buildings = self.Kpi.search(
            [
                ("company_id", "=", self.company.id),
                ("kpi", "=", "occupancy"),
                ("month", "=", date(2026, 3, 1)),
                ("is_total", "=", False),
            ]
        )
        self.assertEqual(total.numerator, sum(buildings.mapped("numerator")))
        self.assertEqual(total.denominator, sum(buildings.mapped("denominator")))
        self.assertAlmostEqual(total.value, 100.0 * total.numerator / total.denominator, places=2)
        # Collection: January on time, February late, March still open on the 31st.
        for month, paid in ((1, 1), (2, 0), (3, 0)):
            with self.subTest(month=month):
                row = self._rows("collection_rate", date(2026, month, 1), self.property)
                self.assertEqual((row.numerator, row.denominator), (paid, 1))
        overdue = self._rows("overdue_amount", date(2026, 3, 1), self.property)
        self.assertEqual(overdue.numerator, march.amount_total, "March is past due, unpaid")
        self.assertFalse(
            self._rows("overdue_amount", date(2026, 1, 1), self.property).numerator,
            "January was paid on time: nothing overdue at its end",
        )
        # New leases and referrals: the referred March lease of building 2.
        self.assertRecordValues(
            self._rows("referral_share", date(2026, 3, 1), self.property_2),
            [{"numerator": 1, "denominator": 1, "value": 100}],
        )
        self.assertEqual(self._rows("new_leases", date(2026, 3, 1), self.property_2).value, 1)

    def test_refresh_is_idempotent_and_keeps_snapshots(self):
        self.Kpi._refresh(self.company, date(2026, 3, 15), months=3)
        first = self.Kpi.search([("company_id", "=", self.company.id)])
        self.Kpi._refresh(self.company, date(2026, 3, 15), months=3)
        again = self.Kpi.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(again), len(first), "a second run replaces, never adds")
        self.assertTrue(self._rows("churn_high_share", date(2026, 3, 1)))
        self.assertFalse(
            self._rows("churn_high_share", date(2026, 2, 1)), "no history for a risk score"
        )
        # A month later the March churn figure stays as measured in March.
        march_churn = self._rows("churn_high_share", date(2026, 3, 1))
        self.Kpi._refresh(self.company, date(2026, 4, 2), months=2)
        self.assertEqual(self._rows("churn_high_share", date(2026, 3, 1)), march_churn)
        self.assertTrue(self._rows("churn_high_share", date(2026, 4, 1)))

    def test_cron_fills_a_year_then_two_months(self):
        self.Kpi.search([]).unlink()
        self.Kpi._cron_refresh_kpis(date(2026, 6, 10))
        months = set(self.Kpi.search([("company_id", "=", self.company.id)]).mapped("month"))
        self.assertEqual(len(months), 12)
        self.assertEqual(min(months), date(2025, 7, 1))
        old = self._rows("occupancy", date(2026, 1, 1))
        self.Kpi._cron_refresh_kpis(date(2026, 6, 11))
        self.assertTrue(old.exists(), "months before the previous one are not recomputed")
        self.assertFalse(self._rows("occupancy", date(2026, 6, 1)).id in old.ids)

    @freeze_time("2026-03-20")
    def test_dashboard_trends_scope_and_click_through(self):
        self.Kpi._refresh(self.company, date(2026, 3, 20), months=2)
        data = self.env["apartment.dashboard"].with_user(self.user_housekeeper).get_dashboard_data()
        trends = next(s for s in data["sections"] if s["key"] == "trends")
        figures = {f["key"]: f for f in trends["figures"]}
        self.assertIn("trend_collection_rate", figures, "the rent addon adds its KPIs")
        occupancy = figures["trend_occupancy"]
        # Her building only: unit_a of two units; last month the same.
        self.assertEqual(occupancy["value"], "50.0 %")
        self.assertEqual(occupancy["hint"], "Last month: 50.0 %")
        action = occupancy["action"]
        rows = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(rows.property_id, self.property)
        self.assertEqual(set(rows.mapped("kpi")), {"occupancy"})
        self.assertEqual(action["views"][0][1], "graph")
        # Nothing measured: the card says so.
        self.assertEqual(figures["trend_renewal_rate"]["value"], "—")
        # The manager sees the company's total row.
        data = self.env["apartment.dashboard"].with_user(self.user_manager).get_dashboard_data()
        trends = next(s for s in data["sections"] if s["key"] == "trends")
        action = next(f for f in trends["figures"] if f["key"] == "trend_occupancy")["action"]
        rows = self.env[action["res_model"]].search(action["domain"])
        self.assertTrue(rows)
        self.assertTrue(all(rows.mapped("is_total")))
