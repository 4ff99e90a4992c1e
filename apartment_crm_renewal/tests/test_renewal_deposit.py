# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.apartment_crm_rent.tests.common import RentCommon


@tagged("post_install", "-at_install")
class TestRenewalDeposit(RentCommon):
    """Renewals with the rent capability: the deposit moves to the successor lease, and is
    settled (credit note) when a tenant who declined moves out."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Renewal = cls.env["apartment.lease.renewal"]
        cls.reason = cls.env.ref("apartment_crm_renewal.renewal_decline_reason_price")
        with freeze_time("2026-01-01"):
            cls.lease = cls._create_lease(user_id=cls.user_housekeeper.id)
            cls.lease.action_activate()
        cls.deposit = cls.lease.deposit_move_id

    def _open(self):
        with freeze_time("2026-10-02"):
            renewals = self.Renewal._cron_open_renewals()
        return renewals.filtered(lambda r: r.lease_id == self.lease)

    def test_decline_then_move_out_settles_deposit(self):
        self.assertTrue(self.deposit, "the rent capability invoiced the deposit")
        renewal = self._open()
        renewal.action_decline(self.reason)
        self.assertFalse(self.lease.deposit_refund_move_id, "not before the move-out")
        with freeze_time("2026-12-31"):
            self.lease.action_end()
        refund = self.lease.deposit_refund_move_id
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.amount_total, 8000)
        self.assertEqual(refund.reversed_entry_id, self.deposit)

    def test_move_out_without_deposit_invoice_does_not_fail(self):
        self.lease.deposit_move_id = False
        renewal = self._open()
        renewal.action_decline(self.reason)
        with freeze_time("2026-12-31"):
            self.lease.action_end()
        self.assertEqual(self.lease.state, "ended")
        self.assertFalse(self.lease.deposit_refund_move_id)
        self.assertIn("no deposit invoice", self.lease.message_ids[:1].body)

    def test_already_settled_not_settled_twice(self):
        renewal = self._open()
        renewal.action_decline(self.reason)
        with freeze_time("2026-12-31"):
            refund = self.lease._action_settle_deposit([("Cleaning", 300)])
            self.lease.action_end()
        self.assertEqual(self.lease.deposit_refund_move_id, refund)
        self.assertEqual(
            self.Move.search_count(
                [("lease_id", "=", self.lease.id), ("rent_kind", "=", "deposit_refund")]
            ),
            1,
        )

    def test_successor_keeps_the_deposit(self):
        self.company.renewal_successor_state = "active"
        renewal = self._open()
        with freeze_time("2026-10-10"):
            successor = renewal._accept_option(
                renewal.option_ids.filtered(lambda o: o.term_months == 12 and o.kind == "same")
            )
        self.assertEqual(successor.state, "active")
        self.assertEqual(successor.deposit_move_id, self.deposit, "carried over")
        self.assertEqual(
            self.Move.search_count(
                [("lease_id", "=", successor.id), ("rent_kind", "=", "deposit")]
            ),
            0,
            "no second deposit invoice",
        )
        # The old lease ends into the successor: nothing settled.
        with freeze_time("2026-12-31"):
            self.lease.action_end()
        self.assertFalse(self.lease.deposit_refund_move_id)
        # Withdrawing the successor does not cancel the deposit it inherited.
        successor.action_cancel()
        self.assertNotEqual(self.deposit.state, "cancel")
