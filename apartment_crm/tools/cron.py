# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Committed batches for the daily crons of the suite.

Odoo's scheduler (``ir.cron._run_job``) calls a job again, after a commit, while the job reports
work remaining through ``ir.cron._notify_progress``. A cron that takes at most one batch per call
and tells what is left is therefore short per transaction: a worker killed by
``limit_time_real_cron`` loses one batch, which the next call redoes.
"""

import logging
from contextlib import contextmanager
from datetime import datetime, timedelta

from psycopg2 import errors as pg_errors

from odoo.osv import expression
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

DEFAULT_ENGINE_BATCH_SIZE = 2000
# Minutes after which the scheduler calls a job again whose batch a concurrent run made fail.
CONCURRENT_RETRY_MINUTES = 5
# What a concurrent run on the same records raises: a row changed since our snapshot, or the
# idempotency key of what we create already taken.
CONCURRENCY_ERRORS = (
    pg_errors.SerializationFailure,
    pg_errors.UniqueViolation,
    pg_errors.LockNotAvailable,
)


def is_scheduler_run(env):
    """True when the scheduler runs the job (``_run_job`` puts ``cron_id`` in the context).

    A manual "Run Manually", a shell or a test calls the job once, so such a call must do all
    the work in one go rather than a first batch nobody will follow.
    """
    return bool(env.context.get("cron_id"))


def not_done_on(env, domain, field, date):
    """``domain`` restricted, in a scheduler run, to the records whose ``field`` (the date they
    were last processed) is not ``date``: what the previous calls of the day left. Outside a
    scheduler run ``domain`` is returned as it is (everything is processed again)."""
    if not is_scheduler_run(env):
        return domain
    return expression.AND([domain, ["|", (field, "=", False), (field, "!=", date)]])


def not_done_in_run(env, domain, field):
    """For crons that run several times a day: ``domain`` restricted, in a scheduler run, to
    the records whose ``field`` (the datetime they were last processed, in seconds) is empty or
    earlier than the cron's ``lastcall`` (when its previous run ended; Odoo sets it when a run
    is fully done, not between the committed calls of one run). What this run's earlier calls
    did is therefore not done again. Strictly earlier: a run may start in the second the
    previous one ended, and what it stamps then must count as done (else it would redo it at
    every call); a record the previous run stamped in its very last second waits for the next
    run. Outside a scheduler run ``domain`` is returned as it is."""
    if not is_scheduler_run(env):
        return domain
    lastcall = env.context.get("lastcall")
    if not lastcall:
        lastcall = env["ir.cron"].sudo().browse(env.context["cron_id"]).lastcall
    if not lastcall:
        return expression.AND([domain, [(field, "=", False)]])
    return expression.AND([domain, ["|", (field, "=", False), (field, "<", lastcall)]])


def retry_soon(env):
    """Have the scheduler call the running job again in ``CONCURRENT_RETRY_MINUTES`` minutes
    (a batch skipped because of a concurrent run). Nothing outside a scheduler run."""
    if is_scheduler_run(env):
        cron = env["ir.cron"].sudo().browse(env.context["cron_id"])
        cron._trigger(at=datetime.now() + timedelta(minutes=CONCURRENT_RETRY_MINUTES))


def get_batch_size(env, param, default):
    """The positive batch size of system parameter ``param`` (``default`` when unset or bad)."""
    value = env["ir.config_parameter"].sudo().get_param(param)
    try:
        size = int(value)
    except (TypeError, ValueError):
        return default
    return size if size > 0 else default


def take_batch(env, records, param="apartment_crm.engine_batch_size", default=None, group_by=None):
    """Split ``records`` (the work left) into (this call's batch, number of units left after it).

    A unit is a record, or with ``group_by`` (a field name, e.g. ``"partner_id"``) all the
    records sharing its value, so a tenant's entries are never split between two calls.
    Outside a scheduler run the batch is everything. The caller reports the figures with
    ``env["ir.cron"]._notify_progress(done=..., remaining=left)``.
    """
    if not is_scheduler_run(env):
        return records, 0
    size = get_batch_size(env, param, default or DEFAULT_ENGINE_BATCH_SIZE)
    if not group_by:
        return records[:size], max(len(records) - size, 0)
    keys = list(dict.fromkeys(records.mapped(lambda record: record[group_by].id)))
    taken = set(keys[:size])
    batch = records.filtered(lambda record: record[group_by].id in taken)
    return batch, max(len(keys) - size, 0)


def try_lock(records, size, order=None):
    """(at most ``size`` of ``records`` that no other transaction holds, locked until the
    commit (``FOR NO KEY UPDATE SKIP LOCKED``, in ``order``, an ``SQL`` ORDER BY, default id);
    whether one of them was committed by another run after this transaction's snapshot).
    Such a record cannot be locked (serialization failure under REPEATABLE READ): nothing is
    taken then, and a new transaction may take them."""
    if not records:
        return records, False
    cr = records.env.cr
    try:
        with cr.savepoint(flush=False):
            cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s ORDER BY %s LIMIT %s "
                    "FOR NO KEY UPDATE SKIP LOCKED",
                    SQL.identifier(records._table),
                    tuple(records.ids),
                    order or SQL("id"),
                    size,
                ),
                log_exceptions=False,  # expected under concurrency: the caller decides
            )
            ids = [row[0] for row in cr.fetchall()]
    except pg_errors.SerializationFailure:
        return records.browse(), True
    return records.browse(ids), False


def lock_batch(records, size, order=None):
    """At most ``size`` of ``records`` that no other transaction holds, locked until the commit
    (``try_lock``), so that two runs at once take different records.

    A record another run committed after this transaction's snapshot cannot be locked
    (serialization failure under REPEATABLE READ): the call then takes nothing, logs it, and
    the caller reports no work done (the scheduler calls the job again later).
    """
    batch, raced = try_lock(records, size, order)
    if raced:
        _logger.warning(
            "%s %s: changed by a concurrent run since this batch started; batch skipped "
            "(the next call takes them)",
            records._name,
            records.ids,
        )
    return batch


def lock_scheduler_batch(env, records, param, default, order=None):
    """This call's batch of ``records`` (the work left): in a scheduler run, at most the
    ``param`` batch size (``default``) of them that no other transaction holds, locked
    (``lock_batch``), and when every one is held the job is called again soon
    (``retry_soon``); outside a scheduler run, all of them."""
    if not is_scheduler_run(env):
        return records
    batch = lock_batch(records, get_batch_size(env, param, default), order)
    if records and not batch:
        retry_soon(env)
    return batch


@contextmanager
def concurrent_batch(env, label, records):
    """Run one batch of a scheduler run in a savepoint (flushed inside it): when a concurrent
    run makes it fail (``CONCURRENCY_ERRORS``), the batch is rolled back, logged with what it
    skipped, and the job is called again in ``CONCURRENT_RETRY_MINUTES`` minutes, which redo
    the batch (the crons are idempotent). Yields a dict whose ``skipped`` tells the caller to
    report no work done (so the scheduler does not call it again at once).

    Outside a scheduler run the error is raised as it is (a user sees it, a test fails).
    """
    state = {"skipped": False}
    if not is_scheduler_run(env):
        yield state
        return
    try:
        with env.cr.savepoint():
            yield state
    except CONCURRENCY_ERRORS as error:
        state["skipped"] = True
        _logger.warning(
            "%s: batch of %s %s skipped, a concurrent run changed them (%s); the job runs "
            "again in %s minutes",
            label,
            records._name,
            records.ids,
            type(error).__name__,
            CONCURRENT_RETRY_MINUTES,
        )
        retry_soon(env)


def stamp_done(records, field, value):
    """Write ``value`` (the date or time they were processed) into ``field`` of ``records`` in
    one UPDATE, not ``write``: a cron's progress marker gets no tracking, no write date and
    runs no write hooks (the records themselves may not have changed)."""
    if not records:
        return
    records.env.cr.execute(
        SQL(
            "UPDATE %s SET %s = %s WHERE id IN %s",
            SQL.identifier(records._table),
            SQL.identifier(field),
            value,
            tuple(records.ids),
        )
    )
    records.invalidate_recordset([field])
