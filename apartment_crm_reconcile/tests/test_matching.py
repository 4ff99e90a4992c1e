# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

from odoo.tests import Form, tagged

from ..tools import unit_in_memo
from .common import ReconcileCommon


@tagged("post_install", "-at_install")
class TestRentMatching(ReconcileCommon):
    """Each rule of the engine on real statement lines, reconciled through the OCA
    reconciliation (the invoice's payment state changes as with any reconciliation)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 张伟 rents 101 at 4000: January and February invoiced, both open.
        cls.lease = cls._create_invoiced_lease()
        cls.jan, cls.feb = cls.env["account.move"].search(
            [("lease_id", "=", cls.lease.id)], order="rent_period_start"
        )
        # Emma rents 201 at 8000 from February.
        cls.lease_2 = cls._create_invoiced_lease(
            partner_id=cls.tenant_2.id,
            unit_id=cls.unit_c.id,
            date_start=date(2026, 2, 1),
            rent_amount=8000,
        )
        cls.emma_feb = cls.env["account.move"].search([("lease_id", "=", cls.lease_2.id)])

    def assertPaid(self, invoices, paid_date):
        for invoice in invoices:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"), invoice.name)
            self.assertEqual(invoice.paid_date, paid_date, invoice.name)

    def _late_fees_from_january(self):
        # Late fees switched on start today (never retroactive): these tests charge the rent
        # of January and February 2026, so they start in January.
        self.company.write(
            {
                "rent_late_fee_type": "fixed",
                "rent_late_fee_rate": 10,
                "rent_late_fee_date_from": date(2026, 1, 1),
            }
        )

    # Rules -------------------------------------------------------------------------------------
    def test_reference_in_memo(self):
        line = self._line(4000, f"3B 张伟 1月租金 {self.lease.payment_reference}")
        self._match(line)
        self.assertRecordValues(
            line,
            [
                {
                    "rent_match_state": "auto",
                    "rent_match_rule": "reference",
                    "rent_match_allocation": "exact",
                    "rent_match_partner_id": self.tenant.id,
                    "rent_match_lease_id": self.lease.id,
                    "is_reconciled": True,
                    "partner_id": self.tenant.id,
                }
            ],
        )
        self.assertGreaterEqual(line.rent_match_confidence, 90)
        self.assertIn(self.lease.payment_reference, line.rent_match_reason)
        self.assertIn("Lease reference", line.rent_match_reason)
        # The month in the memo chooses January among two open invoices of 4000.
        self.assertPaid(self.jan, date(2026, 2, 3))
        self.assertEqual(self.jan.days_late, 33)
        self.assertEqual(self.feb.payment_state, "not_paid")

    def test_reference_with_typo_is_not_trusted(self):
        reference = self.lease.payment_reference
        wrong = reference[:-2] + str((int(reference[-2]) + 1) % 10) + reference[-1]
        line = self._match(self._line(8000, f"rent {wrong}"))
        # Not the reference (check digit): nothing else identifies the tenant.
        self.assertEqual(line.rent_match_state, "none")
        self.assertFalse(line.is_reconciled)

    def test_lease_number_in_memo(self):
        number = self.lease.name.replace("/", " ").lower()
        line = self._match(self._line(8000, f"{number} rent Jan+Feb"))
        self.assertRecordValues(
            line, [{"rent_match_rule": "reference", "rent_match_allocation": "oldest_sum"}]
        )
        self.assertPaid(self.jan | self.feb, date(2026, 2, 3))

    def test_invoice_number_in_memo(self):
        line = self._match(self._line(4000, f"pay {self.feb.name}"))
        self.assertRecordValues(line, [{"rent_match_rule": "invoice", "rent_match_state": "auto"}])
        self.assertPaid(self.feb, date(2026, 2, 3))
        self.assertEqual(self.jan.payment_state, "not_paid")

    def test_payer_account_learned_from_confirmed_match(self):
        first = self._line(
            4000,
            f"{self.lease.payment_reference} 1月",
            partner_name="张建国",
            account_number="6222 0202 0000 1234",
        )
        self._match(first)
        payer = self.env["apartment.payer.account"].search([("partner_id", "=", self.tenant.id)])
        self.assertRecordValues(
            payer,
            [{"account_number": "6222020200001234", "holder_name": "张建国", "match_count": 1}],
        )
        # Next month the parent pays without any memo: the account is known.
        second = self._match(
            self._line(
                4000,
                "房租",
                day=date(2026, 2, 20),
                partner_name="张建国",
                account_number="6222020200001234",
            )
        )
        self.assertRecordValues(second, [{"rent_match_rule": "payer", "rent_match_state": "auto"}])
        self.assertPaid(self.feb, date(2026, 2, 20))
        self.assertEqual(payer.match_count, 2)

    def test_unreconcile_takes_the_payer_account_back(self):
        Payer = self.env["apartment.payer.account"].with_context(active_test=False)
        first = self._match(
            self._line(
                4000,
                f"{self.lease.payment_reference} 1月",
                partner_name="张建国",
                account_number="6222020200001234",
            )
        )
        payer = Payer.search([("partner_id", "=", self.tenant.id)])
        self.assertEqual(payer.match_count, 1)
        # The accountant undoes the match (it was wrong): the account is no longer trusted.
        first.unreconcile_bank_line()
        self.assertRecordValues(payer, [{"match_count": 0, "active": False}])
        unknown = self._match(
            self._line(
                4000,
                "房租",
                day=date(2026, 2, 20),
                partner_name="张建国",
                account_number="6222020200001234",
            )
        )
        self.assertNotEqual(unknown.rent_match_rule, "payer")
        self.assertFalse(unknown.is_reconciled)
        # Undoing it a second time takes nothing more back; a new confirmed match teaches it
        # again.
        first.action_undo_reconciliation()
        self.assertEqual(payer.match_count, 0)
        self.assertEqual(first.rent_match_state, "review")
        first.action_rent_accept()
        self.assertRecordValues(payer, [{"match_count": 1, "active": True}])

    def test_name_chinese_and_amount(self):
        line = self._match(self._line(8000, "张伟交房租"))
        self.assertRecordValues(
            line,
            [
                {
                    "rent_match_rule": "name_cjk",
                    "rent_match_allocation": "oldest_sum",
                    "rent_match_state": "auto",
                }
            ],
        )
        self.assertPaid(self.jan | self.feb, date(2026, 2, 3))

    def test_name_pinyin_and_typo(self):
        # The payer's name in pinyin, family name last, as some banks print it.
        line = self._match(self._line(8000, "rent", partner_name="WEI ZHANG"))
        self.assertEqual(line.rent_match_rule, "name_pinyin")
        self.assertTrue(line.is_reconciled)
        # Emma's name with one letter wrong, her amount.
        line_2 = self._match(self._line(8000, "Feb rent Ema Schmidt"))
        self.assertRecordValues(
            line_2,
            [
                {
                    "rent_match_rule": "name_fuzzy",
                    "rent_match_partner_id": self.tenant_2.id,
                    "rent_match_state": "auto",
                }
            ],
        )
        self.assertPaid(self.emma_feb, date(2026, 2, 3))

    def test_homophone_chinese_name(self):
        # 张维 sounds like 张伟: the pinyin key recognises it.
        line = self._match(self._line(8000, "张维 房租"))
        self.assertRecordValues(
            line, [{"rent_match_rule": "name_pinyin", "rent_match_partner_id": self.tenant.id}]
        )

    def test_name_with_other_amount_waits(self):
        line = self._match(self._line(3000, "张伟 房租"))
        self.assertRecordValues(
            line,
            [
                {
                    "rent_match_state": "review",
                    "rent_match_allocation": "partial",
                    "is_reconciled": False,
                }
            ],
        )
        self.assertLess(line.rent_match_confidence, 90)

    def test_partial_payment_to_oldest(self):
        line = self._match(self._line(1500, self.lease.payment_reference))
        self.assertRecordValues(
            line, [{"rent_match_allocation": "partial", "rent_match_state": "auto"}]
        )
        self.assertEqual(self.jan.payment_state, "partial")
        self.assertEqual(self.jan.amount_residual, 2500)
        self.assertFalse(self.jan.paid_date)
        self.assertEqual(self.feb.amount_residual, 4000)

    def test_overpayment_left_as_credit(self):
        line = self._match(self._line(9000, self.lease.payment_reference))
        self.assertRecordValues(
            line, [{"rent_match_allocation": "overpayment", "rent_match_state": "auto"}]
        )
        self.assertPaid(self.jan | self.feb, date(2026, 2, 3))
        # 1000 stays on the tenant's receivable account, as a credit.
        self.assertEqual(self._receivable_residual(self.tenant), -1000)

    def test_outgoing_and_unrelated_lines_untouched(self):
        out = self._line(-4000, self.lease.payment_reference)
        other = self._line(1234.56, "interest 利息")
        self._match(out, other)
        self.assertEqual((out | other).mapped("rent_match_state"), ["none", "none"])
        self.assertFalse((out | other).filtered("is_reconciled"))

    # Ambiguous cases go to review -----------------------------------------------------------
    def _tenant_of_102(self, name, **vals):
        """(a tenant named ``name``, their lease of unit 102 from February, invoiced)."""
        partner = self.env["res.partner"].create({"name": name})
        lease = self._create_invoiced_lease(
            partner_id=partner.id, unit_id=self.unit_b.id, date_start=date(2026, 2, 1), **vals
        )
        return partner, lease

    def test_two_tenants_same_name_same_amount_review(self):
        self._tenant_of_102("张伟")
        line = self._match(self._line(4000, "张伟 2月房租"))
        self.assertRecordValues(
            line,
            [
                {
                    "rent_match_state": "review",
                    "rent_match_allocation": "ambiguous_tenant",
                    "is_reconciled": False,
                }
            ],
        )
        self.assertLess(line.rent_match_confidence, 90)
        self.assertEqual(self.feb.payment_state, "not_paid")

    def test_namesakes_the_unit_in_the_memo_decides(self):
        """Two 张伟 with the same rent: the unit in the memo ("102 张伟") tells them apart."""
        namesake, lease = self._tenant_of_102("张伟")
        line = self._match(self._line(4000, "102 张伟 2月房租"))
        self.assertRecordValues(
            line, [{"rent_match_state": "auto", "rent_match_partner_id": namesake.id}]
        )
        self.assertPaid(lease.rent_invoice_ids, date(2026, 2, 3))
        self.assertEqual(self.feb.payment_state, "not_paid")

    def test_namesake_whose_amount_fits_does_not_beat_the_unit(self):
        """The 张伟 of 102 pays 100 more than his rent of 3,900, which is what the 张伟 of
        101 owes: the unit in the memo says whose transfer it is, so it is not taken as the
        other one's rent (seen at 10,000 leases: one wrong automatic match). It waits for
        review, proposed to the 张伟 of 102."""
        namesake, _lease = self._tenant_of_102("张伟", rent_amount=3900)
        line = self._match(self._line(4000, "102 张伟 2月房租"))
        self.assertRecordValues(
            line,
            [
                {
                    "rent_match_state": "review",
                    "rent_match_partner_id": namesake.id,
                    "is_reconciled": False,
                }
            ],
        )
        self.assertEqual(self.feb.payment_state, "not_paid")

    def test_parent_name_is_no_tenant_name_inside_it(self):
        """A parent 唐卫东 pays from an account not known yet: his name is read as a whole,
        not as the tenant 董伟 (卫东 is weidong, 董伟 given name first) whose open rent has
        the same amount (seen at 5,000 leases: one wrong automatic match)."""
        dong, _lease = self._tenant_of_102("董伟", rent_amount=5300)
        line = self._match(self._line(5300, "rent", partner_name="唐卫东"))
        self.assertNotEqual(line.rent_match_partner_id, dong)
        self.assertFalse(line.is_reconciled)
        # The tenant paying under his own name is still found.
        line = self._match(self._line(5300, "rent", partner_name="董伟"))
        self.assertRecordValues(
            line, [{"rent_match_state": "auto", "rent_match_partner_id": dong.id}]
        )

    def test_unit_in_memo(self):
        """A unit stands in the memo as a name of its own, not inside a longer code or as a
        date."""
        for unit, memo, found in [
            ("3B", "3B 张伟 11月租金", True),
            ("3B", "3b张伟11月", True),
            ("3B", "13B 张伟", False),
            ("3B", "3B2 张伟", False),
            ("11", "张伟 11月租金", False),
            ("3", "3号 房租", False),
            ("A-12", "a12 房租", True),
            ("341423-9477", "3414239477龚平", True),
        ]:
            self.assertEqual(unit_in_memo(unit, memo), found, (unit, memo))

    def test_two_open_invoices_same_amount_review(self):
        line = self._match(self._line(4000, "张伟 房租"))
        self.assertRecordValues(
            line,
            [
                {
                    "rent_match_state": "review",
                    "rent_match_allocation": "ambiguous_amount",
                    "is_reconciled": False,
                }
            ],
        )
        # The month in the memo settles it.
        line_feb = self._match(self._line(4000, "张伟 2月房租"))
        self.assertEqual(line_feb.rent_match_state, "auto")
        self.assertPaid(self.feb, date(2026, 2, 3))
        self.assertEqual(self.jan.payment_state, "not_paid")

    def test_review_proposal_filled_in_reconciliation_screen_and_accepted(self):
        line = self._match(self._line(4000, "张伟 房租"))
        self.assertEqual(line.rent_match_state, "review")
        data = line.reconcile_data_info
        self.assertTrue(data["can_reconcile"])
        counterparts = [item for item in data["data"] if item.get("counterpart_line_ids")]
        self.assertEqual(len(counterparts), 1)
        self.assertEqual(
            self.env["account.move.line"].browse(counterparts[0]["counterpart_line_ids"]).move_id,
            self.jan,
        )
        # Validated in the OCA screen: matched by hand.
        line.reconcile_bank_line()
        self.assertEqual(line.rent_match_state, "manual")
        self.assertPaid(self.jan, date(2026, 2, 3))

    def test_accept_button(self):
        line = self._match(self._line(4000, "张伟 房租"))
        line.action_rent_accept()
        self.assertRecordValues(line, [{"rent_match_state": "manual", "is_reconciled": True}])
        self.assertPaid(self.jan, date(2026, 2, 3))

    def test_threshold(self):
        self.company.rent_reconcile_threshold = 100
        line = self._match(self._line(4000, f"{self.lease.payment_reference} 1月"))
        self.assertEqual(line.rent_match_state, "review")
        self.assertFalse(line.is_reconciled)
        with Form(self.env["res.config.settings"]) as settings:
            settings.rent_reconcile_threshold = 80
        self.assertEqual(self.company.rent_reconcile_threshold, 80)

    # Downstream ------------------------------------------------------------------------------
    def test_unreconcile_reverses_paid_date(self):
        line = self._match(
            self._line(4000, f"{self.lease.payment_reference} 1月", day=date(2026, 1, 1))
        )
        self.assertPaid(self.jan, date(2026, 1, 1))
        self.assertEqual(self.jan.days_late, 0)
        line.unreconcile_bank_line()
        self.assertRecordValues(
            self.jan, [{"payment_state": "not_paid", "paid_date": False, "days_late": 0}]
        )
        self.assertRecordValues(line, [{"rent_match_state": "review", "is_reconciled": False}])
        # A late fee accrues again on the open invoice (not on a paid one).
        self._late_fees_from_january()
        fees = self.Move._cron_generate_rent_late_fees(date(2026, 3, 1))
        self.assertIn(self.jan, fees.rent_late_fee_source_id)

    def test_paid_invoice_accrues_no_late_fee(self):
        self._match(self._line(8000, self.lease.payment_reference, day=date(2026, 1, 1)))
        self._late_fees_from_january()
        fees = self.Move._cron_generate_rent_late_fees(date(2026, 3, 1))
        self.assertFalse(fees.filtered(lambda fee: fee.lease_id == self.lease))

    # Batch reconciliation ---------------------------------------------------------------------
    def _lease_3(self):
        return self._create_invoiced_lease(
            partner_id=self.tenant_3.id,
            unit_id=self.unit_b.id,
            date_start=date(2026, 2, 1),
            rent_amount=3000,
        )

    def test_exact_payments_reconciled_together(self):
        """Exact one-invoice payments are reconciled in one plan: the entry's suspense item is
        now the tenant's receivable item (same amount), reconciled with the invoice's; a partial
        payment in the same batch goes through OCA's reconciliation."""
        lease_3 = self._lease_3()
        li_feb = self.env["account.move"].search([("lease_id", "=", lease_3.id)])
        emma_line = self._line(8000, f"{self.lease_2.payment_reference} Feb")
        li_line = self._line(3000, f"{lease_3.payment_reference} 2月")
        partial = self._line(1500, self.lease.payment_reference)
        suspense_before = {line: line._seek_for_lines()[1] for line in (emma_line, li_line)}
        self._match(emma_line, li_line, partial)
        self.assertPaid(self.emma_feb | li_feb, date(2026, 2, 3))
        self.assertEqual(self.jan.amount_residual, 2500)
        for line, invoice, tenant in (
            (emma_line, self.emma_feb, self.tenant_2),
            (li_line, li_feb, self.tenant_3),
        ):
            self.assertRecordValues(
                line, [{"is_reconciled": True, "rent_match_state": "auto", "partner_id": tenant.id}]
            )
            _liquidity, suspense, other = line._seek_for_lines()
            self.assertFalse(suspense)
            receivable = invoice.line_ids.filtered(
                lambda item: item.account_type == "asset_receivable"
            )
            self.assertRecordValues(
                other,
                [
                    {
                        "account_id": receivable.account_id.id,
                        "partner_id": tenant.id,
                        "balance": -invoice.amount_total,
                        "reconciled": True,
                    }
                ],
            )
            self.assertEqual(other.full_reconcile_id, receivable.full_reconcile_id)
            # The same item, moved to the receivable account (not deleted and made anew).
            self.assertEqual(other, suspense_before[line])
        self.assertRecordValues(
            partial,
            [
                {
                    "is_reconciled": True,
                    "rent_match_state": "auto",
                    "rent_match_allocation": "partial",
                }
            ],
        )

    def test_same_invoice_paid_twice_in_one_batch(self):
        """Two exact payments of the same invoice in one file: the first pays it, the second is
        not reconciled on the paid invoice but left as the tenant's credit (as it would be
        alone, once the invoice is paid)."""
        first = self._line(4000, f"{self.lease.payment_reference} 1月")
        second = self._line(4000, f"{self.lease.payment_reference} 1月", day=date(2026, 2, 4))
        self._match(first, second)
        self.assertRecordValues(first, [{"is_reconciled": True, "rent_match_state": "auto"}])
        self.assertPaid(self.jan, date(2026, 2, 3))
        self.assertTrue(second.is_reconciled)
        self.assertEqual(self.feb.payment_state, "not_paid")
        self.assertEqual(self._receivable_residual(self.tenant), 4000 - 4000)

    def _batched(self, line):
        """Match ``line`` alone; check it went the batch way (its suspense item became the
        tenant's receivable item, not deleted and made anew by OCA's screen) and return
        that item."""
        suspense = line._seek_for_lines()[1]
        self._match(line)
        self.assertRecordValues(line, [{"is_reconciled": True, "rent_match_state": "auto"}])
        _liquidity, suspense_after, other = line._seek_for_lines()
        self.assertFalse(suspense_after)
        self.assertEqual(other, suspense, "the suspense item itself, moved (batch path)")
        self.assertRecordValues(
            other,
            [
                {
                    "account_id": self.tenant.property_account_receivable_id.id,
                    "partner_id": self.tenant.id,
                    "balance": -line.amount,
                }
            ],
        )
        return other

    def _payment_state_tracking(self, invoice):
        self.env.cr.precommit.run()
        values = (
            self.env["mail.message"]
            .search([("model", "=", "account.move"), ("res_id", "=", invoice.id)])
            .sudo()
            .tracking_value_ids.filtered(lambda value: value.field_id.name == "payment_state")
        )
        return [(value.old_value_char, value.new_value_char) for value in values]

    def _spy_payment_hook(self):
        """The invoices the rent addon's payment hook is called on (the real hook runs)."""
        calls = []
        original = type(self.Move)._on_rent_payment_state_changed

        def spy(moves):
            calls.append(moves)
            return original(moves)

        return calls, patch.object(type(self.Move), "_on_rent_payment_state_changed", spy)

    def test_two_months_in_one_transfer_batched(self):
        """Two months in one transfer are reconciled in the batch: both invoices paid on the
        transfer's date (on time for January, the payment hook called on both), one
        payment message each; unreconciling opens both again."""
        self.env.cr.flush()  # as after the invoices' commit (Odoo tracks older records only)
        calls, spy = self._spy_payment_hook()
        with spy:
            line = self._line(8000, self.lease.payment_reference, day=date(2026, 1, 1))
            item = self._batched(line)
        self.assertEqual(line.rent_match_allocation, "oldest_sum")
        self.assertPaid(self.jan | self.feb, date(2026, 1, 1))
        self.assertEqual(self.jan.days_late, 0)
        self.assertTrue(item.reconciled)
        self.assertEqual(
            set().union(*(moves.ids for moves in calls)), set((self.jan | self.feb).ids)
        )
        for invoice in self.jan | self.feb:
            self.assertEqual(len(self._payment_state_tracking(invoice)), 1, invoice.name)
        line.unreconcile_bank_line()
        self.assertRecordValues(
            self.jan | self.feb,
            [
                {"payment_state": "not_paid", "paid_date": False, "amount_residual": 4000},
                {"payment_state": "not_paid", "paid_date": False, "amount_residual": 4000},
            ],
        )
        self.assertRecordValues(line, [{"is_reconciled": False, "rent_match_state": "review"}])

    def test_partial_payment_batched(self):
        """A partial payment of the oldest invoice is reconciled in the batch: January is
        partly paid (residual open, no paid date, no payment hook, "Partially Paid" in its
        chatter), February untouched; the rest paid later sets the paid date of that day."""
        self.env.cr.flush()
        calls, spy = self._spy_payment_hook()
        with spy:
            item = self._batched(self._line(1500, self.lease.payment_reference))
        self.assertFalse(calls)
        self.assertTrue(item.reconciled)
        self.assertRecordValues(
            self.jan | self.feb,
            [
                {"payment_state": "partial", "amount_residual": 2500, "paid_date": False},
                {"payment_state": "not_paid", "amount_residual": 4000, "paid_date": False},
            ],
        )
        self.assertEqual(self._payment_state_tracking(self.jan), [("Not Paid", "Partially Paid")])
        rest = self._line(2500, self.lease.payment_reference, day=date(2026, 2, 10))
        self._batched(rest)
        self.assertEqual(rest.rent_match_allocation, "exact")
        self.assertPaid(self.jan, date(2026, 2, 10))
        self.assertEqual(self.jan.days_late, (date(2026, 2, 10) - self.jan.invoice_date_due).days)
        self.assertEqual(self.feb.amount_residual, 4000)

    def test_partial_payment_of_two_months_batched(self):
        """6000 for two months of 4000: January paid, February partly (2000 open)."""
        line = self._line(6000, self.lease.payment_reference)
        self._batched(line)
        self.assertEqual(line.rent_match_allocation, "partial")
        self.assertPaid(self.jan, date(2026, 2, 3))
        self.assertRecordValues(
            self.feb, [{"payment_state": "partial", "amount_residual": 2000, "paid_date": False}]
        )

    def test_overpayment_batched_rest_is_credit(self):
        """An overpayment is reconciled in the batch: both invoices paid, the rest (1000) open
        on the tenant's receivable item, their credit; unreconciling takes it back."""
        line = self._line(9000, self.lease.payment_reference)
        item = self._batched(line)
        self.assertEqual(line.rent_match_allocation, "overpayment")
        self.assertPaid(self.jan | self.feb, date(2026, 2, 3))
        self.assertRecordValues(item, [{"reconciled": False, "amount_residual": -1000}])
        self.assertEqual(self._receivable_residual(self.tenant), -1000)
        line.unreconcile_bank_line()
        self.assertEqual(self._receivable_residual(self.tenant), 8000)
        self.assertFalse(line.is_reconciled)

    def test_mixed_batch_in_one_plan(self):
        """Exact, two months, partial and overpayment lines of different tenants in one
        call are all reconciled by the batch (one reconciliation plan), each right."""
        lease_3 = self._lease_3()
        li_feb = self.env["account.move"].search([("lease_id", "=", lease_3.id)])
        lines = (
            self._line(8000, self.lease.payment_reference)
            | self._line(9000, f"{self.lease_2.payment_reference} Feb")
            | self._line(1000, f"{lease_3.payment_reference} 2月")
        )
        items = {line: line._seek_for_lines()[1] for line in lines}
        self._match(*lines)
        for line in lines:
            self.assertEqual(line._seek_for_lines()[2], items[line])
        self.assertEqual(
            lines.mapped("rent_match_allocation"), ["oldest_sum", "overpayment", "partial"]
        )
        self.assertPaid(self.jan | self.feb | self.emma_feb, date(2026, 2, 3))
        self.assertEqual(self._receivable_residual(self.tenant_2), -1000)
        self.assertEqual(li_feb.amount_residual, 2000)

    def test_batch_failure_leaves_nothing_half_done(self):
        """When the batch cannot be written (here: the receivable account was deprecated since
        the invoices were posted), nothing of it stays half-done: each line is tried again on
        its own, fails the same way and waits for review with its entry as imported."""
        jan_line = self._line(4000, f"{self.lease.payment_reference} 1月")
        emma_line = self._line(8000, f"{self.lease_2.payment_reference} Feb")
        self.jan.line_ids.filtered(
            lambda item: item.account_type == "asset_receivable"
        ).account_id.deprecated = True
        self._match(jan_line, emma_line)
        for line in jan_line | emma_line:
            self.assertRecordValues(line, [{"is_reconciled": False, "rent_match_state": "review"}])
            _liquidity, suspense, other = line._seek_for_lines()
            self.assertEqual(suspense.balance, -line.amount)
            self.assertFalse(other)
        self.assertRecordValues(
            self.jan | self.emma_feb, [{"payment_state": "not_paid"}, {"payment_state": "not_paid"}]
        )

    # Companies -------------------------------------------------------------------------------
    def test_only_invoices_of_the_line_company(self):
        company_b = self.env["res.company"].create({"name": "Other Operator"})
        self.env.user.company_ids |= company_b
        Account = self.env["account.account"].with_company(company_b)
        bank_account, suspense = Account.create(
            [
                {"name": "Bank B", "code": "100991", "account_type": "asset_cash"},
                {"name": "Suspense B", "code": "100992", "account_type": "asset_current"},
            ]
        )
        bank_b = self.env["account.journal"].create(
            {
                "name": "Bank B",
                "code": "BNKB",
                "type": "bank",
                "company_id": company_b.id,
                "default_account_id": bank_account.id,
                "suspense_account_id": suspense.id,
            }
        )
        line = self._match(
            self._line(4000, f"{self.lease.payment_reference} 张伟 1月", journal=bank_b)
        )
        self.assertEqual(line.company_id, company_b)
        self.assertRecordValues(line, [{"rent_match_state": "none", "is_reconciled": False}])
        self.assertEqual(self.jan.payment_state, "not_paid")

    # Performance -----------------------------------------------------------------------------
    def test_engine_queries_do_not_grow_with_lines(self):
        Matcher = self.env["apartment.reconcile.matcher"]

        def count(lines):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Matcher._match_lines(lines)
            return self.env.cr.sql_log_count - before

        few = self.StLine.concat(*(self._line(4000, f"张伟 {n}") for n in range(2)))
        many = self.StLine.concat(*(self._line(4000, f"张伟 {n}") for n in range(12)))
        self.assertEqual(count(few), count(many))

    def test_reason_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["apartment_crm_reconcile"], ["zh_CN"], overwrite=True
        )
        line = self._match(self._line(4000, "张伟 房租"))
        reason = line.with_context(lang="zh_CN").rent_match_reason
        self.assertIn("租户姓名（中文）及金额", reason)
        self.assertIn("多张未付账单金额相同", reason)
