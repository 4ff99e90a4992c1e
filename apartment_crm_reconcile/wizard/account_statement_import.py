# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.apartment_crm.tools.cron import get_batch_size

from ..models.apartment_statement_import_chunk import BACKGROUND_LINES, BACKGROUND_PARAM


class AccountStatementImport(models.TransientModel):
    _inherit = "account.statement.import"

    def _create_bank_statements(self, stmts_vals, result):
        """The imported lines are matched to rent invoices at once (the lines at or above the
        company's threshold are reconciled); the company's other reconciliation models then
        run on the lines without any rent proposal.

        The lines' journal entries are created without chatter (``tracking_disable``, as
        Odoo's own import does by default): no "Journal Entry created" note and no follower
        on each of a month's thousands of entries, and about a fifth less time per line. The
        matching and the reconciliations below keep theirs (payment status, item notes).

        A file of more than ``apartment_crm_reconcile.import_background_lines`` (2,000)
        lines is imported in the background (``_create_bank_statements_background``)."""
        size = sum(len(st_vals.get("transactions") or ()) for st_vals in stmts_vals)
        if size > get_batch_size(self.env, BACKGROUND_PARAM, BACKGROUND_LINES):
            return self._create_bank_statements_background(stmts_vals, result)
        known = set(result["statement_ids"])
        res = super(
            AccountStatementImport,
            self.with_context(apartment_rent_import=True, tracking_disable=True),
        )._create_bank_statements(stmts_vals, result)
        statements = self.env["account.bank.statement"].browse(
            [sid for sid in result["statement_ids"] if sid not in known]
        )
        lines = statements.line_ids
        if lines and not self.env.context.get("apartment_rent_no_match"):
            lines._rent_match_imported()
        return res

    def _create_bank_statements_background(self, stmts_vals, result):
        """What OCA's ``_create_bank_statements`` does (the transactions already imported, or
        waiting in the background, are left out; the statements' closing balance is the
        file's, or the opening one plus the lines), except that the lines are not created
        here: they wait in chunks (``apartment.statement.import.chunk``) for the runner crons,
        which create and match them. The accountant is told so."""
        chunks = self.env["apartment.statement.import.chunk"]
        wanted = [
            vals["unique_import_id"]
            for st_vals in stmts_vals
            for vals in st_vals.get("transactions") or ()
            if vals.get("unique_import_id")
        ]
        taken = set(
            self.env["account.bank.statement.line"]
            .sudo()
            .search_fetch([("unique_import_id", "in", wanted)], ["unique_import_id"])
            .mapped("unique_import_id")
        )
        taken |= chunks.sudo().search([("state", "=", "pending")])._import_ids()
        ignored = queued = 0
        for st_vals in stmts_vals:
            transactions = st_vals.pop("transactions", None) or []
            todo = [
                vals
                for vals in transactions
                if not vals.get("unique_import_id") or vals["unique_import_id"] not in taken
            ]
            ignored += len(transactions) - len(todo)
            if "balance_start" in st_vals:
                # As OCA does: the file's opening balance moves past the lines left out.
                kept = {id(vals) for vals in todo}
                st_vals["balance_start"] += sum(
                    float(vals.get("amount") or 0.0)
                    for vals in transactions
                    if id(vals) not in kept
                )
            if not todo:
                continue
            if not todo[0].get("sequence"):
                for sequence, vals in enumerate(todo, start=1):
                    vals["sequence"] = sequence
            context = st_vals.pop("creation_context", {})
            statement = self.env["account.bank.statement"].with_context(**context).create(st_vals)
            journal = self.env["account.journal"].browse(st_vals["journal_id"])
            if not statement.balance_end_real:
                # As OCA's sheet import sets it, from the lines the runners will create.
                total = sum(float(vals.get("amount") or 0.0) for vals in todo)
                currency = journal.currency_id or journal.company_id.currency_id
                statement.balance_end_real = currency.round(statement.balance_start + total)
            result["statement_ids"].append(statement.id)
            chunks._create_from_statement(statement, journal, todo)
            queued += len(todo)
        if not queued:
            return False
        if ignored == 1:
            result["notifications"].append(
                self.env._("1 transaction had already been imported and was ignored.")
            )
        elif ignored:
            result["notifications"].append(
                self.env._(
                    "%(count)s transactions had already been imported and were ignored.",
                    count=ignored,
                )
            )
        result["notifications"].append(
            self.env._(
                "%(count)s transactions are being imported in the background: the statement "
                "lines appear in a few minutes, each matched to its rent invoice as soon as it "
                "is created. Apartments > Rent > Statement Imports shows the progress.",
                count=queued,
            )
        )
        return True
