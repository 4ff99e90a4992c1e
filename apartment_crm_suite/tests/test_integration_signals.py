# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The tier engine and the churn signals read the rent, loyalty and renewal capabilities."""

from datetime import date

from odoo.tests import tagged

from odoo.addons.apartment_crm_rent.tests.common import RentCommon


@tagged("post_install", "-at_install")
class TestTierAndChurnFromRent(RentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._create_active_lease(date_start=date(2026, 1, 1), rent_amount=4000)
        cls.lease._generate_rent_invoices(date(2026, 3, 1))
        cls.invoices = cls.Move.search(
            [("lease_id", "=", cls.lease.id), ("rent_kind", "=", "rent")],
            order="rent_period_start",
        )

    def test_on_time_rate_spend_and_late_rent(self):
        jan, feb, mar = self.invoices
        self._pay(jan, jan.invoice_date_due)  # on time
        self._pay(feb, date(2026, 2, 20))  # late
        # March stays unpaid past its due date.
        partners = self.tenant | self.tenant_2
        today = date(2026, 3, 31)
        Tier = self.env["apartment.tenant.tier"]
        rate = Tier._get_tier_metric_on_time_rate(partners, today)
        self.assertAlmostEqual(rate[self.tenant.id], 100.0 / 3, places=2)
        self.assertIsNone(rate[self.tenant_2.id], "no rent due yet: unknown, not zero")
        spend = Tier._get_tier_metric_spend_12m(partners, today)
        self.assertEqual(spend[self.tenant.id], 8000)
        self.assertEqual(spend[self.tenant_2.id], 0.0)
        signal = self.env.ref("apartment_crm_rent.churn_signal_late_rent")
        signal.write({"window_days": 90, "threshold": 1, "active": True})
        late = signal._get_churn_signal_late_rent(partners, today)
        self.assertEqual(late, {self.tenant.id: 2}, "February paid late, March unpaid")
        self.env["apartment.churn.signal"]._evaluate_partners(self.tenant, today)
        self.assertIn("Late rent", self.tenant.churn_reasons)

    def test_loyalty_balance_metric_at_date(self):
        rule = self.env["apartment.loyalty.rule"].create(
            {"name": "Manual test", "trigger": "manual", "points": 10}
        )
        self.env["apartment.loyalty.entry"].create(
            [
                {
                    "partner_id": self.tenant.id,
                    "date": day,
                    "points": points,
                    "entry_type": "earn",
                    "rule_id": rule.id,
                    "description": "test",
                }
                for day, points in ((date(2026, 1, 10), 100), (date(2026, 5, 10), 50))
            ]
        )
        Tier = self.env["apartment.tenant.tier"]
        balance = Tier._get_tier_metric_loyalty_balance(self.tenant, date(2026, 3, 1))
        self.assertEqual(balance, {self.tenant.id: 100})
        balance = Tier._get_tier_metric_loyalty_balance(self.tenant, date(2026, 6, 1))
        self.assertEqual(balance, {self.tenant.id: 150})
