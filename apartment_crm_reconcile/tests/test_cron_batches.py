# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The rent matching cron works in committed batches when Odoo's scheduler runs it."""

from datetime import date, timedelta
from unittest.mock import patch

from psycopg2 import errors as pg_errors

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.apartment_crm.tests.common import CronBatchMixin

from .common import ReconcileCommon

XMLID = "apartment_crm_reconcile.ir_cron_apartment_rent_match"
MODELS = "odoo.addons.apartment_crm_reconcile.models.account_bank_statement_line"


@tagged("post_install", "-at_install")
class TestRentMatchCronBatches(CronBatchMixin, ReconcileCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 张伟 rents 101 at 4000 (January and February open), Emma 201 at 8000 (February).
        cls.lease = cls._create_invoiced_lease()
        cls.lease_2 = cls._create_invoiced_lease(
            partner_id=cls.tenant_2.id,
            unit_id=cls.unit_c.id,
            date_start=date(2026, 2, 1),
            rent_amount=8000,
        )

    def setUp(self):
        super().setUp()
        self.cron = self.env.ref(XMLID)
        # The previous run of the cron ended an hour ago.
        self.cron.lastcall = fields.Datetime.now() - timedelta(hours=1)
        self.lines = (
            self._line(4000, f"{self.lease.payment_reference} 1月", day=date(2026, 2, 3))
            | self._line(8000, f"{self.lease_2.payment_reference} Feb", day=date(2026, 2, 4))
            | self._line(123, "no idea", day=date(2026, 2, 5))
            | self._line(4000, f"{self.lease.payment_reference} 2月", day=date(2026, 2, 6))
        )
        # The other open lines of the database were tried by this run already.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE account_bank_statement_line SET rent_match_date = %s WHERE id NOT IN %s",
                fields.Datetime.now(),
                tuple(self.lines.ids),
            )
        )
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.rent_match_batch_size", 2)

    def test_one_batch_per_call_and_the_next_call_resumes(self):
        progress = self._scheduler_call(XMLID, "_cron_rent_match")
        self.assertEqual((progress.done, progress.remaining), (2, 2), "one batch only")
        first, rest = self.lines[:2], self.lines[2:]
        self.assertEqual(first.mapped("is_reconciled"), [True, True])
        self.assertTrue(all(first.mapped("rent_match_date")))
        self.assertFalse(any(rest.mapped("rent_match_date")))
        progress = self._scheduler_call(XMLID, "_cron_rent_match")
        self.assertEqual((progress.done, progress.remaining), (2, 0))
        self.assertRecordValues(
            rest,
            [
                {"is_reconciled": False, "rent_match_state": "none"},
                {"is_reconciled": True, "rent_match_state": "auto"},
            ],
        )
        # The unmatched line was tried by this run: not again until the next run.
        progress = self._scheduler_call(XMLID, "_cron_rent_match")
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        self.cron.lastcall = fields.Datetime.now() + timedelta(seconds=1)
        self.env.cr.execute(
            SQL(
                "UPDATE account_bank_statement_line SET rent_match_date = %s WHERE id != %s",
                fields.Datetime.now() + timedelta(minutes=1),
                self.lines[2].id,
            )
        )
        progress = self._scheduler_call(XMLID, "_cron_rent_match")
        self.assertEqual((progress.done, progress.remaining), (1, 0))

    def test_manual_run_matches_every_open_line(self):
        reconciled = self.StLine._cron_rent_match()
        self.assertEqual(reconciled, self.lines - self.lines[2])

    def test_concurrent_change_skips_the_batch_with_a_log(self):
        """A user reconciled an invoice of the batch meanwhile: the batch is rolled back and
        logged, the job goes on and runs again soon; the retry does the batch."""
        error = pg_errors.SerializationFailure(
            "could not serialize access due to concurrent update"
        )
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])
        with (
            patch.object(
                type(self.StLine), "_rent_reconcile_direct", autospec=True, side_effect=error
            ),
            self.assertLogs("odoo.addons.apartment_crm.tools.cron", "WARNING") as logs,
        ):
            progress = self._scheduler_call(XMLID, "_cron_rent_match")
        self.assertIn("Rent matching", logs.output[0])
        self.assertIn(str(self.lines[:2].ids), logs.output[0])
        self.assertEqual((progress.done, progress.remaining), (0, 4))
        self.assertRecordValues(
            self.lines[:2],
            [{"rent_match_state": "none", "rent_match_date": False, "is_reconciled": False}] * 2,
        )
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            triggers + 1,
            "the job is called again soon",
        )
        progress = self._scheduler_call(XMLID, "_cron_rent_match")
        self.assertEqual((progress.done, progress.remaining), (2, 2))
        self.assertEqual(self.lines[:2].mapped("is_reconciled"), [True, True])

    def test_lines_reconciled_one_by_one_beyond_the_cap_wait_for_the_next_call(self):
        """The lines the batch path does not take (here: none, as if in a foreign currency)
        go through OCA's reconciliation line by line, each in a savepoint: a batch
        reconciles at most RENT_MATCH_SINGLE_SAVEPOINTS of them, the others keep their
        proposal and are taken by the next call."""
        partials = self._line(
            1500, self.lease.payment_reference, day=date(2026, 2, 7)
        ) | self._line(1000, self.lease.payment_reference, day=date(2026, 2, 8))
        # Only the partial payments (of January's 4000) are left to this run.
        self.lines._rent_mark_tried()
        with (
            patch(f"{MODELS}.RENT_MATCH_SINGLE_SAVEPOINTS", 1),
            patch.object(type(self.StLine), "_rent_direct_items", lambda line: None),
        ):
            progress = self._scheduler_call(XMLID, "_cron_rent_match")
            self.assertEqual((progress.done, progress.remaining), (1, 1))
            self.assertRecordValues(
                partials,
                [
                    {"is_reconciled": True, "rent_match_state": "auto"},
                    {"is_reconciled": False, "rent_match_state": "review"},
                ],
            )
            self.assertTrue(partials[0].rent_match_date)
            self.assertFalse(partials[1].rent_match_date, "left to the next call")
            progress = self._scheduler_call(XMLID, "_cron_rent_match")
            self.assertEqual((progress.done, progress.remaining), (1, 0))
        self.assertEqual(partials.mapped("is_reconciled"), [True, True])
        self.assertEqual(partials.mapped("rent_match_allocation"), ["partial", "partial"])
