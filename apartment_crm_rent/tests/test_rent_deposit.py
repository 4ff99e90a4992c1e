# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import RentCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-01-01")
class TestRentDeposit(RentCommon):
    def _activated_lease(self, **vals):
        lease = self._create_lease(**vals)
        lease.action_activate()
        return lease

    def test_deposit_invoice_at_activation(self):
        lease = self._activated_lease()
        deposit = lease.deposit_move_id
        self.assertRecordValues(
            deposit,
            [
                {
                    "move_type": "out_invoice",
                    "state": "posted",
                    "rent_kind": "deposit",
                    "lease_id": lease.id,
                    "amount_total": 8000.0,
                    "partner_id": self.tenant.id,
                    "invoice_date_due": date(2026, 1, 1),
                }
            ],
        )
        self.assertEqual(deposit.invoice_line_ids.account_id, self.deposit_account)
        self.assertFalse(deposit.invoice_line_ids.tax_ids)

    def test_no_deposit_product_no_invoice_but_a_note(self):
        self.company.rent_deposit_product_id = False
        lease = self._activated_lease()
        self.assertEqual(lease.state, "active")
        self.assertFalse(lease.deposit_move_id)
        self.assertIn("No deposit invoice was created", lease.message_ids[0].body)
        without = self._activated_lease(
            unit_id=self.unit_b.id, partner_id=self.tenant_2.id, deposit_amount=0
        )
        self.assertFalse(without.deposit_move_id)

    def test_settle_unpaid_deposit_with_deductions(self):
        lease = self._activated_lease()
        lease.action_end()
        refund = lease._action_settle_deposit([("Cleaning", 300), ("Broken window", 1200)])
        self.assertRecordValues(
            refund,
            [
                {
                    "move_type": "out_refund",
                    "state": "posted",
                    "rent_kind": "deposit_refund",
                    "reversed_entry_id": lease.deposit_move_id.id,
                    "amount_total": 6500.0,
                }
            ],
        )
        self.assertEqual(
            [(line.name, line.price_subtotal) for line in refund.invoice_line_ids],
            [
                (f"Security deposit returned, lease {lease.name}", 8000.0),
                ("Cleaning", -300.0),
                ("Broken window", -1200.0),
            ],
        )
        self.assertEqual(refund.invoice_line_ids[0].account_id, self.deposit_account)
        # Never paid: the credit note offsets the deposit, the tenant owes the deductions.
        self.assertEqual(lease.deposit_move_id.amount_residual, 1500.0)
        self.assertEqual(refund.payment_state, "paid")

    def test_settle_paid_deposit_leaves_the_refund_to_pay(self):
        lease = self._activated_lease()
        self._pay(lease.deposit_move_id, date(2026, 1, 1))
        with freeze_time("2026-12-15"):
            refund = lease._action_settle_deposit()
        self.assertEqual(refund.amount_total, 8000.0)
        self.assertEqual(refund.amount_residual, 8000.0, "to pay back to the tenant")

    def test_settlement_errors(self):
        draft = self._create_lease()
        with self.assertRaisesRollback(UserError, "not active or ended"):
            draft._action_settle_deposit()
        lease = self._activated_lease(unit_id=self.unit_b.id, partner_id=self.tenant_2.id)
        moves_before = self.Move.search_count([])
        # On the lease's first day: nothing to settle yet (the button is hidden too).
        self.assertFalse(lease.deposit_settleable)
        with self.assertRaisesRollback(UserError, "runs until 12/31/2026.*from 12/01/2026"):
            lease._action_settle_deposit()
        with freeze_time("2026-12-01"):
            lease.invalidate_recordset(["deposit_settleable"])
            self.assertTrue(lease.deposit_settleable)
            lease.deposit_move_id.button_draft()
            lease.invalidate_recordset(["deposit_settleable"])
            self.assertFalse(lease.deposit_settleable)
            with self.assertRaisesRollback(UserError, "is not posted: post it first"):
                lease._action_settle_deposit()
            lease.deposit_move_id.action_post()
            with self.assertRaisesRollback(UserError, r"deductions \(9000.0\) exceed the deposit"):
                lease._action_settle_deposit([("Everything", 9000)])
            with self.assertRaisesRollback(UserError, "needs a description and a positive amount"):
                lease._action_settle_deposit([("Credit", -50)])
            self.assertEqual(self.Move.search_count([]), moves_before)
            refund = lease._action_settle_deposit([("Cleaning", 100)])
            self.assertFalse(lease.deposit_settleable)
            with self.assertRaisesRollback(UserError, f"already settled by {refund.name}"):
                lease._action_settle_deposit()
        no_deposit = self._create_lease(unit_id=self.unit_c.id, deposit_amount=0)
        no_deposit.action_activate()
        with self.assertRaisesRollback(UserError, "has no deposit invoice"):
            no_deposit._action_settle_deposit()

    def test_settle_wizard(self):
        lease = self._activated_lease()
        with freeze_time("2026-12-20"):
            form = Form(
                self.env["apartment.lease.deposit.settle"]
                .with_user(self.user_manager)
                .with_context(default_lease_id=lease.id)
            )
            with form.line_ids.new() as line:
                line.name = "Cleaning"
                line.amount = 500
            self.assertEqual(form.refund_amount, 7500)
            self.user_manager.groups_id |= self.env.ref("account.group_account_invoice")
            action = form.save().action_settle()
            refund = self.Move.browse(action["res_id"])
            self.assertEqual(refund, lease.deposit_refund_move_id)
            self.assertEqual(refund.amount_total, 7500)

    def test_cancelled_lease_cancels_its_unpaid_deposit(self):
        lease = self._activated_lease()
        deposit = lease.deposit_move_id
        lease.action_cancel()
        self.assertEqual(deposit.state, "cancel")
        lease.unlink()
        self.assertFalse(deposit.lease_id)
        paid = self._activated_lease(unit_id=self.unit_b.id, partner_id=self.tenant_2.id)
        self._pay(paid.deposit_move_id, date(2026, 1, 1))
        paid.action_cancel()
        self.assertEqual(paid.deposit_move_id.state, "posted", "paid: to be refunded instead")
        with self.assertRaisesRollback(UserError, "has invoice .* cannot be deleted"):
            paid.unlink()
