# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import RentCommon


@tagged("post_install", "-at_install")
class TestRentPayment(RentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._create_active_lease(date_start=date(2026, 1, 1))
        cls.lease._generate_rent_invoices(date(2026, 4, 1))
        cls.jan, cls.feb, cls.mar, cls.apr = cls.env["account.move"].search(
            [("lease_id", "=", cls.lease.id)], order="rent_period_start"
        )

    @contextmanager
    def assertHookCalls(self, expected):
        """The payment hook is called once per change, on exactly the changed invoices."""
        calls = []
        original = type(self.Move)._on_rent_payment_state_changed

        def record(moves):
            calls.append(moves)
            return original(moves)

        with patch.object(
            type(self.Move), "_on_rent_payment_state_changed", autospec=True, side_effect=record
        ):
            yield
        self.assertEqual(calls, expected)

    def test_paid_on_time_and_late(self):
        with self.assertHookCalls([self.jan]):
            self._pay(self.jan, date(2025, 12, 30))
        self.assertIn(self.jan.payment_state, ("paid", "in_payment"))
        self.assertRecordValues(self.jan, [{"paid_date": date(2025, 12, 30), "days_late": 0}])
        with self.assertHookCalls([self.feb]):
            self._pay(self.feb, date(2026, 2, 8))
        self.assertRecordValues(self.feb, [{"paid_date": date(2026, 2, 8), "days_late": 7}])

    def test_partial_payments_paid_on_the_last(self):
        with self.assertHookCalls([]):
            self._pay(self.mar, date(2026, 3, 1), amount=1000)
        self.assertEqual(self.mar.payment_state, "partial")
        self.assertFalse(self.mar.paid_date)
        with self.assertHookCalls([self.mar]):
            self._pay(self.mar, date(2026, 3, 4), amount=3000)
        self.assertRecordValues(self.mar, [{"paid_date": date(2026, 3, 4), "days_late": 3}])

    def test_unreconcile_resets(self):
        payment = self._pay(self.jan, date(2026, 1, 5))
        self.assertEqual(self.jan.days_late, 4)
        with self.assertHookCalls([self.jan]):
            payment.action_draft()
        self.assertRecordValues(self.jan, [{"paid_date": False, "days_late": 0}])
        self.assertEqual(self.jan.payment_state, "not_paid")
        # Reconciled again later, the invoice takes the new date.
        payment.date = date(2026, 1, 2)
        payment.action_post()
        receivable = (payment.move_id.line_ids | self.jan.line_ids).filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        with self.assertHookCalls([self.jan]):
            receivable.reconcile()
        self.assertRecordValues(self.jan, [{"paid_date": date(2026, 1, 2), "days_late": 1}])

    def test_bank_statement_line_reconciliation(self):
        st_line = self.env["account.bank.statement.line"].create(
            {
                "payment_ref": self.feb.name,
                "journal_id": self.bank_journal.id,
                "partner_id": self.tenant.id,
                "amount": 4000,
                "date": date(2026, 2, 3),
            }
        )
        __, suspense, __ = st_line._seek_for_lines()
        receivable = self.feb.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        suspense.account_id = receivable.account_id
        with self.assertHookCalls([self.feb]):
            (suspense | receivable).reconcile()
        self.assertRecordValues(
            self.feb, [{"payment_state": "paid", "paid_date": date(2026, 2, 3), "days_late": 2}]
        )
        with self.assertHookCalls([self.feb]):
            st_line.action_undo_reconciliation()
        self.assertFalse(self.feb.paid_date)

    def test_reversal_is_no_payment(self):
        payment = self._pay(self.apr, date(2026, 4, 1))
        self.assertEqual(self.apr.paid_date, date(2026, 4, 1))
        payment.action_draft()
        with self.assertHookCalls([]):
            self.apr._reverse_moves(cancel=True)
        self.assertRecordValues(
            self.apr, [{"payment_state": "reversed", "paid_date": False, "days_late": 0}]
        )

    # Long on purpose: one payment history and the figures it must give.
    def test_tenant_payment_stats(self):
        self._pay(self.jan, date(2026, 1, 1))  # on time
        self._pay(self.feb, date(2026, 2, 11))  # 10 days late
        self._pay(self.mar, date(2026, 3, 1), amount=1500)  # partial, overdue
        # April is unpaid and due on the reference day itself: not late yet.
        other = self._create_active_lease(
            unit_id=self.unit_b.id, partner_id=self.tenant_2.id, rent_amount=6000
        )
        other._generate_rent_invoices(date(2026, 1, 1))
        self._pay(self._rent_invoices(other), date(2026, 1, 1))
        stats = (self.tenant | self.tenant_2)._get_rent_payment_stats(date(2026, 4, 1))
        self.assertEqual(
            stats[self.tenant.id],
            {
                "due_count_12m": 4,
                "on_time_count_12m": 1,
                "on_time_payment_rate": 25.0,
                "late_payment_count_12m": 2,
                "overdue_amount": 2500.0,
                "rent_paid_12m": 8000.0,
            },
        )
        self.assertEqual(stats[self.tenant_2.id]["on_time_payment_rate"], 100.0)
        # A year later, nothing is due in the window any more.
        later = self.tenant._get_rent_payment_stats(date(2027, 6, 1))[self.tenant.id]
        self.assertEqual(later["due_count_12m"], 0)
        self.assertEqual(later["overdue_amount"], 6500.0)  # rest of March + April
        # The computed fields use today's date.
        with freeze_time("2026-04-01"):
            self.tenant.invalidate_recordset()
            self.assertRecordValues(
                self.tenant,
                [
                    {
                        "on_time_payment_rate": 25.0,
                        "late_payment_count_12m": 2,
                        "overdue_amount": 2500.0,
                        "rent_paid_12m": 8000.0,
                    }
                ],
            )

    def test_stats_query_count_is_constant(self):
        partners = self.env["res.partner"].create([{"name": f"P{i}"} for i in range(30)])
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            partners[:3]._get_rent_payment_stats(date(2026, 4, 1))
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            (partners | self.tenant)._get_rent_payment_stats(date(2026, 4, 1))
