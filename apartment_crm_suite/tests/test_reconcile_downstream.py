# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Rent reconciled from a bank statement line drives the rent, loyalty and tier capabilities
exactly as a registered payment does; unreconciling reverses it."""

from datetime import date

from odoo.tests import tagged

from odoo.addons.apartment_crm_loyalty.tests.common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestReconcileDownstream(LoyaltyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("account.group_account_user")
        cls.company.rent_reconcile_threshold = 90
        cls.lease = cls._create_active_lease(rent_amount=4000)
        cls.invoice = cls.lease._generate_rent_invoices(date(2026, 1, 1), raise_errors=True)
        cls.level = cls.env["apartment.rent.reminder.level"].create(
            {"name": "Test first reminder", "days": 3, "company_id": cls.company.id}
        )

    def _points(self):
        return self.Entry.search(
            [("res_model", "=", "account.move"), ("res_id", "=", self.invoice.id)], order="id"
        )

    def _reminders(self, day):
        """The reminders the cron sends at ``day`` for this test's invoice."""
        logs = self.level._cron_send_rent_reminders(day)
        return logs.filtered(lambda log: log.invoice_id == self.invoice)

    def test_statement_line_on_time_points_then_unreconcile(self):
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": date(2025, 12, 30),
                "amount": 4000,
                "payment_ref": f"张伟 1月房租 {self.lease.payment_reference}",
            }
        )
        line._rent_match()
        self.assertRecordValues(line, [{"rent_match_state": "auto", "is_reconciled": True}])
        self.assertEqual(self.invoice.paid_date, date(2025, 12, 30))
        self.assertEqual(self.invoice.days_late, 0)
        self.assertEqual(self._points().points, 40)
        self.assertEqual(self.tenant.loyalty_balance, 40)
        rate = self.env["apartment.tenant.tier"]._get_tier_metric_on_time_rate(
            self.tenant, date(2026, 1, 31)
        )
        self.assertEqual(rate[self.tenant.id], 100.0)
        # A paid invoice gets no reminder (the demo's unpaid history may get theirs).
        self.assertFalse(self._reminders(date(2026, 1, 10)))
        # Unreconciled in the OCA screen: open again, points reversed, reminders resume.
        line.unreconcile_bank_line()
        self.assertRecordValues(
            self.invoice, [{"payment_state": "not_paid", "paid_date": False, "days_late": 0}]
        )
        self.assertEqual(self.tenant.loyalty_balance, 0)
        self.assertEqual(self._points()[-1].entry_type, "reversal")
        rate = self.env["apartment.tenant.tier"]._get_tier_metric_on_time_rate(
            self.tenant, date(2026, 1, 31)
        )
        self.assertEqual(rate[self.tenant.id], 0.0)
        self.assertTrue(self._reminders(date(2026, 1, 10)))
