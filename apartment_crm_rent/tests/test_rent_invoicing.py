# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2.errors import UniqueViolation

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL, mute_logger

from .common import RentCommon

LEASE_LOGGER = "odoo.addons.apartment_crm_rent.models.apartment_lease"


@tagged("post_install", "-at_install")
class TestRentInvoicing(RentCommon):
    def test_monthly_periods_prorated_first_and_last(self):
        lease = self._create_active_lease(date_start=date(2026, 1, 15), date_end=date(2026, 4, 10))
        lease._generate_rent_invoices(date(2026, 12, 31))
        invoices = self._rent_invoices(lease)
        self.assertEqual(
            [(m.rent_period_start, m.rent_period_end, m.amount_total) for m in invoices],
            [
                (date(2026, 1, 15), date(2026, 1, 31), 2193.55),  # 4000 * 17 / 31
                (date(2026, 2, 1), date(2026, 2, 28), 4000.0),
                (date(2026, 3, 1), date(2026, 3, 31), 4000.0),
                (date(2026, 4, 1), date(2026, 4, 10), 1333.33),  # 4000 * 10 / 30
            ],
        )
        first = invoices[0]
        self.assertRecordValues(
            first,
            [
                {
                    "move_type": "out_invoice",
                    "state": "posted",
                    "journal_id": self.journal.id,
                    "partner_id": self.tenant.id,
                    "invoice_date": date(2026, 1, 15),
                    "invoice_date_due": date(2026, 1, 15),
                    "currency_id": self.company.currency_id.id,
                    "invoice_origin": lease.name,
                }
            ],
        )
        line = first.invoice_line_ids
        self.assertEqual(line.product_id, self.rent_product)
        analytic = self.property.analytic_account_id
        self.assertTrue(analytic, "the property gets its analytic account with its first invoice")
        self.assertEqual(
            analytic.plan_id, self.env.ref("apartment_crm_rent.analytic_plan_property")
        )
        self.assertEqual(line.analytic_distribution, {str(analytic.id): 100})

    def test_returning_perk_discounts_the_first_month_once(self):
        lease = self._create_active_lease(
            date_start=date(2026, 1, 1), rent_amount=4000, first_month_discount_percent=10
        )
        lease._generate_rent_invoices(date(2026, 2, 1))
        january, february = self._rent_invoices(lease)
        discount = january.invoice_line_ids.filtered(lambda line: line.price_unit < 0)
        self.assertEqual(discount.price_unit, -400)
        self.assertIn("Returning-tenant discount", discount.name)
        self.assertEqual(january.amount_untaxed, 3600)
        self.assertFalse(february.invoice_line_ids.filtered(lambda line: line.price_unit < 0))
        self.assertEqual(february.amount_untaxed, 4000)

    def test_only_periods_started_up_to_the_date(self):
        lease = self._create_active_lease()
        lease._generate_rent_invoices(date(2026, 3, 1))
        self.assertEqual(
            self._rent_invoices(lease).mapped("rent_period_start"),
            [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)],
        )

    def test_quarterly_on_billing_day(self):
        self.company.rent_billing_day = 5
        lease = self._create_active_lease(
            date_start=date(2026, 2, 1), date_end=date(2026, 12, 31), billing_period="quarterly"
        )
        lease._generate_rent_invoices(date(2026, 7, 5))
        invoices = self._rent_invoices(lease)
        self.assertEqual(
            [(m.rent_period_start, m.rent_period_end, m.amount_total) for m in invoices],
            [
                # Quarter 5 Jan - 4 Apr has 90 days, the lease holds 63 of them.
                (date(2026, 2, 1), date(2026, 4, 4), 8400.0),
                (date(2026, 4, 5), date(2026, 7, 4), 12000.0),
                (date(2026, 7, 5), date(2026, 10, 4), 12000.0),
            ],
        )

    def test_payment_terms_of_the_lease(self):
        term = self.env["account.payment.term"].create(
            {
                "name": "10 days",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 100, "nb_days": 10})
                ],
            }
        )
        lease = self._create_active_lease(payment_term_id=term.id)
        lease._generate_rent_invoices(date(2026, 1, 1))
        invoice = self._rent_invoices(lease)
        self.assertEqual(invoice.invoice_payment_term_id, term)
        self.assertEqual(invoice.invoice_date_due, date(2026, 1, 11))

    def test_draft_when_not_auto_posted(self):
        self.company.rent_auto_post = False
        lease = self._create_active_lease()
        lease._generate_rent_invoices(date(2026, 1, 1))
        self.assertEqual(self._rent_invoices(lease).state, "draft")

    def test_cron_is_idempotent(self):
        leases = self._create_active_lease() | self._create_active_lease(
            unit_id=self.unit_b.id, partner_id=self.tenant_2.id, rent_amount=6000
        )
        Lease = self.env["apartment.lease"]
        with freeze_time("2026-02-10"):
            Lease._cron_generate_rent_invoices()
            Lease._cron_generate_rent_invoices()
        with freeze_time("2026-02-11"):
            Lease._cron_generate_rent_invoices()
        for lease in leases:
            self.assertEqual(len(self._rent_invoices(lease)), 2)
        Lease._cron_generate_rent_invoices(date(2026, 3, 1))
        self.assertEqual(len(self._rent_invoices(leases[0])), 3)

    def test_cron_skips_leases_it_cannot_invoice(self):
        draft = self._create_lease()
        usd = self.env.ref("base.USD")
        eur = self.env.ref("base.EUR")
        other = eur if self.company.currency_id == usd else usd
        other.active = True
        wrong_currency = self._create_active_lease(
            unit_id=self.unit_b.id, partner_id=self.tenant_2.id, currency_id=other.id
        )
        good = self._create_active_lease(unit_id=self.unit_c.id, partner_id=self.tenant_2.id)
        with self.assertLogs(LEASE_LOGGER, "WARNING") as logs:
            self.env["apartment.lease"]._cron_generate_rent_invoices(date(2026, 1, 1))
        self.assertIn(wrong_currency.name, "\n".join(logs.output))
        self.assertFalse(self._rent_invoices(draft) | self._rent_invoices(wrong_currency))
        self.assertEqual(len(self._rent_invoices(good)), 1)

    def test_leases_that_cannot_be_invoiced_need_attention(self):
        usd = self.env.ref("base.USD")
        eur = self.env.ref("base.EUR")
        other = eur if self.company.currency_id == usd else usd
        other.active = True
        wrong_currency = self._create_active_lease(currency_id=other.id)
        good = self._create_active_lease(unit_id=self.unit_c.id, partner_id=self.tenant_2.id)
        draft = self._create_lease(unit_id=self.unit_b.id)
        self.assertIn("Cannot invoice lease", wrong_currency.rent_invoice_issue)
        self.assertFalse(good.rent_invoice_issue)
        self.assertFalse(draft.rent_invoice_issue, "a draft is not invoiced yet: no issue")
        Lease = self.env["apartment.lease"]
        attention = Lease.search([("rent_invoice_issue", "!=", False)])
        self.assertIn(wrong_currency, attention)
        self.assertNotIn(good, attention)
        self.assertNotIn(draft, attention)
        self.assertIn(good, Lease.search([("rent_invoice_issue", "=", False)]))
        # The accountant's filter on the lease list.
        lease_filter = self.env.ref("apartment_crm_rent.apartment_lease_view_search_rent")
        self.assertIn('name="rent_needs_attention"', lease_filter.arch)
        self.company.rent_product_id = False
        good.invalidate_recordset(["rent_invoice_issue"])
        self.assertIn("no rent product", good.rent_invoice_issue)

    def test_cron_skips_and_flags_a_lease_that_fails(self):
        """A lease whose invoice fails while it is created or posted (here a negative total,
        as a 500 % discount used to give) is skipped, logged with its name and the reason and
        flagged for the accountant; the other leases of the batch are invoiced."""
        good = self._create_active_lease()
        bad = self._create_active_lease(unit_id=self.unit_b.id, partner_id=self.tenant_2.id)
        Lease = type(self.env["apartment.lease"])
        prepare = Lease._prepare_rent_invoice_line_vals

        def negative_for_bad(lease, period):
            vals = prepare(lease, period)
            if lease == bad:
                vals["price_unit"] = -4 * vals["price_unit"]
            return vals

        with (
            patch.object(Lease, "_prepare_rent_invoice_line_vals", negative_for_bad),
            self.assertLogs(LEASE_LOGGER, "WARNING") as logs,
        ):
            self.env["apartment.lease"]._cron_generate_rent_invoices(date(2026, 1, 1))
        self.assertEqual(len(self._rent_invoices(good)), 1)
        self.assertFalse(self._rent_invoices(bad))
        self.assertIn(bad.name, "\n".join(logs.output))
        self.assertIn(bad.name, bad.rent_invoice_error)
        self.assertFalse(good.rent_invoice_error)
        attention = self.env["apartment.lease"].search([("rent_invoice_error", "!=", False)])
        self.assertIn(bad, attention)
        # Fixed, the next run invoices it and clears the flag.
        self.env["apartment.lease"]._cron_generate_rent_invoices(date(2026, 1, 1))
        self.assertEqual(len(self._rent_invoices(bad)), 1)
        self.assertFalse(bad.rent_invoice_error)

    def test_generate_wizard_for_all_leases(self):
        lease = self._create_active_lease()
        wizard = Form(self.env["apartment.rent.generate"])
        wizard.date = date(2026, 2, 1)
        action = wizard.save().action_generate()
        # Other active leases of the database (demo data) may be invoiced too: look at ours.
        moves = self.Move.search(action["domain"] + [("lease_id", "=", lease.id)])
        self.assertEqual(moves, self._rent_invoices(lease))
        self.assertEqual(len(moves), 2)

    def test_button_and_amounts_on_lease(self):
        lease = self._create_active_lease(date_start=date(2025, 11, 1))
        with freeze_time("2026-01-20"):
            action = lease.action_generate_rent_invoices()
        self.assertEqual(self.Move.search(action["domain"]), self._rent_invoices(lease))
        self.assertEqual(lease.rent_invoice_count, 3)
        self.assertEqual(lease.amount_billed, 12000)
        self._pay(self._rent_invoices(lease)[0], date(2025, 11, 1))
        lease.invalidate_recordset()
        self.assertRecordValues(
            lease, [{"amount_billed": 12000, "amount_paid": 4000, "amount_due": 8000}]
        )
        with freeze_time("2026-01-20"):
            result = lease.action_generate_rent_invoices()
        self.assertEqual(result["tag"], "display_notification", "nothing left to invoice")

    def test_cancelled_or_reversed_period_is_issued_again(self):
        lease = self._create_active_lease()
        lease._generate_rent_invoices(date(2026, 2, 1))
        january, february = self._rent_invoices(lease)
        january.button_draft()
        january.button_cancel()
        # Fully reversed by a credit note (the tenant was billed the wrong amount, say).
        credit_note = february._reverse_moves(cancel=True)
        self.assertEqual(february.payment_state, "reversed")
        self.assertEqual(credit_note.lease_id, lease, "the credit note stays on the lease")
        self.assertFalse(credit_note.rent_kind)
        lease._generate_rent_invoices(date(2026, 2, 1))
        live = self._rent_invoices(lease).filtered(
            lambda m: m.state == "posted" and m.payment_state != "reversed"
        )
        self.assertEqual(live.mapped("rent_period_start"), [date(2026, 1, 1), date(2026, 2, 1)])
        self.assertEqual(len(self._rent_invoices(lease)), 4)

    def test_database_refuses_a_second_live_invoice_for_a_period(self):
        lease = self._create_active_lease()
        lease._generate_rent_invoices(date(2026, 1, 1))
        invoice = self._rent_invoices(lease)
        vals = lease._prepare_rent_invoice_vals(lease._get_rent_periods(date(2026, 1, 1))[0])
        with self.assertRaisesRegex(UserError, f"{lease.name} already has a rent invoice"):
            self.Move.create(vals)
        # A duplicate that keeps the lease and period is refused with the same message.
        with self.assertRaisesRegex(UserError, "invoiced once per period"):
            invoice.copy(
                {
                    "lease_id": lease.id,
                    "rent_kind": "rent",
                    "rent_period_start": invoice.rent_period_start,
                    "rent_period_end": invoice.rent_period_end,
                }
            )
        # Two for the same period in one batch too.
        invoice.button_draft()
        invoice.button_cancel()
        with self.assertRaisesRegex(UserError, "invoiced once per period"):
            self.Move.create([vals, vals])
        invoice.button_draft()
        invoice.action_post()
        # Duplicating the invoice is fine: the copy is no rent invoice of a period.
        copy = invoice.copy()
        self.assertFalse(copy.lease_id or copy.rent_kind or copy.rent_period_start)
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation), self.cr.savepoint():
            self.cr.execute(
                SQL(
                    "UPDATE account_move SET lease_id = %s, rent_kind = 'rent', "
                    "rent_period_start = %s, state = 'posted' WHERE id = %s",
                    lease.id,
                    invoice.rent_period_start,
                    copy.id,
                )
            )

    def test_deleting_a_posted_rent_invoice(self):
        lease = self._create_active_lease()
        lease._generate_rent_invoices(date(2026, 1, 1))
        invoice = self._rent_invoices(lease)
        with self.assertRaisesRollback(UserError, f"{invoice.name} is a posted Rent invoice"):
            invoice.unlink()
        self.assertTrue(invoice.exists())
        invoice.button_draft()
        invoice.unlink()
        self.assertFalse(self._rent_invoices(lease))

    def test_billing_day_out_of_range(self):
        for day in (0, 29, -3):
            with self.assertRaisesRollback(ValidationError, "billing day"):
                self.company.rent_billing_day = day
                self.env.flush_all()
        with self.assertRaisesRollback(ValidationError, "rent journal .* must be a sales journal"):
            self.company.rent_journal_id = self.bank_journal

    # Long on purpose: one data set and its table of expected errors.
    def test_errors_leave_nothing_written(self):
        lease = self._create_active_lease()
        ended = self._create_active_lease(
            unit_id=self.unit_b.id, partner_id=self.tenant_2.id, rent_amount=6000
        )
        ended.action_end()
        draft = self._create_lease(unit_id=self.unit_c.id, partner_id=self.tenant_2.id)
        cancelled = self._create_lease(
            unit_id=self.unit_c.id,
            partner_id=self.tenant_2.id,
            date_start=date(2027, 1, 1),
            date_end=date(2027, 6, 30),
        )
        cancelled.action_cancel()
        count = self.Move.search_count([])
        cases = [
            (draft, "is Draft: only active leases are invoiced"),
            (ended, "is Ended: only active leases are invoiced"),
            (cancelled, "is Cancelled: only active leases are invoiced"),
        ]
        for record, message in cases:
            with self.assertRaisesRollback(UserError, message):
                record._generate_rent_invoices(date(2026, 6, 1))
        # A batch with one bad lease writes nothing for the good ones either.
        with self.assertRaisesRollback(UserError, "only active leases"):
            (lease | draft)._generate_rent_invoices(date(2026, 6, 1))
        product = self.company.rent_product_id
        self.company.rent_product_id = False
        with self.assertRaisesRollback(UserError, "has no rent product.*Settings"):
            lease.action_generate_rent_invoices()
        self.company.write({"rent_product_id": product.id, "rent_journal_id": False})
        with self.assertRaisesRollback(UserError, "has no rent journal"):
            lease.action_generate_rent_invoices()
        self.company.rent_journal_id = self.journal
        other = self.env.ref("base.EUR")
        if other == self.company.currency_id:
            other = self.env.ref("base.USD")
        other.active = True
        lease.currency_id = other
        with self.assertRaisesRollback(UserError, f"in {other.name}: the rent journal"):
            lease.action_generate_rent_invoices()
        self.assertEqual(self.Move.search_count([]), count)

    def test_housekeeper_cannot_invoice_but_can_activate(self):
        lease = self._create_lease()
        lease.with_user(self.user_housekeeper).action_activate()
        self.assertEqual(lease.deposit_move_id.state, "posted")
        with self.assertRaises(AccessError):
            lease.with_user(self.user_housekeeper)._generate_rent_invoices(date(2026, 1, 1))

    def test_query_count_of_a_batch(self):
        """Generating and posting is batched: 5 and 15 leases cost the same fixed part plus what
        Odoo's own account.move create/post costs per invoice (pinned, so a per-lease query in
        our code shows up)."""
        props = self.env["apartment.property"].create(
            [{"name": f"Batch {i}", "code": f"BQ{i}"} for i in range(2)]
        )
        units = self.env["apartment.unit"].create(
            [
                {"name": f"BQ-{i}", "property_id": props[i % 2].id, "list_rent": 3000}
                for i in range(20)
            ]
        )
        tenants = self.env["res.partner"].create([{"name": f"Batch tenant {i}"} for i in range(20)])
        leases = self.env["apartment.lease"].create(
            [
                {
                    "partner_id": tenants[i].id,
                    "unit_id": units[i].id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "rent_amount": 3000 + i,
                }
                for i in range(20)
            ]
        )
        leases.write({"state": "active"})
        props._get_or_create_analytic_account()
        self.env.flush_all()
        self.env.invalidate_all()
        # +1 query per batch since the loyalty wiring: the pending rent credits of the tenants;
        # +1 per batch for the check that the periods have no live rent invoice yet.
        with self.assertQueryCount(__system__=157):
            leases[:5]._generate_rent_invoices(date(2026, 1, 1), raise_errors=False)
            self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=271):
            leases[5:]._generate_rent_invoices(date(2026, 1, 1), raise_errors=False)
            self.env.flush_all()
        self.assertEqual(self.Move.search_count([("lease_id", "in", leases.ids)]), 20)
