# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import date, datetime

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.apartment_crm.tools.cron import get_batch_size, is_scheduler_run

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


def json_vals(vals):
    """The statement line values as JSON can hold them (dates as ISO strings)."""
    return {
        name: value.isoformat() if isinstance(value, date | datetime) else value
        for name, value in vals.items()
    }


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
        [("pending", "Waiting"), ("done", "Done"), ("failed", "Failed")],
        string="Status",
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    created_count = fields.Integer(string="Lines Created", readonly=True)
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

    def _import_chunk(self):
        """Create this chunk's statement lines (those not imported meanwhile), as the import
        wizard creates them (``apartment_rent_import``: numbered in one pass, no chatter),
        under the accountant who imported the file, and match them to rent invoices at once.
        The lines to reconcile one by one beyond ``RENT_MATCH_SINGLE_SAVEPOINTS`` keep their
        proposal for the matching cron. Returns the lines created."""
        self.ensure_one()
        env = self.env(user=self.create_uid.id or self.env.uid, su=True)
        st_lines = (
            env["account.bank.statement.line"]
            .with_company(self.company_id)
            .with_context(apartment_rent_import=True, tracking_disable=True)
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
            if vals.get("unique_import_id") not in existing or not vals.get("unique_import_id")
        ]
        lines = st_lines.create(vals_list)
        done, deferred = lines._rent_match_batch(RENT_MATCH_SINGLE_SAVEPOINTS)
        (lines - done - deferred).filtered(
            lambda line: line.rent_match_state == "none"
        )._auto_reconcile()
        if deferred:
            self.env.ref("apartment_crm_reconcile.ir_cron_apartment_rent_match").sudo()._trigger()
        return lines

    def _claim(self):
        """(the first of these chunks no other runner holds, locked until the commit; whether
        one was done by another runner since this transaction began). The chunk is empty when
        every one is held, or after such a race (then worth a new call at once)."""
        if not self:
            return self, False
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id IN %s AND state = 'pending' ORDER BY id "
                        "LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED",
                        SQL.identifier(self._table),
                        tuple(self.ids),
                    ),
                    log_exceptions=False,  # another runner's commit: called again below
                )
                return self.browse([row[0] for row in self.env.cr.fetchall()]), False
        except pg_errors.SerializationFailure:
            return self.browse(), True

    def _run(self):
        """Import these chunks one after the other, each in a savepoint: a chunk that fails
        (a value the file's mapping let through, a lock) is marked failed with the error, the
        others go on."""
        for chunk in self:
            try:
                with self.env.cr.savepoint():
                    lines = chunk._import_chunk()
                    chunk.write({"state": "done", "created_count": len(lines), "error": False})
            except Exception as error:  # noqa: BLE001 -- one bad chunk never stops the others
                _logger.warning(
                    "Background import of statement %s, chunk %s failed: %s",
                    chunk.statement_id.id,
                    chunk.id,
                    error,
                )
                chunk.write({"state": "failed", "error": str(error)})
        return True

    @api.model
    def _cron_import_chunks(self):
        """Runner cron: create and match the waiting chunks' statement lines.

        In a scheduler run, one chunk per call (the first no other runner holds), reported
        through ``ir.cron._notify_progress`` in lines: the scheduler commits and calls again
        while lines wait. A chunk another runner finished after this call began is left, and
        the runner is called again at once. Called by hand (or by a test), every waiting
        chunk at once."""
        pending = self.search([("state", "=", "pending")], order="id")
        if not is_scheduler_run(self.env):
            return pending._run()
        chunk, raced = pending._claim()
        if not chunk:
            # Every waiting chunk is another runner's (it reports their progress), or one was
            # done by it since this call began: then this runner is called again at once.
            if raced:
                self.env["ir.cron"].sudo().browse(self.env.context["cron_id"])._trigger()
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return True
        chunk._run()
        waiting = sum((pending - chunk).mapped("line_count"))
        self.env["ir.cron"]._notify_progress(done=chunk.line_count, remaining=waiting)
        return True
