# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltyRentOnTime(LoyaltyCommon):
    """Wired to the rent capability's hook ``account.move._on_rent_payment_state_changed``:
    paying, unreconciling and reversing real rent invoices is enough."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._create_active_lease(rent_amount=4000)
        cls.invoice = cls.lease._generate_rent_invoices(date(2026, 1, 1), raise_errors=True)

    def _rent_entries(self, invoice):
        return self.Entry.search(
            [("res_model", "=", "account.move"), ("res_id", "=", invoice.id)], order="id"
        )

    def test_paid_on_time_earns_once(self):
        self.tenant.tenant_tier_id = self.tier_vip
        invoice = self.invoice
        self.assertEqual((invoice.rent_kind, invoice.invoice_date_due), ("rent", date(2026, 1, 1)))
        self._pay(invoice, date(2026, 1, 1))
        self.assertEqual(invoice.paid_date, date(2026, 1, 1))
        entries = self._rent_entries(invoice)
        # 0.01 point per unit of 4000 paid, times the VIP multiplier 1.5.
        self.assertEqual(entries.points, 60)
        self.assertEqual(entries.rule_id, self.rule_rent)
        self.assertEqual(entries.date, date(2026, 1, 1))
        self.assertEqual(entries.expiry_date, date(2027, 1, 1))
        self.assertEqual(entries.source_display, invoice.display_name)
        # Re-running (cron, second hook call) never earns twice.
        self.assertFalse(invoice._award_rent_on_time())
        invoice._on_rent_payment_state_changed()
        self.assertEqual(self._rent_entries(invoice), entries)
        self.assertEqual(self.tenant.loyalty_balance, 60)

    def test_late_earns_nothing(self):
        self._pay(self.invoice, date(2026, 1, 2))
        self.assertEqual(self.invoice.days_late, 1)
        self.assertFalse(self._rent_entries(self.invoice))
        self.assertEqual(self.tenant.loyalty_balance, 0)

    def test_partial_payment_earns_on_full_payment_only(self):
        self._pay(self.invoice, date(2025, 12, 20), amount=1000)
        self.assertFalse(self._rent_entries(self.invoice))
        self._pay(self.invoice, date(2025, 12, 30))
        self.assertEqual(self._rent_entries(self.invoice).points, 40)

    def test_unreconcile_reverses_and_repay_earns_again(self):
        invoice = self.invoice
        payment = self._pay(invoice, date(2025, 12, 28))
        earned = self._rent_entries(invoice)
        self.assertEqual(self.tenant.loyalty_balance, 40)
        payment.action_draft()
        self.assertEqual(invoice.payment_state, "not_paid")
        reversal = self._rent_entries(invoice) - earned
        self.assertEqual(reversal.reversed_entry_id, earned)
        self.assertEqual(reversal.entry_type, "reversal")
        self.assertEqual(self.tenant.loyalty_balance, 0)
        self.assertFalse(invoice._reverse_rent_on_time(), "idempotent")
        # Paid again on time: earns again, under a new key of the same source.
        self._pay(invoice, date(2025, 12, 31))
        again = self._rent_entries(invoice) - earned - reversal
        self.assertEqual(again.points, 40)
        self.assertEqual(again.source_key, "#1")
        self.assertEqual(self.tenant.loyalty_balance, 40)

    def test_reversed_invoice_reverses_points(self):
        invoice = self.invoice
        self._pay(invoice, date(2025, 12, 28))
        invoice.line_ids.remove_move_reconcile()
        self.assertEqual(self.tenant.loyalty_balance, 0)
        invoice._reverse_moves(cancel=True)
        self.assertEqual(invoice.payment_state, "reversed")
        invoice._loyalty_sync_rent_on_time()
        self.assertEqual(self.tenant.loyalty_balance, 0)
        self.assertEqual(self.tenant.loyalty_balance, self._sum(self.tenant))

    def test_only_rent_invoices_earn(self):
        other = self._invoice(due=date(2026, 3, 5))
        self._pay(other, date(2026, 3, 1))
        self.assertFalse(other._award_rent_on_time())

    def test_pending_credit_lands_on_generated_rent_invoice(self):
        self._earn(self.tenant, 1000, date(2025, 12, 1))
        entry = (
            self.env["apartment.loyalty.redeem"]
            .create({"partner_id": self.tenant.id, "points": 200})
            ._find_invoice_to_credit()
        )
        self.assertEqual(entry, self.invoice, "the open rent invoice first")
        self._pay(self.invoice, date(2026, 1, 1))
        wizard = self.env["apartment.loyalty.redeem"].create(
            {"partner_id": self.tenant.id, "points": 200}
        )
        self.assertFalse(wizard.invoice_id, "nothing open: the credit will be pending")
        credit = wizard._redeem()
        self.assertFalse(credit.credit_move_id)
        february = self.lease._generate_rent_invoices(date(2026, 2, 1), raise_errors=True)
        self.assertEqual(credit.credit_move_id, february)
        self.assertEqual(february.state, "posted")
        self.assertEqual(february.amount_total, 3900.0)
        self.assertFalse(self.Entry._apply_pending_credits(february), "applied once")


@tagged("post_install", "-at_install")
class TestLoyaltyOtherTriggers(LoyaltyCommon):
    @freeze_time("2026-04-01")
    def test_referral_on_activation(self):
        lease = self._create_lease(referred_by_id=self.tenant_2.id)
        lease.action_activate()
        entry = self.Entry.search([("rule_id", "=", self.rule_referral.id)])
        self.assertEqual(entry.partner_id, self.tenant_2)
        self.assertEqual(entry.points, 500)
        self.assertEqual(entry.expiry_date, date(2028, 4, 1))
        self.assertEqual(self.tenant.loyalty_balance, 0, "option off: only the referrer")
        # Exactly once, also when the hook runs again.
        self.env["apartment.loyalty.rule"]._award_referral(lease)
        self.assertEqual(self.tenant_2.loyalty_balance, 500)

    @freeze_time("2026-04-01")
    def test_referral_rewards_both(self):
        self.company.loyalty_referral_both = True
        lease = self._create_lease(referred_by_id=self.tenant_2.id)
        lease.action_activate()
        self.assertEqual(self.tenant_2.loyalty_balance, 500)
        self.assertEqual(self.tenant.loyalty_balance, 500)
        self.env["apartment.loyalty.rule"]._award_referral(lease)
        self.assertEqual(self.tenant.loyalty_balance + self.tenant_2.loyalty_balance, 1000)

    def test_lease_without_referrer_earns_nothing(self):
        self._create_lease().action_activate()
        self.assertFalse(self.Entry.search([("rule_id", "=", self.rule_referral.id)]))

    def _anniversary(self, day):
        """Run the cron; the entries of this test's tenant (demo tenants may earn too)."""
        entries = self.env["apartment.loyalty.rule"]._cron_tenure_anniversary(day)
        return entries.filtered(lambda e: e.partner_id == self.tenant)

    def test_tenure_anniversary_idempotent(self):
        with freeze_time("2025-03-10"):
            self._create_lease(
                date_start=date(2025, 3, 10), date_end=date(2027, 3, 9)
            ).action_activate()
        self.assertEqual(self.tenant.move_in_date, date(2025, 3, 10))
        self.assertFalse(self._anniversary(date(2026, 3, 9)))
        first = self._anniversary(date(2026, 3, 10))
        self.assertEqual(first.points, 200)
        self.assertEqual(first.source_key, "2026")
        self.assertEqual(first.date, date(2026, 3, 10))
        self.assertFalse(first.expiry_date, "validity 0: never expires")
        self.assertFalse(self._anniversary(date(2026, 3, 10)))
        self.assertFalse(self._anniversary(date(2026, 3, 25)))
        self.assertEqual(self.tenant.loyalty_balance, 200)

    def test_tenure_anniversary_missed_day_caught_up(self):
        with freeze_time("2025-03-10"):
            self._create_lease(
                date_start=date(2025, 3, 10), date_end=date(2027, 3, 9)
            ).action_activate()
        self.assertEqual(self._anniversary(date(2026, 3, 15)).date, date(2026, 3, 10))
        self.assertFalse(self._anniversary(date(2026, 3, 16)))

    def test_tenure_anniversary_needs_active_lease(self):
        with freeze_time("2025-03-10"):
            lease = self._create_lease(date_start=date(2025, 3, 10), date_end=date(2026, 2, 28))
            lease.action_activate()
            lease.action_end()
        self.assertFalse(self._anniversary(date(2026, 3, 10)))

    def test_tenure_anniversary_next_year(self):
        with freeze_time("2025-01-05"):
            self._create_lease(
                date_start=date(2025, 1, 5), date_end=date(2027, 12, 31)
            ).action_activate()
        self._anniversary(date(2026, 1, 20))
        self._anniversary(date(2027, 1, 5))
        self._anniversary(date(2027, 1, 6))
        entries = self.Entry.search(
            [("rule_id", "=", self.rule_tenure.id), ("partner_id", "=", self.tenant.id)],
            order="date",
        )
        self.assertEqual(entries.mapped("source_key"), ["2026", "2027"])
        self.assertEqual(entries.mapped("date"), [date(2026, 1, 5), date(2027, 1, 5)])

    def test_survey_answered(self):
        lease = self._create_lease()
        entries = self.env["apartment.loyalty.rule"]._award_survey(lease)
        self.assertEqual(entries.points, 30)
        self.assertFalse(self.env["apartment.loyalty.rule"]._award_survey(lease))

    def test_inactive_rule_awards_nothing(self):
        self.rule_survey.active = False
        self.assertFalse(self.env["apartment.loyalty.rule"]._award_survey(self._create_lease()))

    def test_rule_of_other_company_ignored(self):
        other = self.env["res.company"].create({"name": "Other Operator"})
        self.rule_survey.company_id = other
        self.assertFalse(self.env["apartment.loyalty.rule"]._award_survey(self._create_lease()))

    def test_unique_index_is_last_guard(self):
        lease = self._create_lease()
        entry = self.env["apartment.loyalty.rule"]._award_survey(lease)
        vals = {
            "partner_id": self.tenant.id,
            "points": 30,
            "entry_type": "earn",
            "rule_id": self.rule_survey.id,
            "res_model": "apartment.lease",
            "res_id": lease.id,
        }
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Entry._post_entries([dict(vals)])
        # The award's fallback (a concurrent award passed the check) skips the duplicate and
        # keeps the others of the batch.
        lease_2 = self._create_lease(unit_id=self.unit_b.id)
        created = self.rule_survey._create_earn_entries([dict(vals), dict(vals, res_id=lease_2.id)])
        self.assertEqual(created.res_id, lease_2.id)
        self.assertEqual(
            self.Entry.search([("rule_id", "=", self.rule_survey.id)]), entry | created
        )
        self.assertEqual(self.tenant.loyalty_balance, 60)
