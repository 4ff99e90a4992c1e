# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .loyalty_common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltyRentOnTime(LoyaltyCommon):
    def _rent_entries(self, invoice):
        return self.Entry.search(
            [("res_model", "=", "account.move"), ("res_id", "=", invoice.id)], order="id"
        )

    def test_paid_on_time_earns_once(self):
        self.tenant.tenant_tier_id = self.tier_vip
        invoice = self._invoice(amount=4000)
        self._pay(invoice, date(2026, 3, 5))
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        entries = invoice._award_rent_on_time()
        # 0.01 point per unit of 4000 paid, times the VIP multiplier 1.5.
        self.assertEqual(entries.points, 60)
        self.assertEqual(entries.rule_id, self.rule_rent)
        self.assertEqual(entries.date, date(2026, 3, 5))
        self.assertEqual(entries.expiry_date, date(2027, 3, 5))
        self.assertEqual(entries.source_display, invoice.display_name)
        # Re-running (cron, second hook call, re-payment) never earns twice.
        self.assertFalse(invoice._award_rent_on_time())
        self.assertFalse(
            invoice._loyalty_sync_rent_on_time() and self._rent_entries(invoice) - entries
        )
        self.assertEqual(self._rent_entries(invoice), entries)
        self.assertEqual(self.tenant.loyalty_balance, 60)

    def test_late_or_unpaid_earns_nothing(self):
        unpaid = self._invoice()
        late = self._invoice(amount=3000)
        self._pay(late, date(2026, 3, 6))
        self.assertFalse((unpaid | late)._award_rent_on_time())
        self.assertEqual(self.tenant.loyalty_balance, 0)

    def test_unreconcile_reverses_and_repay_earns_again(self):
        invoice = self._invoice()
        payment = self._pay(invoice, date(2026, 3, 2))
        earned = invoice._award_rent_on_time()
        self.assertEqual(self.tenant.loyalty_balance, 40)
        payment.action_draft()
        self.assertEqual(invoice.payment_state, "not_paid")
        reversals = invoice._reverse_rent_on_time()
        self.assertEqual(reversals.reversed_entry_id, earned)
        self.assertEqual(self.tenant.loyalty_balance, 0)
        # Idempotent too.
        self.assertFalse(invoice._reverse_rent_on_time())
        # Paid again on time: earns again, under a new key of the same source.
        self._pay(invoice, date(2026, 3, 4))
        again = invoice._award_rent_on_time()
        self.assertEqual(again.points, 40)
        self.assertEqual(again.source_key, "#1")
        self.assertFalse(invoice._award_rent_on_time())
        self.assertEqual(self.tenant.loyalty_balance, 40)

    def test_reversed_invoice_reverses_points(self):
        invoice = self._invoice()
        self._pay(invoice, date(2026, 3, 2))
        invoice._award_rent_on_time()
        invoice.line_ids.remove_move_reconcile()
        invoice.button_draft()
        invoice.button_cancel()
        invoice._loyalty_sync_rent_on_time()
        self.assertEqual(self.tenant.loyalty_balance, 0)

    def test_batch_award_queries_do_not_grow(self):
        invoices = self.env["account.move"]
        partners = self.env["res.partner"].create([{"name": f"Payer {i}"} for i in range(12)])
        for partner in partners:
            invoices |= self._invoice(partner=partner, amount=1000)
        for invoice in invoices:
            self._pay(invoice, date(2026, 3, 1))
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        invoices[:2]._award_rent_on_time()
        self.env.flush_all()
        few = self.cr.sql_log_count - start
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        invoices[2:]._award_rent_on_time()
        self.env.flush_all()
        many = self.cr.sql_log_count - start
        # Reading the invoices' reconciliation is prefetched per batch; the ledger part is
        # one lock, one check, one INSERT and one balance update whatever the size.
        self.assertLessEqual(many, few + 12, f"{few} queries for 2 invoices, {many} for 10")
        self.assertEqual(set(partners.mapped("loyalty_balance")), {10.0})


@tagged("post_install", "-at_install")
class TestLoyaltyOtherTriggers(LoyaltyCommon):
    def test_event_attendance_once(self):
        event = self.env["event.event"].create(
            {
                "name": "Lantern riddles",
                "date_begin": datetime(2026, 2, 12, 18),
                "date_end": datetime(2026, 2, 12, 21),
            }
        )
        registrations = self.env["event.registration"].create(
            [
                {"event_id": event.id, "partner_id": self.tenant.id},
                {"event_id": event.id, "partner_id": self.tenant_2.id},
            ]
        )
        entries = self.env["apartment.loyalty.rule"]._award_event_attendance(registrations)
        self.assertEqual(len(entries), 2)
        self.assertEqual(set(entries.mapped("points")), {20})
        self.assertFalse(self.env["apartment.loyalty.rule"]._award_event_attendance(registrations))
        self.assertEqual(self.tenant.loyalty_balance, 20)

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
