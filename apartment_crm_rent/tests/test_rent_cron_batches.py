# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Rent invoicing and late fees work in committed batches when Odoo's scheduler runs them."""

from datetime import date
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.apartment_crm.tests.common import CronBatchMixin

from .common import RentCommon

INVOICES_CRON = "apartment_crm_rent.ir_cron_apartment_rent_invoices"
LATE_FEES_CRON = "apartment_crm_rent.ir_cron_apartment_rent_late_fees"
LEASE_LOGGER = "odoo.addons.apartment_crm_rent.models.apartment_lease"
MOVE_LOGGER = "odoo.addons.apartment_crm_rent.models.account_move"


@tagged("post_install", "-at_install")
class TestRentCronBatches(CronBatchMixin, RentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.day = date(2026, 1, 1)
        # What the database (demo data) has to invoice on that day is done first, by a
        # manual run: the batches below only see this test's leases.
        cls.env["apartment.lease"]._cron_generate_rent_invoices(cls.day)
        cls.batch_units = cls.env["apartment.unit"].create(
            [{"name": f"RB{index}", "property_id": cls.property.id} for index in range(5)]
        )
        cls.batch_tenants = cls.env["res.partner"].create(
            [{"name": f"Rent batch tenant {index}"} for index in range(5)]
        )
        cls.leases = cls.env["apartment.lease"].browse(
            cls._create_active_lease(unit_id=unit.id, partner_id=tenant.id).id
            for unit, tenant in zip(cls.batch_units, cls.batch_tenants, strict=True)
        )
        cls.env["ir.config_parameter"].sudo().set_param("apartment_crm.cron_batch_size", 2)
        cls.env["ir.config_parameter"].sudo().set_param("apartment_crm.rent_invoice_batch_size", 2)

    def _invoices_per_lease(self):
        return [len(self._rent_invoices(lease)) for lease in self.leases]

    def test_rent_invoicing_in_batches(self):
        progress = self._scheduler_call(INVOICES_CRON, "_cron_generate_rent_invoices", self.day)
        self.assertEqual((progress.done, progress.remaining), (2, 3), "one batch per call")
        self.assertEqual(self._invoices_per_lease(), [1, 1, 0, 0, 0])
        progress = self._scheduler_call(INVOICES_CRON, "_cron_generate_rent_invoices", self.day)
        self.assertEqual(progress.remaining, 1, "work left after two calls")
        # The scheduler's loop finishes it; nothing is invoiced twice.
        for _call in range(5):
            progress = self._scheduler_call(INVOICES_CRON, "_cron_generate_rent_invoices", self.day)
            if not progress.remaining:
                break
        self.assertEqual(progress.remaining, 0)
        self.assertEqual(self._invoices_per_lease(), [1] * 5)
        progress = self._scheduler_call(INVOICES_CRON, "_cron_generate_rent_invoices", self.day)
        self.assertEqual((progress.done, progress.remaining), (0, 0), "nothing left to do")

    def test_a_lease_that_keeps_failing_does_not_keep_the_job_running(self):
        """The failing lease is logged, flagged and skipped; the others are invoiced; once
        flagged it is not counted as work left, so the scheduler stops."""
        bad = self.leases[0]
        Lease = type(self.env["apartment.lease"])
        prepare = Lease._prepare_rent_invoice_line_vals

        def negative_for_bad(lease, period):
            vals = prepare(lease, period)
            if lease == bad:
                vals["price_unit"] = -4 * vals["price_unit"]
            return vals

        calls = []
        with (
            patch.object(Lease, "_prepare_rent_invoice_line_vals", negative_for_bad),
            self.assertLogs(LEASE_LOGGER, "WARNING") as logs,
        ):
            for _call in range(6):
                progress = self._scheduler_call(
                    INVOICES_CRON, "_cron_generate_rent_invoices", self.day
                )
                calls.append(progress.remaining)
                if not progress.remaining:
                    break
        self.assertEqual(calls, [3, 1, 0])
        self.assertIn(bad.name, "\n".join(logs.output))
        self.assertTrue(bad.rent_invoice_error)
        self.assertEqual(self._invoices_per_lease(), [0, 1, 1, 1, 1])

    def test_late_fees_in_batches(self):
        self.company.write(
            {
                "rent_late_fee_type": "fixed",
                "rent_late_fee_rate": 10,
                "rent_late_fee_cap": 0,
                "rent_late_fee_grace_days": 0,
                "rent_late_fee_date_from": self.day,
            }
        )
        fee_day = date(2026, 2, 15)
        # What the database has to charge on that day first (manual run: all at once).
        self.Move._cron_generate_rent_late_fees(fee_day)
        self.leases._generate_rent_invoices(self.day)
        rent = self.Move.search([("lease_id", "in", self.leases.ids), ("rent_kind", "=", "rent")])
        self.assertEqual(len(rent), 5)
        progress = self._scheduler_call(LATE_FEES_CRON, "_cron_generate_rent_late_fees", fee_day)
        self.assertEqual((progress.done, progress.remaining), (2, 3))
        progress = self._scheduler_call(LATE_FEES_CRON, "_cron_generate_rent_late_fees", fee_day)
        self.assertEqual((progress.done, progress.remaining), (2, 1))
        progress = self._scheduler_call(LATE_FEES_CRON, "_cron_generate_rent_late_fees", fee_day)
        self.assertEqual((progress.done, progress.remaining), (1, 0))
        fees = self.Move.search([("rent_late_fee_source_id", "in", rent.ids)])
        self.assertEqual(sorted(fees.mapped("rent_late_fee_source_id").ids), sorted(rent.ids))
        self.assertEqual(len(fees), 5, "one fee per invoice, none doubled")
        progress = self._scheduler_call(LATE_FEES_CRON, "_cron_generate_rent_late_fees", fee_day)
        self.assertEqual((progress.done, progress.remaining), (0, 0))

    def test_one_bad_late_fee_is_skipped_not_the_others(self):
        self.company.write(
            {
                "rent_late_fee_type": "fixed",
                "rent_late_fee_rate": 10,
                "rent_late_fee_grace_days": 0,
                "rent_late_fee_date_from": self.day,
            }
        )
        fee_day = date(2026, 2, 15)
        self.Move._cron_generate_rent_late_fees(fee_day)
        self.leases._generate_rent_invoices(self.day)
        rent = self.Move.search(
            [("lease_id", "in", self.leases.ids), ("rent_kind", "=", "rent")], order="id"
        )
        bad = rent[0]
        Move = type(self.Move)
        prepare = Move._prepare_rent_late_fee_vals

        def broken_for_bad(invoice, amount, day):
            vals = prepare(invoice, amount, day)
            if invoice == bad:
                vals["journal_id"] = -1  # a journal that does not exist
            return vals

        calls = []
        with (
            patch.object(Move, "_prepare_rent_late_fee_vals", broken_for_bad),
            self.assertLogs(MOVE_LOGGER, "WARNING") as logs,
            mute_logger("odoo.sql_db"),
        ):
            for _call in range(6):
                progress = self._scheduler_call(
                    LATE_FEES_CRON, "_cron_generate_rent_late_fees", fee_day
                )
                calls.append((progress.done, progress.remaining))
                if not progress.remaining or not progress.done:
                    break
        self.assertIn(str(bad.id), "\n".join(logs.output))
        fees = self.Move.search([("rent_late_fee_source_id", "in", rent.ids)])
        self.assertEqual(fees.mapped("rent_late_fee_source_id"), rent - bad)
        self.assertLess(len(calls), 6, "the job ends")
        # The bad invoice alone is left: a call that charges nothing ends the job.
        with self.assertLogs(MOVE_LOGGER, "WARNING"), mute_logger("odoo.sql_db"):
            with patch.object(Move, "_prepare_rent_late_fee_vals", broken_for_bad):
                progress = self._scheduler_call(
                    LATE_FEES_CRON, "_cron_generate_rent_late_fees", fee_day
                )
        self.assertEqual((progress.done, progress.remaining), (0, 0))
