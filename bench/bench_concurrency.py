"""Concurrency bench: every cron of the suite raced by two prefork servers and K shell callers.

    .venv/bin/python bench/bench_concurrency.py [--tenants 2000] [--rounds 3] [--callers 3]
        [--db bench_concurrency] [--template DB] [--ports 8181,8183]

1. A bench database (``--template``: a copy of that database, e.g. one with the demo data;
   otherwise the suite installed without demo) gets N tenants with an active lease each
   (10 buildings per 2,000 tenants, leases started two months ago: three rent periods to
   invoice each, one lease in ten ending within 60 days so renewals open), the rent settings
   (auto-posted invoices, a fixed late fee) and one reminder level.
2. Rent generation speed-up: the rent cron run scheduler-style (committed batches) by one
   caller, the invoices deleted, then by two callers at once; prints both times and the ratio.
3. The race: two Odoo servers in prefork mode (``--workers 2 --max-cron-threads 1`` each, on
   the bench database) with every suite cron due, and K shell callers running every suite
   cron scheduler-style (each call a committed batch, as ``ir.cron._run_job``) for R rounds;
   ``kill -9`` of one caller mid-job in the first round.
4. The next run: one caller runs every cron once more; then the bench prints the duplicates
   per unique key of the suite (must be 0), the work left that the last calls report (must be
   0), the cron failures (must be 0: callers' exceptions, the crons' ``failure_count``, ERROR
   lines of the servers' logs), the longest batch, and the rent-generation speed-up.

The servers use their own ports (``--ports``, and the next port for each one's gevent) so the
bench runs beside a development server.
"""

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date

from dateutil.relativedelta import relativedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import CONF, odoo_src  # noqa: E402

SUITE_CRONS_SQL = """
    SELECT c.id, d.module || '.' || d.name
      FROM ir_cron c
      JOIN ir_model_data d ON d.model = 'ir.cron' AND d.res_id = c.id
     WHERE d.module LIKE 'apartment_crm%%' AND c.active
     ORDER BY c.id
"""
RENT_CRON = "apartment_crm_rent.ir_cron_apartment_rent_invoices"
# Tables of the suite's idempotency keys (their unique indexes are listed from PostgreSQL).
KEY_TABLES = (
    "account_move",
    "apartment_event_invitation",
    "apartment_inspection",
    "apartment_lease_renewal",
    "apartment_loyalty_entry",
    "apartment_notice_recipient",
    "apartment_rent_reminder_log",
    "apartment_sla_escalation_log",
    "apartment_survey_invitation",
    "apartment_touchpoint_log",
    "apartment_visit",
    "event_event",
    "event_registration",
    "maintenance_request",
    "mail_followers",
)


def odoo_cmd(*args, conf=CONF):
    return [sys.executable, os.path.join(odoo_src(), "odoo-bin"), *args, "-c", conf]


_LOADED = {}


def load_odoo(db):
    """(odoo, the registry of ``db``), the configuration parsed once per process."""
    import odoo
    from odoo.modules.registry import Registry

    if not _LOADED:
        odoo.tools.config.parse_config(["-c", CONF, "-d", db, "--log-level=warn"])
        _LOADED["db"] = db
    return odoo, Registry(db)


# --- callers ---------------------------------------------------------------------------------
def run_cron(odoo, registry, cron_id, xmlid, max_calls, stats):
    """Call the cron like ``ir.cron._run_job``: a progress record, the server action, a commit,
    again while it reports work done and work remaining."""
    api = odoo.api
    entry = stats.setdefault(
        xmlid, {"calls": 0, "longest": 0.0, "total": 0.0, "failures": [], "left": 0}
    )
    for _call in range(max_calls):
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {"cron_id": cron_id})
            cron = env["ir.cron"].browse(cron_id)
            cron, progress = cron._add_progress()
            cr.commit()
            start = time.perf_counter()
            try:
                cron._callback(cron.cron_name, cron.ir_actions_server_id.id)
                cr.commit()
            except Exception as error:  # noqa: BLE001 - counted and printed as a failure
                cr.rollback()
                entry["failures"].append(f"{type(error).__name__}: {error}"[:300])
                return
            finally:
                seconds = time.perf_counter() - start
                entry["calls"] += 1
                entry["longest"] = max(entry["longest"], seconds)
                entry["total"] += seconds
            progress = env["ir.cron.progress"].browse(progress.id)
            done, remaining = progress.done, progress.remaining
            entry["left"] = remaining
            if not remaining or not done:
                return


def caller_main(args):
    odoo, registry = load_odoo(args.db)
    with registry.cursor() as cr:
        cr.execute(SUITE_CRONS_SQL)
        crons = cr.fetchall()
    if args.only:
        crons = [(cron_id, xmlid) for cron_id, xmlid in crons if xmlid in args.only.split(",")]
    if args.skip:
        crons = [(cron_id, xmlid) for cron_id, xmlid in crons if xmlid not in args.skip.split(",")]
    stats = {}
    rng = random.Random(args.seed)
    for _round in range(args.rounds):
        order = list(crons)
        rng.shuffle(order)
        for cron_id, xmlid in order:
            run_cron(odoo, registry, cron_id, xmlid, args.max_calls, stats)
            with open(args.caller, "w") as f:
                json.dump(stats, f)
    with open(args.caller, "w") as f:
        json.dump(stats, f)


def start_callers(args, count, only=None, rounds=1, tag="race", skip=None):
    procs = []
    for index in range(count):
        out = os.path.join(args.workdir, f"{tag}-{index}.json")
        cmd = [
            sys.executable,
            os.path.abspath(__file__),
            "--db",
            args.db,
            "--caller",
            out,
            "--rounds",
            str(rounds),
            "--seed",
            str(index),
            "--max-calls",
            str(args.max_calls),
        ]
        if only:
            cmd += ["--only", only]
        if skip:
            cmd += ["--skip", skip]
        log = open(os.path.join(args.workdir, f"{tag}-{index}.log"), "w")  # noqa: SIM115
        procs.append((subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), out))
    return procs


def read_stats(out):
    try:
        with open(out) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


# --- data ------------------------------------------------------------------------------------
def create_database(args):
    """The bench database: a copy of ``--template`` (and its filestore), or the suite installed
    without demo data."""
    if args.template:
        subprocess.run(["dropdb", "--if-exists", args.db], check=True, env=pg_env())
        subprocess.run(["createdb", "-T", args.template, args.db], check=True, env=pg_env())
        filestore = os.path.join(os.path.dirname(CONF), "data", "filestore")
        source = os.path.join(filestore, args.template)
        if os.path.isdir(source):
            subprocess.run(["rm", "-rf", os.path.join(filestore, args.db)], check=True)
            subprocess.run(["cp", "-r", source, os.path.join(filestore, args.db)], check=True)
    else:
        subprocess.run(
            odoo_cmd(
                "-d",
                args.db,
                "-i",
                "apartment_crm_suite",
                "--without-demo=all",
                "--stop-after-init",
                "--log-level=warn",
            ),
            check=True,
        )


def prepare_database(args):
    create_database(args)
    odoo, registry = load_odoo(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        seed(
            env,
            args.tenants,
            post=not args.no_post,
            small_batches=not args.batches,
            months=args.months,
        )
        cr.commit()


def pg_env():
    env = dict(os.environ)
    conf = open(CONF).read()  # noqa: SIM115

    def get(key, default):
        match = re.search(rf"^{key} = (.*)$", conf, re.M)
        return match.group(1).strip() if match else default

    env.update(
        PGHOST=get("db_host", "127.0.0.1"),
        PGPORT=get("db_port", "5432"),
        PGUSER=get("db_user", "odoo"),
        PGPASSWORD=get("db_password", ""),
    )
    return env


def seed(env, tenants, post=True, small_batches=True, months=3):
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), *env["account.journal"]._check_company_domain(company)], limit=1
    )
    product = env["product.product"].create(
        {"name": "Bench Rent", "type": "service", "taxes_id": [(5, 0, 0)]}
    )
    today = date.today()
    start = today.replace(day=1) - relativedelta(months=months - 1)
    company.write(
        {
            "rent_product_id": product.id,
            "rent_journal_id": journal.id,
            "rent_billing_day": 1,
            "rent_auto_post": post,
            "rent_late_fee_type": "fixed",
            "rent_late_fee_rate": 5,
            "rent_late_fee_grace_days": 3,
            "rent_late_fee_date_from": start,
        }
    )
    # Small batches, so that even a small run is many committed batches raced by the callers
    # (``--batches`` keeps the shipped defaults: it measures them).
    params = env["ir.config_parameter"].sudo()
    if small_batches:
        params.set_param("apartment_crm.rent_invoice_batch_size", max(tenants // 20, 10))
        params.set_param("apartment_crm.cron_batch_size", max(tenants // 10, 10))
        params.set_param("apartment_crm.engine_batch_size", max(tenants // 4, 10))
    if not env["apartment.rent.reminder.level"].search([("company_id", "=", company.id)]):
        env["apartment.rent.reminder.level"].create({"name": "Bench reminder", "days": 5})
    buildings = env["apartment.property"].create(
        [
            {"name": f"Bench Tower {index}", "code": f"BT-{index}"}
            for index in range(max(tenants // 200, 1))
        ]
    )
    for chunk in range(0, tenants, 1000):
        indexes = range(chunk, min(chunk + 1000, tenants))
        units = env["apartment.unit"].create(
            [
                {
                    "name": f"BU-{index}",
                    "property_id": buildings[index % len(buildings)].id,
                    "list_rent": 3000,
                }
                for index in indexes
            ]
        )
        partners = env["res.partner"].create(
            [
                {"name": f"Bench Tenant {index}", "email": f"t{index}@bench.test"}
                for index in indexes
            ]
        )
        leases = env["apartment.lease"].create(
            [
                {
                    "partner_id": partner.id,
                    "unit_id": unit.id,
                    "date_start": start,
                    # One lease in ten ends within 60 days: renewals to open.
                    "date_end": today + relativedelta(days=45)
                    if index % 10 == 0
                    else start + relativedelta(years=1, days=-1),
                    "rent_amount": 3000,
                }
                for index, partner, unit in zip(indexes, partners, units, strict=True)
            ]
        )
        leases.write({"state": "active"})  # without the activation hook (no deposit invoices)
        env.cr.commit()
        print(f"seeded {min(chunk + 1000, tenants)} / {tenants} tenants", flush=True)


def drop_database(args):
    """Drop the bench database, once this process's connections to it are closed."""
    if _LOADED:
        from odoo.modules.registry import Registry
        from odoo.sql_db import close_db

        Registry.delete(args.db)
        close_db(args.db)
    subprocess.run(["dropdb", "--if-exists", args.db], env=pg_env(), check=False)


def delete_bench_rent_invoices(args):
    odoo, registry = load_odoo(args.db)
    with registry.cursor() as cr:
        cr.execute(
            """
            DELETE FROM account_move m USING apartment_lease l, res_partner p
             WHERE m.lease_id = l.id AND l.partner_id = p.id AND p.name LIKE 'Bench Tenant %%'
               AND m.rent_kind = 'rent'
            """
        )
        return cr.rowcount


def count_bench_rent_invoices(args):
    odoo, registry = load_odoo(args.db)
    with registry.cursor() as cr:
        cr.execute(
            """
            SELECT count(*) FROM account_move m JOIN apartment_lease l ON l.id = m.lease_id
              JOIN res_partner p ON p.id = l.partner_id
             WHERE p.name LIKE 'Bench Tenant %%' AND m.rent_kind = 'rent'
            """
        )
        return cr.fetchone()[0]


def time_rent_generation(args, workers):
    start = time.perf_counter()
    procs = start_callers(args, workers, only=RENT_CRON, tag=f"rent{workers}")
    for proc, _out in procs:
        proc.wait()
    seconds = time.perf_counter() - start
    failures = sum(
        len(entry["failures"]) for _proc, out in procs for entry in read_stats(out).values()
    )
    return seconds, count_bench_rent_invoices(args), failures


# --- servers ---------------------------------------------------------------------------------
def start_servers(args):
    servers = []
    conf_text = open(CONF).read()  # noqa: SIM115
    for index, port in enumerate(int(port) for port in args.ports.split(",")):
        conf = os.path.join(args.workdir, f"server{index}.conf")
        text = re.sub(r"^http_port = .*$", f"http_port = {port}", conf_text, flags=re.M)
        text = re.sub(r"^gevent_port = .*$", f"gevent_port = {port + 1}", text, flags=re.M)
        if "gevent_port" not in text:
            text += f"\ngevent_port = {port + 1}\n"
        text += f"\ndb_name = {args.db}\ndbfilter = ^{args.db}$\n"
        with open(conf, "w") as f:
            f.write(text)
        log = os.path.join(args.workdir, f"server{index}.log")
        cmd = odoo_cmd("--workers", "2", "--max-cron-threads", "1", "--logfile", log, conf=conf)
        servers.append((subprocess.Popen(cmd, start_new_session=True), log))
    return servers


def make_crons_due(args, timeout=900):
    """Make every suite cron due now. A cron a server is running has its row locked: it is
    made due once its job ends (each attempt a new transaction; a row a server changed after
    the attempt's snapshot fails it with a serialization error, and the next attempt redoes
    it)."""
    from psycopg2 import errors

    odoo, registry = load_odoo(args.db)
    with registry.cursor() as cr:
        cr.execute(SUITE_CRONS_SQL)
        todo = {row[0] for row in cr.fetchall()}
    deadline = time.monotonic() + timeout
    while todo and time.monotonic() < deadline:
        with registry.cursor() as cr:
            try:
                cr.execute(
                    "SELECT id FROM ir_cron WHERE id IN %s FOR NO KEY UPDATE SKIP LOCKED",
                    [tuple(todo)],
                )
                free = [row[0] for row in cr.fetchall()]
                if free:
                    cr.execute(
                        "UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' - interval "
                        "'1 minute' WHERE id IN %s",
                        [tuple(free)],
                    )
                cr.commit()
                todo -= set(free)
            except (errors.SerializationFailure, errors.LockNotAvailable):
                cr.rollback()
        if todo:
            time.sleep(1)
    if todo:
        print(f"  crons still running after {timeout} s, not made due: {sorted(todo)}")


def crons_busy(args):
    """Suite crons a server is running now (their row is locked) or that are still due."""
    odoo, registry = load_odoo(args.db)
    with registry.cursor() as cr:
        cr.execute(SUITE_CRONS_SQL)
        ids = tuple(row[0] for row in cr.fetchall())
        cr.execute(
            "SELECT count(*) FROM ir_cron WHERE id IN %s AND nextcall <= now() AT TIME ZONE 'UTC'",
            [ids],
        )
        due = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FROM ir_cron_trigger WHERE cron_id IN %s "
            "AND call_at <= now() AT TIME ZONE 'UTC'",
            [ids],
        )
        return due + cr.fetchone()[0]


# --- checks ----------------------------------------------------------------------------------
def duplicates(args):
    """{index: duplicate keys} for every unique index of the suite's key tables."""
    odoo, registry = load_odoo(args.db)
    result = {}
    with registry.cursor() as cr:
        cr.execute(
            """
            SELECT i.indexrelid::regclass::text, c.relname, i.indnatts,
                   pg_get_expr(i.indpred, i.indrelid), i.indexrelid
              FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
             WHERE i.indisunique AND NOT i.indisprimary AND c.relname IN %s
            """,
            [KEY_TABLES],
        )
        for name, table, natts, predicate, oid in cr.fetchall():
            columns = []
            for position in range(1, natts + 1):
                cr.execute("SELECT pg_get_indexdef(%s, %s, true)", [oid, position])
                columns.append(cr.fetchone()[0])
            # Rows with a NULL in the key are not constrained (nor duplicates).
            conditions = [f"({column}) IS NOT NULL" for column in columns]
            if predicate:
                conditions.append(f"({predicate})")
            where = "WHERE " + " AND ".join(conditions)
            keys = ", ".join(columns)
            cr.execute(
                f"SELECT count(*) FROM (SELECT {keys} FROM {table} {where} "  # noqa: S608
                f"GROUP BY {keys} HAVING count(*) > 1) dup"
            )
            result[name] = cr.fetchone()[0]
        # Not guarded by an index: the same activity (same note) twice on one record.
        cr.execute(
            """
            SELECT count(*) FROM (
                SELECT 1 FROM mail_activity
                 GROUP BY res_model, res_id, activity_type_id, summary, user_id, date_deadline,
                          md5(coalesce(note::text, ''))
                HAVING count(*) > 1) dup
            """
        )
        result["mail_activity (same activity twice, no index)"] = cr.fetchone()[0]
        cr.execute(SUITE_CRONS_SQL)
        ids = tuple(row[0] for row in cr.fetchall())
        cr.execute(
            "SELECT d.module || '.' || d.name, c.failure_count FROM ir_cron c "
            "JOIN ir_model_data d ON d.model = 'ir.cron' AND d.res_id = c.id "
            "WHERE c.id IN %s AND c.failure_count > 0",
            [ids],
        )
        failing = dict(cr.fetchall())
    return result, failing


def server_errors(servers):
    errors = []
    for _proc, log in servers:
        try:
            with open(log) as f:
                errors += [line.strip()[:300] for line in f if " ERROR " in line]
        except OSError:
            pass
    return errors


def race(args, t0):
    """The two servers and K callers racing every suite cron; (servers, killed pid, stats)."""
    servers = start_servers(args)
    time.sleep(8)
    killed = None
    all_stats = []
    try:
        for round_index in range(args.rounds):
            make_crons_due(args)
            procs = start_callers(args, args.callers, tag=f"race{round_index}")
            if round_index == 0:
                time.sleep(args.kill_after)
                victim = procs[0][0]
                if victim.poll() is None:
                    os.kill(victim.pid, signal.SIGKILL)
                    killed = victim.pid
            for proc, out in procs:
                proc.wait()
                if proc.pid != killed:
                    all_stats.append(read_stats(out))
            print(f"round {round_index + 1} done at {time.perf_counter() - t0:.0f} s", flush=True)
        # Let the servers' cron workers finish what is due.
        deadline = time.time() + 900
        while crons_busy(args) and time.time() < deadline:
            time.sleep(5)
    finally:
        for proc, _log in servers:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc, _log in servers:
            proc.wait(timeout=60)
    return servers, killed, all_stats


# --- main ------------------------------------------------------------------------------------
def batches(args):
    """One caller runs every suite cron scheduler-style until it reports nothing left (the
    rent cron first, then the others in their id order), with the shipped batch sizes."""
    procs = start_callers(args, 1, only=RENT_CRON, tag="batches-rent")
    procs[0][0].wait()
    stats = read_stats(procs[0][1])
    procs = start_callers(args, 1, tag="batches", skip=RENT_CRON)
    procs[0][0].wait()
    stats.update(read_stats(procs[0][1]))
    print(f"\n== every cron once, {args.tenants} tenants, shipped batch sizes")
    print(f"  {'cron':<72} {'calls':>5} {'longest s':>9} {'total s':>8} {'left':>5} failures")
    for xmlid, entry in sorted(stats.items(), key=lambda item: -item[1]["longest"]):
        print(
            f"  {xmlid:<72} {entry['calls']:>5} {entry['longest']:>9.1f} "
            f"{entry.get('total', 0.0):>8.1f} {entry['left']:>5} {len(entry['failures'])}"
        )
        for message in entry["failures"][:3]:
            print(f"      {message}")
    longest = max(((e["longest"], x) for x, e in stats.items()), default=(0, "-"))
    print(f"\n== longest batch: {longest[0]:.1f} s ({longest[1]})")
    if not args.keep:
        drop_database(args)
    return 0


def build_parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--db", default="bench_concurrency")
    p.add_argument("--template", help="copy this database instead of a fresh install")
    p.add_argument("--tenants", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--callers", type=int, default=3)
    p.add_argument("--ports", default="8181,8183", help="HTTP ports of the two servers")
    p.add_argument("--kill-after", type=float, default=5.0, help="seconds before the kill -9")
    p.add_argument("--max-calls", type=int, default=200, help="calls per cron and caller")
    p.add_argument("--workdir", default=None)
    p.add_argument("--keep", action="store_true", help="keep the bench database")
    p.add_argument("--reuse", action="store_true", help="reuse a bench database kept before")
    p.add_argument(
        "--no-post",
        action="store_true",
        help="rent invoices stay draft (posting takes the journal's sequence lock until commit)",
    )
    p.add_argument("--rent-only", action="store_true", help="only the rent generation speed-up")
    p.add_argument(
        "--batches",
        action="store_true",
        help="no race: the shipped batch sizes, one caller runs every cron once; prints the "
        "calls, the longest batch and the time of each cron",
    )
    p.add_argument("--months", type=int, default=3, help="rent periods due per lease")
    p.add_argument("--caller", help=argparse.SUPPRESS)
    p.add_argument("--only", help=argparse.SUPPRESS)
    p.add_argument("--skip", help=argparse.SUPPRESS)
    p.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    return p


def main():
    args = build_parser().parse_args()
    if args.caller:
        return caller_main(args)
    args.workdir = args.workdir or tempfile.mkdtemp(prefix="bench_concurrency_")
    os.makedirs(args.workdir, exist_ok=True)
    print(f"work directory (logs, per-caller stats): {args.workdir}", flush=True)
    t0 = time.perf_counter()
    if args.reuse:
        delete_bench_rent_invoices(args)
    else:
        prepare_database(args)
    print(f"database ready in {time.perf_counter() - t0:.0f} s", flush=True)
    if args.batches:
        return batches(args)

    # Rent generation: 1 caller, then 2 callers on the same work.
    one, invoices_one, fail_one = time_rent_generation(args, 1)
    print(f"rent generation, 1 worker: {invoices_one} invoices in {one:.1f} s", flush=True)
    delete_bench_rent_invoices(args)
    two, invoices_two, fail_two = time_rent_generation(args, 2)
    print(f"rent generation, 2 workers: {invoices_two} invoices in {two:.1f} s", flush=True)
    delete_bench_rent_invoices(args)
    if args.rent_only:
        print(f"== rent generation: speed-up {one / two:.2f}x ({invoices_one} invoices)")
        if not args.keep:
            drop_database(args)
        return 0

    servers, killed, all_stats = race(args, t0)
    errors = server_errors(servers)

    # The next run: what is left must be done by it, and nothing left after it.
    procs = start_callers(args, 1, tag="next")
    procs[0][0].wait()
    next_stats = read_stats(procs[0][1])
    dup, failing = duplicates(args)

    print("\n== duplicates per key (must be 0)")
    for name, count in sorted(dup.items()):
        print(f"  {name:<60} {count}")
    print("\n== work left after the next run (must be 0)")
    left = {xmlid: entry["left"] for xmlid, entry in next_stats.items() if entry["left"]}
    print(f"  {sum(left.values())} {left or ''}")
    failures = [
        (xmlid, message)
        for stats in [*all_stats, next_stats]
        for xmlid, entry in stats.items()
        for message in entry["failures"]
    ]
    print("\n== cron failures (must be 0)")
    print(f"  callers: {len(failures) + fail_one + fail_two}")
    for xmlid, message in failures[:20]:
        print(f"    {xmlid}: {message}")
    print(f"  ir.cron failure_count > 0: {failing or 0}")
    # odoo.sql_db logs every failed query, also those a batch then handles (skips, retries).
    failed_jobs = [line for line in errors if "odoo.sql_db" not in line]
    print(
        f"  ERROR lines in the servers' logs: {len(failed_jobs)} (and "
        f"{len(errors) - len(failed_jobs)} odoo.sql_db 'bad query' lines of errors the batches "
        "handled)"
    )
    for line in failed_jobs[:10]:
        print(f"    {line}")
    longest = max(
        ((entry["longest"], xmlid) for stats in all_stats for xmlid, entry in stats.items()),
        default=(0, "-"),
    )
    print(f"\n== longest batch: {longest[0]:.1f} s ({longest[1]})")
    print(f"== killed caller: pid {killed}")
    print(
        f"== rent generation: 1 worker {one:.1f} s, 2 workers {two:.1f} s, "
        f"speed-up {one / two:.2f}x ({invoices_one} invoices)"
    )
    print(f"== total {time.perf_counter() - t0:.0f} s")
    if not args.keep:
        drop_database(args)


if __name__ == "__main__":
    sys.exit(main())
