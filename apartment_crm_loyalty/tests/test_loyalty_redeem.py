# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.apartment_crm.tests.common import CronBatchMixin

from .common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltyExpiry(LoyaltyCommon):
    def _expire(self, day):
        expired = self.Entry._cron_expire_points(day)
        return expired.filtered(lambda e: e.partner_id in (self.tenant | self.tenant_2))

    def test_expire_oldest_first_and_idempotent(self):
        old = self._earn(self.tenant, 100, date(2025, 1, 1), date(2026, 1, 1))
        mid = self._earn(self.tenant, 50, date(2025, 6, 1), date(2026, 6, 1))
        new = self._earn(self.tenant, 30, date(2026, 1, 1), date(2027, 1, 1))
        # A redemption of 120 consumes the oldest entry entirely, then 20 of the next.
        with freeze_time("2025-12-01"):
            self._redeem(self.tenant, 120)
        self.assertEqual((old.remaining, mid.remaining, new.remaining), (0, 30, 30))
        self.assertFalse(self._expire(date(2026, 5, 31)), "the oldest is fully spent")
        with freeze_time("2026-06-01"):
            expired = self._expire(date(2026, 6, 1))
        self.assertEqual(expired.points, -30)
        self.assertEqual(expired.entry_type, "expire")
        self.assertEqual(expired.date, date(2026, 6, 1))
        self.assertEqual((expired.res_model, expired.res_id), (self.Entry._name, mid.id))
        self.assertEqual(mid.remaining, 0)
        self.assertEqual(self.tenant.loyalty_balance, 30)
        # Twice, or later: nothing more.
        self.assertFalse(self._expire(date(2026, 6, 1)))
        self.assertFalse(self._expire(date(2026, 12, 31)))
        self.assertEqual(self.tenant.loyalty_balance, self._sum(self.tenant))
        expired_all = self._expire(date(2027, 1, 1))
        self.assertEqual(expired_all.points, -30)
        self.assertEqual(self.tenant.loyalty_balance, 0)

    def test_warning_email_once(self):
        self.env["res.partner"].search([("loyalty_balance", ">", 0)])  # warm
        self._earn(self.tenant, 40, date(2025, 7, 1), date(2026, 7, 10))
        self._earn(self.tenant, 10, date(2025, 7, 2), date(2026, 7, 20))
        self._earn(self.tenant, 99, date(2025, 7, 3), date(2026, 12, 1))
        Mail = self.env["mail.mail"]
        before = Mail.search([("recipient_ids", "in", self.tenant.ids)])
        warned = self.Entry._cron_warn_expiring_points(date(2026, 6, 25))
        self.assertIn(self.tenant, warned)
        mails = Mail.search([("recipient_ids", "in", self.tenant.ids)]) - before
        self.assertEqual(len(mails), 1, "one email for the batch of two expiring entries")
        self.assertIn("50", mails.body_html)
        self.assertIn("points", mails.subject)
        self.assertIn("warned that 50 point(s) expire", self.tenant.message_ids[0].body)
        # Not again for the same entries.
        self.assertNotIn(self.tenant, self.Entry._cron_warn_expiring_points(date(2026, 6, 26)))
        self.assertEqual(Mail.search([("recipient_ids", "in", self.tenant.ids)]) - before, mails)


@tagged("post_install", "-at_install")
class TestLoyaltyRedeem(LoyaltyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.earned = cls._earn(cls.tenant, 1000, date(2026, 1, 1))
        cls.service = cls.env["product.product"].create(
            {"name": "Deep cleaning", "type": "service"}
        )
        cls.Redeem = cls.env["apartment.loyalty.redeem"]

    def _wizard(self, user=None, **vals):
        values = {"partner_id": self.tenant.id, "points": 100, "redeem_type": "rent_credit"}
        values.update(vals)
        return self.Redeem.with_user(user or self.user_housekeeper).create(values)

    def test_rent_credit_on_draft_invoice(self):
        invoice = self._invoice(post=False)
        wizard = self._wizard()
        self.assertEqual(wizard.invoice_id, invoice)
        self.assertEqual(wizard.credit_amount, 50.0, "100 points at 0.5")
        entry = wizard._redeem()
        self.assertEqual(entry.points, -100)
        self.assertEqual(entry.entry_type, "redeem")
        self.assertEqual(entry.credit_move_id, invoice)
        self.assertEqual(entry.create_uid, self.user_housekeeper)
        line = invoice.invoice_line_ids.filtered(lambda line: line.price_unit < 0)
        self.assertEqual(line.price_unit, -50.0)
        self.assertEqual(
            line.product_id, self.env.ref("apartment_crm_loyalty.product_loyalty_rent_credit")
        )
        self.assertEqual(invoice.amount_total, 3950.0)
        self.assertEqual(self.tenant.loyalty_balance, 900)
        self.assertEqual(self.earned.remaining, 900)

    def test_rent_credit_on_posted_invoice_by_credit_note(self):
        invoice = self._invoice()
        entry = self._wizard(points=400)._redeem()
        self.assertEqual(entry.credit_amount, 200.0)
        refund = invoice.reversal_move_ids
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.amount_total, 200.0)
        self.assertEqual(invoice.amount_residual, 3800.0)
        self.assertEqual(invoice.payment_state, "partial")

    def test_earliest_due_invoice_first(self):
        later = self._invoice(due=date(2026, 4, 5))
        sooner = self._invoice(due=date(2026, 3, 5))
        self.assertEqual(self._wizard().invoice_id, sooner)
        self.assertNotEqual(later, sooner)

    def test_cap_per_invoice(self):
        invoice = self._invoice()
        # Cap 300: 600 points = 300 is fine, then nothing more on this invoice.
        self._wizard(points=600)._redeem()
        with self.assertRaisesRegex(UserError, r"exceeds .* Redeem at most 0 point"):
            self._wizard(points=2)._redeem()
        self.assertEqual(self.tenant.loyalty_balance, 400)
        self.assertEqual(invoice.amount_residual, 3700.0)

    def test_cap_message_names_max(self):
        self._invoice()
        with self.assertRaisesRegex(UserError, r"cap per invoice .*300.* Redeem at most 600 point"):
            self._wizard(points=601)._redeem()

    def test_more_than_balance(self):
        self._invoice()
        with self.assertRaisesRegex(UserError, "has 1000 point.*cannot redeem 1001"):
            self._wizard(points=1001)._redeem()
        self.assertEqual(self.tenant.loyalty_balance, 1000)

    def test_zero_or_negative(self):
        self._invoice()
        for points in (0, -5):
            with (
                self.subTest(points=points),
                self.assertRaisesRegex(UserError, "enter a positive number"),
            ):
                self._wizard(points=points)._redeem()

    def test_no_invoice_to_credit(self):
        with self.assertRaisesRegex(UserError, "no open invoice to credit and no active lease"):
            self._wizard()._redeem()

    def test_pending_credit_with_active_lease(self):
        with freeze_time("2026-01-01"):
            self._create_lease().action_activate()
        entry = self._wizard(points=200)._redeem()
        self.assertFalse(entry.credit_move_id)
        self.assertEqual(entry.credit_amount, 100.0)
        # The cap applies to the pending credits together.
        with self.assertRaisesRegex(UserError, "the next rent invoice exceeds"):
            self._wizard(points=500)._redeem()

    def test_pending_credit_lands_on_next_invoice(self):
        with freeze_time("2026-01-01"):
            self._create_lease().action_activate()
        entry = self._wizard(points=200)._redeem()
        other = self._invoice(partner=self.tenant_2, post=False)
        invoice = self._invoice(post=False)
        credited = self.Entry._apply_pending_credits(invoice | other)
        self.assertEqual(credited, entry)
        self.assertEqual(entry.credit_move_id, invoice)
        self.assertEqual(invoice.amount_total, 3900.0)
        self.assertEqual(other.amount_total, 4000.0)
        # Applied once.
        self.assertFalse(self.Entry._apply_pending_credits(self._invoice(post=False)))

    def test_point_value_zero(self):
        self._invoice()
        self.company.loyalty_point_value = 0
        with self.assertRaisesRegex(UserError, "worth no rent credit"):
            self._wizard()._redeem()

    def test_service_schedules_activity(self):
        entry = self._wizard(redeem_type="service", product_id=self.service.id)._redeem()
        self.assertEqual(entry.product_id, self.service)
        self.assertEqual(entry.source_display, self.service.display_name)
        activity = self.tenant.activity_ids.filtered(lambda a: "Deep cleaning" in a.summary)
        self.assertEqual(len(activity), 1)
        with self.assertRaisesRegex(UserError, "Choose the service"):
            self._wizard(redeem_type="service")._redeem()

    def test_form_flow(self):
        self._invoice(post=False)
        action = self.tenant.with_user(self.user_housekeeper).action_loyalty_redeem()
        form = Form.from_action(self.env(user=self.user_housekeeper), action)
        self.assertEqual(form.balance, 1000)
        form.points = 10
        self.assertEqual(form.credit_amount, 5.0)
        wizard = form.save()
        result = wizard.action_redeem_and_view()
        self.assertEqual(result["res_model"], "apartment.loyalty.entry")
        self.assertEqual(self.tenant.loyalty_balance, 990)


@tagged("post_install", "-at_install")
class TestLoyaltyAdjust(LoyaltyCommon):
    def _adjust(self, user, **vals):
        values = {"partner_id": self.tenant.id, "points": 50, "reason": "Goodwill after a leak"}
        values.update(vals)
        return self.env["apartment.loyalty.adjust"].with_user(user).create(values)

    def test_manager_adjusts_with_reason(self):
        entry = self._adjust(self.user_manager)._apply()
        self.assertEqual(entry.entry_type, "adjust")
        self.assertEqual(entry.description, "Goodwill after a leak")
        self.assertFalse(entry.expiry_date)
        self.assertEqual(self.tenant.loyalty_balance, 50)
        entry = self._adjust(self.user_manager, points=-20, reason="Double award")._apply()
        self.assertEqual(self.tenant.loyalty_balance, 30)
        with self.assertRaisesRegex(UserError, "cannot take 31"):
            self._adjust(self.user_manager, points=-31)._apply()
        with self.assertRaisesRegex(UserError, "non-zero number of points"):
            self._adjust(self.user_manager, points=0)._apply()
        # A blank reason is refused when the wizard is saved (the input guard), naming the field.
        with self.assertRaisesRegex(UserError, "[Rr]eason"):
            self._adjust(self.user_manager, reason="  ")._apply()

    @freeze_time("2026-05-01")
    def test_manual_award(self):
        self.rule_manual.validity_months = 6
        wizard = self._adjust(self.user_manager, mode="earn", points=25)
        self.assertEqual(wizard.rule_id, self.rule_manual)
        entry = wizard._apply()
        self.assertEqual(entry.entry_type, "earn")
        self.assertEqual(entry.expiry_date, date(2026, 11, 1))
        with self.assertRaisesRegex(UserError, "positive points"):
            self._adjust(self.user_manager, mode="earn", points=-1)._apply()

    def test_housekeeper_cannot_adjust(self):
        with self.assertRaises(AccessError):
            self._adjust(self.user_housekeeper)
        wizard = self._adjust(self.user_manager)
        with self.assertRaisesRegex(AccessError, "Only apartment managers"):
            wizard.with_user(self.user_housekeeper)._apply()


@tagged("post_install", "-at_install")
class TestLoyaltyAccessAndReport(LoyaltyCommon):
    def test_portal_reads_only_own_entries(self):
        mine = self._earn(self.tenant, 10, date(2026, 1, 1))
        self._earn(self.tenant_2, 20, date(2026, 1, 1))
        portal = self._create_portal_user(self.tenant, "loyal_portal_2")
        visible = self.env["apartment.loyalty.entry"].with_user(portal).search([])
        self.assertEqual(visible, mine)
        self.assertEqual(mine.with_user(portal).rule_id.name, self.rule_manual.name)

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other Operator"})
        entry = self.Entry._post_entries(
            [
                {
                    "partner_id": self.tenant.id,
                    "points": 5,
                    "entry_type": "earn",
                    "company_id": other.id,
                }
            ]
        )
        self.assertFalse(
            self.Entry.with_user(self.user_housekeeper).search([("id", "=", entry.id)])
        )
        self.user_housekeeper.company_ids |= other
        self.assertTrue(
            self.Entry.with_user(self.user_housekeeper)
            .with_context(allowed_company_ids=[self.company.id, other.id])
            .search([("id", "=", entry.id)])
        )

    def test_liability_report(self):
        self._create_lease(partner_id=self.tenant.id).action_activate()
        self._earn(self.tenant, 100, date(2026, 1, 1))
        self._earn(self.tenant, 60, date(2026, 2, 1))
        self._earn(self.tenant_2, 40, date(2026, 2, 1))
        self.env.flush_all()
        Report = self.env["apartment.loyalty.report"]
        groups = Report._read_group(
            [("partner_id", "in", (self.tenant | self.tenant_2).ids)],
            ["property_id"],
            ["points:sum", "value:sum"],
        )
        by_property = {prop: (points, value) for prop, points, value in groups}
        self.assertEqual(by_property[self.property], (160, 80.0))
        self.assertEqual(by_property[self.env["apartment.property"]], (40, 20.0))
        months = Report._read_group(
            [("partner_id", "=", self.tenant.id)], ["date:month"], ["points:sum"]
        )
        self.assertEqual([points for __, points in months], [100, 60])
        # Readable by housekeepers (menu Reporting).
        self.assertTrue(Report.with_user(self.user_housekeeper).search_count([]))


@tagged("post_install", "-at_install")
class TestLoyaltyExpiryBatches(CronBatchMixin, LoyaltyCommon):
    """Run by the scheduler, expiry and its warning work a batch of tenants per call."""

    def test_expiry_and_warning_in_batches_of_tenants(self):
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.engine_batch_size", 1)
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.cron_batch_size", 1)
        self.company.loyalty_expiry_warning_days = 30
        first = self._earn(self.tenant, 100, date(2025, 1, 1), date(2026, 1, 1))
        second = self._earn(self.tenant, 40, date(2025, 2, 1), date(2026, 1, 10))
        other = self._earn(self.tenant_2, 70, date(2025, 1, 1), date(2026, 1, 1))
        soon = self._earn(self.tenant, 10, date(2025, 6, 1), date(2026, 2, 15))
        soon_2 = self._earn(self.tenant_2, 20, date(2025, 6, 1), date(2026, 2, 20))
        day = date(2026, 2, 1)
        xmlid = "apartment_crm_loyalty.ir_cron_loyalty_expire_points"
        progress = self._scheduler_call(xmlid, "_cron_expire_points", day)
        self.assertEqual((progress.done, progress.remaining), (1, 1))
        # A tenant's entries are never split between two calls.
        spent = (first | second | other).filtered(lambda entry: not entry.remaining)
        self.assertIn(spent, (first | second, other))
        progress = self._scheduler_call(xmlid, "_cron_expire_points", day)
        self.assertEqual((progress.done, progress.remaining), (1, 0))
        self.assertFalse(any((first | second | other).mapped("remaining")))
        self.assertEqual(self._sum(self.tenant), 10)
        xmlid = "apartment_crm_loyalty.ir_cron_loyalty_warn_expiry"
        progress = self._scheduler_call(xmlid, "_cron_warn_expiring_points", day)
        self.assertEqual((progress.done, progress.remaining), (1, 1))
        self.assertEqual(len((soon | soon_2).filtered("expiry_warned")), 1)
        progress = self._scheduler_call(xmlid, "_cron_warn_expiring_points", day)
        self.assertEqual((progress.done, progress.remaining), (1, 0))
        self.assertTrue(all((soon | soon_2).mapped("expiry_warned")))
