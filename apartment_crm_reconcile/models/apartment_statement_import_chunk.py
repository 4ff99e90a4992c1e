# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import date, datetime

from odoo import Command, api, fields, models
from odoo.tools import SQL

from odoo.addons.apartment_crm.tools.cron import (
    CONCURRENCY_ERRORS,
    get_batch_size,
    is_scheduler_run,
    try_lock,
)

from .account_bank_statement_line import RENT_MATCH_SINGLE_SAVEPOINTS

_logger = logging.getLogger(__name__)

# A statement file of more lines than this is imported in the background, in chunks.
BACKGROUND_PARAM = "apartment_crm_reconcile.import_background_lines"
BACKGROUND_LINES = 2000
CHUNK_PARAM = "apartment_crm_reconcile.import_chunk_lines"
CHUNK_LINES = 500
RUNNER_CRONS = (
    "apartment_crm_reconcile.ir_cron_statement_import_runner_1",
    "apartment_crm_reconcile.ir_cron_statement_import_runner_2",
)


def json_value(value):
    """A statement line value as JSON holds it: dates as ISO strings, decimals and the like as
    their text (what Odoo's ``create`` reads back), lists and dicts value by value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(name): json_value(item) for name, item in value.items()}
    return str(value)


def json_vals(vals):
    """The statement line values ``vals`` as JSON can hold them (``json_value``)."""
    return {name: json_value(value) for name, value in vals.items()}


class ApartmentStatementImportChunk(models.Model):
    """Part of a large statement file, waiting to become statement lines.

    A file of more than ``apartment_crm_reconcile.import_background_lines`` (2,000) lines is
    not created in the accountant's request (Odoo's creation of 10,000 entries takes minutes):
    the wizard creates the statement and these chunks of
    ``apartment_crm_reconcile.import_chunk_lines`` (500) lines, and the runner crons create
    each chunk's lines and match them to rent invoices, one chunk per committed call. Two
    runners take different chunks at once (``FOR NO KEY UPDATE SKIP LOCKED``): with Odoo's
    cron workers (``--workers`` and ``--max-cron-threads``, default 2) a large month uses two
    processes."""

    _name = "apartment.statement.import.chunk"
    _description = "Statement Import in the Background"
    _order = "id"

    statement_id = fields.Many2one(
        "account.bank.statement", required=True, ondelete="cascade", index=True, readonly=True
    )
    # The statement's own journal and company come from its lines, none yet.
    journal_id = fields.Many2one("account.journal", required=True, readonly=True, index=True)
    company_id = fields.Many2one(related="journal_id.company_id", store=True, string="Company")
    line_vals = fields.Json(string="Statement Line Values", readonly=True, copy=False)
    line_count = fields.Integer(string="Lines", readonly=True)
    state = fields.Selection(
        [
            ("pending", "Waiting"),
            ("created", "Lines Created"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        string="Status",
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    statement_line_ids = fields.Many2many(
        "account.bank.statement.line",
        relation="apartment_statement_import_chunk_line_rel",
        column1="chunk_id",
        column2="line_id",
        string="Statement Lines",
        readonly=True,
        copy=False,
    )
    created_count = fields.Integer(string="Lines Created", readonly=True)
    statement_synced = fields.Boolean(readonly=True, copy=False)
    error = fields.Text(readonly=True)

    def _import_ids(self):
        """The unique import ids of the lines these chunks will create."""
        return {
            vals["unique_import_id"]
            for chunk in self
            for vals in chunk.line_vals or []
            if vals.get("unique_import_id")
        }

    @api.model
    def _create_from_statement(self, statement, journal, vals_list):
        """Queue ``vals_list`` (statement line values) for ``statement`` of ``journal`` in
        chunks and wake the runners. Returns the chunks."""
        size = get_batch_size(self.env, CHUNK_PARAM, CHUNK_LINES)
        chunks = self.sudo().create(
            [
                {
                    "statement_id": statement.id,
                    "journal_id": journal.id,
                    "line_vals": [json_vals(vals) for vals in vals_list[start : start + size]],
                    "line_count": len(vals_list[start : start + size]),
                }
                for start in range(0, len(vals_list), size)
            ]
        )
        for xmlid in RUNNER_CRONS:
            cron = self.env.ref(xmlid, raise_if_not_found=False)
            if cron and cron.sudo().active:
                cron.sudo()._trigger()
        return chunks

    # The statement's fields computed from its lines, recomputed once its chunks are done
    # (``_sync_statements``): each chunk would update the statement's row, which two runners
    # at once cannot both do (the second fails, "could not serialize access").
    STATEMENT_FIELDS = (
        "balance_end",
        "first_line_index",
        "date",
        "journal_id",
        "company_id",
        "is_complete",
    )

    def _runner_env(self):
        """Superuser rights under the accountant who imported the file (the lines' creator,
        the reconciliations' author), in the chunk's company."""
        env = self.env(user=self.create_uid.id or self.env.uid, su=True)
        return env["account.bank.statement.line"].with_company(self.company_id)

    def _create_lines(self):
        """First step: create this chunk's statement lines (those not imported meanwhile) as
        the import wizard creates them (``apartment_rent_import``: numbered in one pass, no
        chatter). Committed before they are matched: the journal's sequence stays locked
        only from their numbering to that commit, so that the other runner can number its
        chunk meanwhile. Returns the lines created."""
        self.ensure_one()
        st_lines = self._runner_env().with_context(
            apartment_rent_import=True, tracking_disable=True
        )
        wanted = self._import_ids()
        existing = set(
            st_lines.search_fetch(
                [("unique_import_id", "in", list(wanted))], ["unique_import_id"]
            ).mapped("unique_import_id")
        )
        vals_list = [
            dict(vals, statement_id=self.statement_id.id)
            for vals in self.line_vals or []
            if not vals.get("unique_import_id") or vals["unique_import_id"] not in existing
        ]
        statement = self.statement_id.with_env(st_lines.env)
        fields_ = [statement._fields[name] for name in self.STATEMENT_FIELDS]
        with st_lines.env.protecting(fields_, statement):
            lines = st_lines.create(vals_list)
            st_lines.env.flush_all()
        return lines

    def _match_lines(self):
        """Second step: match this chunk's lines to rent invoices, as the import wizard does
        (the proposals at or above the threshold reconciled, the company's reconciliation
        models on the others). The lines to reconcile one by one beyond
        ``RENT_MATCH_SINGLE_SAVEPOINTS`` keep their proposal for the matching cron."""
        self.ensure_one()
        lines = self.statement_line_ids.with_env(self._runner_env().env)
        __, deferred = lines._rent_match_imported(RENT_MATCH_SINGLE_SAVEPOINTS)
        if deferred:
            self._trigger_rent_match()
        return lines

    def _trigger_rent_match(self):
        """Have the matching cron take the lines a chunk left."""
        self.env.ref("apartment_crm_reconcile.ir_cron_apartment_rent_match").sudo()._trigger()

    def _run(self):
        """The next step of each of these chunks, each in a savepoint: waiting, its lines are
        created; created, they are matched. A chunk whose lines cannot be created (a value
        the file's mapping let through) is marked failed with the error; when its matching
        fails, its lines are left to the matching cron. The others go on."""
        for chunk in self:
            step = chunk.state
            try:
                with self.env.cr.savepoint():
                    if step == "pending":
                        lines = chunk._create_lines()
                        chunk.write(
                            {
                                "state": "created",
                                "statement_line_ids": [Command.set(lines.ids)],
                                "created_count": len(lines),
                                "error": False,
                            }
                        )
                    elif step == "created":
                        chunk._match_lines()
                        chunk.state = "done"
            except Exception as error:  # noqa: BLE001 -- one bad chunk never stops the others
                _logger.warning(
                    "Background import of statement %s, chunk %s (%s) failed: %s",
                    chunk.statement_id.id,
                    chunk.id,
                    step,
                    error,
                )
                if step == "pending":
                    chunk.write({"state": "failed", "error": str(error)})
                else:
                    chunk.write({"state": "done", "error": str(error)})
                    chunk._trigger_rent_match()
        return True

    @api.model
    def _sync_statements(self):
        """Recompute the fields of the statements whose chunks are all done (balance, date,
        journal: see ``STATEMENT_FIELDS``), once. When two runners do it at once, the one
        that comes second leaves it to the first."""
        chunks = self.search([("statement_synced", "=", False)])
        busy = chunks.filtered(lambda chunk: chunk.state in ("pending", "created")).statement_id
        ready = chunks.filtered(lambda chunk: chunk.statement_id not in busy)
        for statement, todo in ready.grouped("statement_id").items():
            try:
                with self.env.cr.savepoint():
                    for name in self.STATEMENT_FIELDS:
                        self.env.add_to_compute(statement._fields[name], statement)
                    statement.flush_recordset()
                    todo.statement_synced = True
                    todo.flush_recordset()
            except CONCURRENCY_ERRORS:
                _logger.info("Statement %s: synchronised by another runner", statement.id)
        return ready.statement_id

    @api.model
    def _cron_import_chunks(self):
        """Runner cron: create and match the waiting chunks' statement lines.

        In a scheduler run, one step of one chunk per call (the first no other runner holds,
        a created chunk's matching before a waiting chunk's lines), reported through
        ``ir.cron._notify_progress`` in lines: the scheduler commits and calls again while
        chunks wait. A chunk another runner took after this call began is left, and the
        runner is called again at once. The last call synchronises the statements. Called by
        hand (or by a test), every step of every chunk at once."""
        todo = self.search([("state", "in", ("pending", "created"))], order="id")
        if not is_scheduler_run(self.env):
            todo._run()
            todo.filtered(lambda chunk: chunk.state == "created")._run()
            self._sync_statements()
            return True
        # A created chunk's matching before a waiting chunk's lines.
        chunk, raced = try_lock(todo, 1, SQL("state = 'pending', id"))
        if not chunk:
            # Every waiting chunk is another runner's (it reports their progress), or one was
            # taken by it since this call began: then this runner is called again at once.
            if raced:
                self.env["ir.cron"].sudo().browse(self.env.context["cron_id"])._trigger()
            self._sync_statements()
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return True
        chunk._run()
        waiting = sum((todo - chunk).mapped("line_count"))
        self.env["ir.cron"]._notify_progress(done=chunk.line_count, remaining=waiting)
        return True
