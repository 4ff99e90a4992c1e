# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.apartment_crm_suite.models.apartment_lease import FESTIVALS, HISTORY_MONTHS


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    """The suite's demo tells a true story (make demo, make test's demo database): two years
    of rent history, every tier populated, tenants at high churn risk for visible reasons,
    festivals on their dates. Skipped on a database without the suite's demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.built = (
            cls.env["ir.config_parameter"].sudo().get_param("apartment_crm_suite.demo_history")
        )

    def setUp(self):
        super().setUp()
        if not self.built:
            self.skipTest("no suite demo data on this database")
        self.built_on = fields.Date.to_date(self.built)

    def test_two_years_of_rent_paid_mostly_on_time(self):
        Move = self.env["account.move"]
        domain = Move._get_rent_invoice_domain()
        since = self.built_on.replace(day=1) - relativedelta(months=HISTORY_MONTHS)
        months = {
            start.strftime("%Y-%m")
            for start in Move.search(domain + [("rent_period_start", ">=", since)]).mapped(
                "rent_period_start"
            )
        }
        self.assertGreaterEqual(len(months), HISTORY_MONTHS, "rent in every month of two years")
        history = Move.search(domain + [("rent_period_start", "<", self.built_on.replace(day=1))])
        paid = history.filtered(lambda move: move.paid_date)
        late = paid.filtered(lambda move: move.days_late > 0)
        unpaid = history - paid
        self.assertGreater(len(paid), 150)
        self.assertLess(len(late), len(paid) / 3, "mostly on time")
        self.assertTrue(late, "some late")
        self.assertTrue(unpaid, "a few never paid")
        self.assertLess(len(unpaid), 10)

    def test_every_tier_is_populated(self):
        tenants = self.env["res.partner"].search([("is_tenant", "=", True)])
        for xmlid in ("tier_transient", "tier_potential", "tier_core", "tier_vip"):
            tier = self.env.ref(f"apartment_crm.{xmlid}")
            self.assertTrue(tenants.filtered(lambda p, t=tier: p.tenant_tier_id == t), xmlid)
        vips = tenants.filtered(lambda p: p.tenant_tier_id.code == "vip")
        self.assertTrue(vips.filtered("tier_locked"), "the VIP lock")
        self.assertTrue(vips.filtered(lambda p: not p.tier_locked), "a VIP by the criteria")

    def test_high_churn_risk_for_visible_reasons(self):
        high = self.env["res.partner"].search([("churn_risk_level", "=", "high")])
        self.assertGreaterEqual(len(high), 2)
        for partner in high:
            self.assertTrue(partner.churn_reasons, partner.name)
        reasons = "\n".join(high.with_context(lang="en_US").mapped("churn_reasons"))
        for signal in ("Repeat repairs", "Open complaints", "Low satisfaction rating"):
            self.assertIn(signal, reasons)

    def test_festivals_on_their_lunar_dates(self):
        events = self.env["event.event"].search([])
        for name, days, __, __ in FESTIVALS:
            for event in events.filtered(lambda e, n=name: e.name == n):
                local = fields.Datetime.context_timestamp(
                    event.with_context(tz="Asia/Shanghai"), event.date_begin
                ).date()
                self.assertIn(local.isoformat(), days, f"{name} on {local}")

    def test_offline_payment_provider(self):
        """The demo's tenants can pay on a machine without internet: payment_demo beside the
        wire transfer (test mode, published)."""
        self.assertEqual(self.env["ir.module.module"]._get("payment_demo").state, "installed")
        provider = self.env.ref("payment.payment_provider_demo")
        self.assertRecordValues(provider, [{"state": "test", "is_published": True}])
