# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date
from decimal import Decimal

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.apartment_crm.tests.common import CronBatchMixin
from odoo.addons.apartment_crm_reconcile.models.apartment_statement_import_chunk import (
    json_vals,
)

from .common import ReconcileCommon

RUNNER = "apartment_crm_reconcile.ir_cron_statement_import_runner_1"


@tagged("post_install", "-at_install")
class TestStatementImportBackground(CronBatchMixin, ReconcileCommon):
    """A file above ``apartment_crm_reconcile.import_background_lines`` waits in chunks;
    the runner crons create and match its lines (here with a limit of 2 lines and chunks of
    2, so a file of 3 lines is "large")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._create_invoiced_lease(upto=date(2026, 1, 1))
        cls.invoice = cls.lease.rent_invoice_ids
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("apartment_crm_reconcile.import_background_lines", "2")
        params.set_param("apartment_crm_reconcile.import_chunk_lines", "2")
        cls.Chunk = cls.env["apartment.statement.import.chunk"]
        cls.accountant = new_test_user(
            cls.env,
            login="background_accountant",
            groups="base.group_user,account.group_account_manager,account.group_account_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _content(self, rows=None):
        rows = rows or [
            ("2026-01-03", "4000.00", "张建国", f"{self.lease.payment_reference} 1月房租", "B1"),
            ("2026-01-04", "100.00", "王芳", "转账", "B2"),
            ("2026-01-05", "120.00", "国网电力", "电费", "B3"),
        ]
        body = "\n".join(
            f"{day},{amount},,{name},,{memo},{tid}" for day, amount, name, memo, tid in rows
        )
        head = "交易日期,收入金额,支出金额,对方户名,对方账号,摘要,交易流水号"
        return f"{head}\n{body}\n".encode("utf-8-sig")

    def _import(self, content, user=None):
        env = self.env(user=user) if user else self.env
        wizard = (
            env["account.statement.import"]
            .with_context(journal_id=self.bank_journal.id)
            .create(
                {
                    "statement_filename": "large.csv",
                    "statement_file": base64.b64encode(content),
                    "sheet_mapping_id": self.env.ref(
                        "apartment_crm_reconcile.sheet_mapping_generic_cn"
                    ).id,
                }
            )
        )
        return wizard.import_file_button()

    def _lines(self):
        return self.StLine.search([("journal_id", "=", self.bank_journal.id)])

    def test_large_file_waits_then_runners_create_and_match(self):
        action = self._import(self._content(), user=self.accountant)
        # Nothing created in the request: the statement, and its lines in two chunks.
        self.assertFalse(self._lines())
        self.assertIn("being imported in the background", action["params"]["message"])
        chunks = self.Chunk.search([("journal_id", "=", self.bank_journal.id)])
        self.assertEqual(chunks.mapped("line_count"), [2, 1])
        self.assertEqual(set(chunks.mapped("state")), {"pending"})
        statement = chunks.statement_id
        self.assertEqual(len(statement), 1)
        self.assertEqual(statement.balance_end_real, 4220)
        self.assertEqual(action["params"]["next"]["domain"], [("id", "in", statement.ids)])

        self.Chunk._cron_import_chunks()
        lines = self._lines()
        self.assertEqual(len(lines), 3)
        self.assertEqual(lines.statement_id, statement)
        self.assertEqual(lines.create_uid, self.accountant, "created under the accountant")
        self.assertEqual(chunks.mapped("state"), ["done", "done"])
        self.assertEqual(chunks.mapped("created_count"), [2, 1])
        self.assertEqual(chunks.statement_line_ids, lines)
        rent = lines.filtered(lambda line: line.amount == 4000)
        self.assertEqual(rent.rent_match_state, "auto")
        self.assertTrue(rent.is_reconciled)
        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(statement.balance_end, statement.balance_end_real)
        # Numbered as Odoo numbers them: one after the other, in date order.
        numbers = lines.sorted("date").move_id.mapped("sequence_number")
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 3)))

    def test_same_file_again_creates_nothing(self):
        self._import(self._content())
        # While it waits: its transactions count as imported.
        with self.assertRaisesRegex(UserError, "already imported"):
            self._import(self._content())
        self.Chunk._cron_import_chunks()
        with self.assertRaisesRegex(UserError, "already imported"):
            self._import(self._content())
        self.assertEqual(len(self._lines()), 3)
        # A file with one new transaction: only that one waits.
        rows = [("2026-01-06", "50.00", "李雷", "转账", "B4")] + [
            ("2026-01-05", "120.00", "国网电力", "电费", "B3"),
            ("2026-01-04", "100.00", "王芳", "转账", "B2"),
        ]
        action = self._import(self._content(rows))
        self.assertIn("2 transactions had already been imported", action["params"]["message"])
        waiting = self.Chunk.search([("state", "=", "pending")])
        self.assertEqual(waiting.mapped("line_count"), [1])

    def test_a_failing_chunk_does_not_stop_the_others(self):
        self._import(self._content())
        first, second = self.Chunk.search([("state", "=", "pending")])
        # A value the database refuses (no such date).
        bad = [dict(vals) for vals in first.line_vals]
        bad[0]["date"] = "2026-02-30"
        first.sudo().line_vals = bad
        self.Chunk._cron_import_chunks()
        self.assertEqual(first.state, "failed")
        self.assertTrue(first.error)
        self.assertEqual(second.state, "done")
        self.assertEqual(len(self._lines()), 1, "the second chunk's line only")
        # The same file again, once fixed: only the failed chunk's lines are queued.
        action = self._import(self._content())
        self.assertIn("1 transaction had already been imported", action["params"]["message"])
        again = self.Chunk.search([("state", "=", "pending")])
        self.assertEqual(again.line_count, 2)
        self.assertNotEqual(again.statement_id, first.statement_id)
        self.Chunk._cron_import_chunks()
        self.assertEqual(len(self._lines()), 3)

    def test_scheduler_call_takes_one_step_of_one_chunk(self):
        """A call creates one chunk's lines (committed before they are matched, so that the
        journal's sequence is free for the other runner), the next matches them, a created
        chunk before a waiting one; the statement's balance is computed once, at the end."""
        self._import(self._content())
        chunks = self.Chunk.search([])
        statement = chunks.statement_id
        progress = self._scheduler_call(RUNNER, "_cron_import_chunks")
        self.assertEqual(chunks.mapped("state"), ["created", "pending"])
        self.assertEqual((progress.done, progress.remaining), (2, 1))
        self.assertEqual(len(self._lines()), 2)
        self.assertEqual(set(self._lines().mapped("rent_match_state")), {"none"})
        progress = self._scheduler_call(RUNNER, "_cron_import_chunks")
        self.assertEqual(chunks.mapped("state"), ["done", "pending"])
        self.assertEqual(
            self._lines().filtered(lambda line: line.amount == 4000).rent_match_state, "auto"
        )
        self.assertFalse(statement.journal_id, "not synchronised while chunks wait")
        for expected in ["created", "done"]:
            progress = self._scheduler_call(RUNNER, "_cron_import_chunks")
            self.assertEqual(chunks[1].state, expected)
            self.assertEqual((progress.done, progress.remaining), (1, 0))
        progress = self._scheduler_call(RUNNER, "_cron_import_chunks")
        self.assertEqual((progress.done, progress.remaining), (0, 0), "nothing left: it ends")
        self.assertEqual(statement.journal_id, self.bank_journal)
        self.assertEqual(statement.balance_end, 4220)
        self.assertTrue(statement.is_complete)
        self.assertTrue(all(chunks.mapped("statement_synced")))

    def test_small_file_is_imported_at_once(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "apartment_crm_reconcile.import_background_lines", "3"
        )
        self._import(self._content())
        self.assertEqual(len(self._lines()), 3)
        self.assertFalse(self.Chunk.search([]))

    def test_access(self):
        """Accountants and managers read the progress; nobody writes it by hand; another
        company's imports are not shown."""
        self._import(self._content())
        chunk = self.Chunk.search([], limit=1)
        chunk.with_user(self.accountant).read(["state", "line_count"])
        with self.assertRaises(AccessError):
            chunk.with_user(self.accountant).write({"state": "done"})
        with self.assertRaises(AccessError):
            self.Chunk.with_user(self.accountant).create({"statement_id": chunk.statement_id.id})
        other = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(
            self.env,
            login="other_accountant",
            groups="base.group_user,account.group_account_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(self.Chunk.with_user(outsider).search([]))

    def test_values_kept_as_json_reads_them_back(self):
        vals = json_vals(
            {
                "date": date(2026, 1, 3),
                "amount": Decimal("4000.10"),
                "payment_ref": "房租",
                "sequence": 3,
                "foreign_currency_id": None,
                "raw": (1, Decimal("2.5")),
            }
        )
        self.assertEqual(
            vals,
            {
                "date": "2026-01-03",
                "amount": "4000.10",
                "payment_ref": "房租",
                "sequence": 3,
                "foreign_currency_id": None,
                "raw": [1, "2.5"],
            },
        )
