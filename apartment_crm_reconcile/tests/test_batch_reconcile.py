# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

from odoo.tests import tagged

from .common import ReconcileCommon


@tagged("post_install", "-at_install")
class TestBatchReconcile(ReconcileCommon):
    """The batch reconciliation of exact payments: its chatter is the one of Odoo's tracking
    (written once for the batch) and its cost per line is bounded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.paid_subtype = cls.env.ref("account.mt_invoice_paid")
        names = "王芳 刘洋 陈静 杨磊 黄敏 赵强 吴杰 周涛".split()
        cls.units = cls.env["apartment.unit"].create(
            [
                {"name": f"B{n}", "property_id": cls.property.id, "list_rent": 3000}
                for n in range(len(names))
            ]
        )
        cls.tenants = cls.env["res.partner"].create([{"name": name} for name in names])
        cls.leases = cls.env["apartment.lease"]
        for n, (tenant, unit) in enumerate(zip(cls.tenants, cls.units, strict=True)):
            cls.leases |= cls._create_invoiced_lease(
                upto=date(2026, 2, 1),
                partner_id=tenant.id,
                unit_id=unit.id,
                date_start=date(2026, 2, 1),
                rent_amount=3000 + 100 * n,
            )

    def setUp(self):
        super().setUp()
        # As after the commit of the invoices' transaction: Odoo does not track the records
        # created in the same transaction.
        self.env.cr.flush()

    def _invoice(self, lease):
        return self.env["account.move"].search([("lease_id", "=", lease.id)])

    def _pay_lines(self, leases):
        return self.StLine.concat(
            *(self._line(lease.rent_amount, f"房租 {lease.payment_reference}") for lease in leases)
        )

    def _tracking(self, record, fname):
        """[(message, old, new)] of ``fname``'s tracking on ``record``."""
        self.env.cr.precommit.run()  # Odoo's own tracking, if any was left to the commit
        messages = self.env["mail.message"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)], order="id"
        )
        return [
            (message, value.old_value_char, value.new_value_char)
            for message in messages
            for value in message.sudo().tracking_value_ids
            if value.field_id.name == fname
        ]

    def test_chatter_as_odoo_tracking(self):
        """The invoice's chatter says once that it is paid (subtype Paid, as Odoo's tracking
        posts it), the statement entry's that its item moved to the receivable account."""
        lease_a, lease_b = self.leases[:2]
        lines = self._pay_lines(lease_a | lease_b)
        suspense = lines[0]._seek_for_lines()[1]
        suspense_account = suspense.account_id
        lines._rent_match()
        self.assertEqual(set(lines.mapped("rent_match_state")), {"auto"})
        for lease in lease_a | lease_b:
            invoice = self._invoice(lease)
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
            tracking = self._tracking(invoice, "payment_state")
            self.assertEqual(len(tracking), 1, "one payment status message per invoice")
            message, old, new = tracking[0]
            self.assertEqual(old, "Not Paid")
            self.assertIn(new, ("Paid", "In Payment"))
            if invoice.payment_state == "paid":
                self.assertEqual(message.subtype_id, self.paid_subtype)
            self.assertEqual(message.message_type, "notification")
            self.assertEqual(message.record_name, invoice.display_name)
        entry = lines[0].move_id
        tracking = self._tracking(entry, "account_id")
        self.assertEqual(len(tracking), 1)
        message, old, new = tracking[0]
        self.assertEqual(old, suspense_account.display_name)
        self.assertEqual(new, suspense.account_id.display_name)
        self.assertIn(f"#{suspense.id}", message.body)
        self.assertTrue(message.is_internal)

    def test_follower_of_paid_invoices_still_notified(self):
        """A user who follows an invoice for "Paid" is notified as before (that invoice's
        message goes through message_post)."""
        lease = self.leases[0]
        invoice = self._invoice(lease)
        follower = self.user_manager.partner_id
        invoice.message_subscribe(follower.ids, subtype_ids=self.paid_subtype.ids)
        lines = self._pay_lines(lease | self.leases[1])
        lines._rent_match()
        tracking = self._tracking(invoice, "payment_state")
        self.assertEqual(len(tracking), 1)
        message = tracking[0][0]
        if invoice.payment_state == "paid":
            self.assertIn(follower, message.sudo().notified_partner_ids)

    def test_tracking_pending_before_the_batch_is_kept(self):
        """A change of the invoice tracked earlier in the same transaction is posted once,
        and the payment once: neither is lost nor posted twice by the batch."""
        lease = self.leases[0]
        invoice = self._invoice(lease)
        lines = self._pay_lines(lease | self.leases[1])
        invoice._track_prepare(invoice._track_get_fields())
        invoice.ref = "changed before"
        lines._rent_match()
        tracking = self._tracking(invoice, "payment_state")
        self.assertEqual(len(tracking), 1)
        self.assertEqual(len(self._tracking(invoice, "ref")), 1)

    def test_batch_queries_per_line_bounded(self):
        """Matching and reconciling 3N exact payments costs at most a fixed number of queries
        per line more than N (the batch's chatter and partners are written once; what is
        left per line is Odoo's reconciliation of each pair): 6 per line on the test
        database, 7.75 before the chatter and partners were batched (the bench, on
        invoices followed as in production: 25 before, 14 after)."""

        def count(leases):
            lines = self._pay_lines(leases)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            done = lines._rent_match()
            self.env.cr.flush()  # with the tracking messages Odoo posts at commit
            self.assertEqual(done, lines)
            return self.env.cr.sql_log_count - before

        few, many = self.leases[:2], self.leases[2:8]
        extra = count(many) - count(few)
        per_line = extra / (len(many) - len(few))
        self.assertLessEqual(per_line, 7)

    def test_partial_before_the_last_invoice_goes_the_screen_way(self):
        """An allocation that pays an older invoice in part and a newer one in full (an
        override of ``_get_rent_match_allocation``; the engine pays the oldest first) is not
        reconciled by the batch, whose reconciliation would pay the older one first: the
        line is reconciled through OCA's screen, as the allocation says."""
        unit = self.env["apartment.unit"].create(
            {"name": "B-two", "property_id": self.property.id, "list_rent": 3000}
        )
        lease = self._create_invoiced_lease(
            upto=date(2026, 2, 1),
            partner_id=self.tenants[0].id,
            unit_id=unit.id,
            date_start=date(2026, 1, 1),
            rent_amount=2000,
        )
        jan, feb = self._invoice(lease).sorted("invoice_date_due")
        self.assertTrue(jan.invoice_date_due < feb.invoice_date_due)
        line = self._line(3000, f"房租 {lease.payment_reference}")

        def newer_first(record):
            items = (jan | feb).line_ids.filtered(lambda i: i.account_type == "asset_receivable")
            older = items.filtered(lambda i: i.move_id == jan)
            newer = items - older
            return [(older, 1000.0), (newer, 2000.0)], 0.0

        with patch.object(type(line), "_get_rent_match_allocation", newer_first):
            self._match(line)
        self.assertEqual(line.rent_match_state, "auto")
        self.assertTrue(line.is_reconciled)
        self.assertEqual(jan.amount_residual, 1000, "paid in part, as the allocation says")
        self.assertEqual(feb.amount_residual, 0)

    def test_batch_queries_per_line_bounded_other_allocations(self):
        """Partial payments and overpayments are reconciled by the batch too: 3N of them
        cost at most a fixed number of queries per line more than N, as the exact ones
        (5.75 a line on the test database; through OCA's screen one by one, before, 108 a
        line here, about 126 on the bench)."""

        def count(leases, kinds):
            lines = self.StLine.concat(
                *(
                    self._line(
                        lease.rent_amount / 2 if kind == "partial" else lease.rent_amount + 100,
                        f"房租 {lease.payment_reference}",
                    )
                    for lease, kind in zip(leases, kinds, strict=True)
                )
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            done = lines._rent_match()
            self.env.cr.flush()
            self.assertEqual(done, lines)
            self.assertEqual(
                set(lines.mapped("rent_match_allocation")), set(kinds), "both kinds matched"
            )
            return self.env.cr.sql_log_count - before

        few, many = self.leases[:2], self.leases[2:8]
        kinds = ["partial", "overpayment"]
        extra = count(many, kinds * 3) - count(few, kinds)
        per_line = extra / (len(many) - len(few))
        self.assertLessEqual(per_line, 7)
