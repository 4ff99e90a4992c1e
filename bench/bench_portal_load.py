"""Bounded portal load run: concurrent tenants on a prefork server, fixed request count.

    .venv/bin/python bench/bench_portal_load.py [--tenants 20] [--requests 20]
        [--db bench_portal] [--template DB] [--port 8185] [--workers 4]

A bench database (``--template``: a copy of that database, e.g. one with the demo data;
otherwise the suite installed without demo) gets ``--tenants`` tenants, each with an active
lease, its rent invoices and a portal login (password = login). One Odoo server in prefork
mode serves it on ``--port``. Every tenant logs in first (a ``requests`` session each; the
logins are timed apart: a tenant logs in once, then browses), then concurrent rounds of every page
warm the server up until its log shows that each worker has served (a prefork worker loads the
registry on its first request). Then one thread per tenant makes ``--requests`` GET requests
over the tenant portal pages (round-robin over ROUTES, starting at a different page per
tenant). Prints p50/p95/p99 per route and overall, the time inside Odoo and the queries per
request from the server's log, the errors (status other than 200, or the login page instead of
the portal), requests/s, and the foreign-data check: no other bench tenant's name (a unique
token per tenant) in any response.
"""

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date

from dateutil.relativedelta import relativedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_concurrency import create_database, drop_database, load_odoo, odoo_cmd  # noqa: E402
from common import CONF  # noqa: E402

ROUTES = (
    "/my",
    "/my/leases",
    "/my/invoices",
    "/my/events",
    "/my/points",
    "/my/notices",
    "/my/renewals",
    "/my/surveys",
    "/my/tickets",
)


def prepare_database(args):
    create_database(args)
    odoo, registry = load_odoo(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        tenants = seed(env, args.tenants)
        cr.commit()
    return tenants


def seed(env, count):
    """``count`` tenants with a lease, rent invoices and a portal login; [(login, name)]."""
    company = env.company
    if not company.rent_product_id:
        product = env["product.product"].create(
            {"name": "Load Rent", "type": "service", "taxes_id": [(5, 0, 0)]}
        )
        journal = env["account.journal"].search(
            [("type", "=", "sale"), *env["account.journal"]._check_company_domain(company)],
            limit=1,
        )
        company.write(
            {"rent_product_id": product.id, "rent_journal_id": journal.id, "rent_auto_post": True}
        )
    building = env["apartment.property"].create({"name": "Load Court", "code": "LOAD"})
    start = date.today().replace(day=1) - relativedelta(months=2)
    # Names that are no substring of each other: "Loadtenant Qa", "Loadtenant Qb"...
    names = [f"Loadtenant Q{chr(97 + index // 26)}{chr(97 + index % 26)}" for index in range(count)]
    partners = env["res.partner"].create(
        [{"name": name, "email": f"load{index}@bench.test"} for index, name in enumerate(names)]
    )
    units = env["apartment.unit"].create(
        [{"name": f"LD-{index}", "property_id": building.id} for index in range(count)]
    )
    leases = env["apartment.lease"].create(
        [
            {
                "partner_id": partner.id,
                "unit_id": unit.id,
                "date_start": start,
                "date_end": start + relativedelta(years=1, days=-1),
                "rent_amount": 3000,
            }
            for partner, unit in zip(partners, units, strict=True)
        ]
    )
    leases.write({"state": "active"})
    leases._generate_rent_invoices(date.today(), raise_errors=False)
    portal = env.ref("base.group_portal")
    logins = [f"load_tenant_{index}" for index in range(count)]
    env["res.users"].with_context(no_reset_password=True).create(
        [
            {
                "login": login,
                "password": login,
                "partner_id": partner.id,
                "groups_id": [(6, 0, portal.ids)],
            }
            for login, partner in zip(logins, partners, strict=True)
        ]
    )
    return list(zip(logins, names, strict=True))


def start_server(args):
    conf_text = open(CONF).read()  # noqa: SIM115
    text = re.sub(r"^http_port = .*$", f"http_port = {args.port}", conf_text, flags=re.M)
    text = re.sub(r"^gevent_port = .*$", f"gevent_port = {args.port + 1}", text, flags=re.M)
    text += f"\ndb_name = {args.db}\ndbfilter = ^{args.db}$\n"
    conf = os.path.join(args.workdir, "portal_server.conf")
    with open(conf, "w") as f:
        f.write(text)
    log = os.path.join(args.workdir, "portal_server.log")
    cmd = odoo_cmd(
        "--workers", str(args.workers), "--max-cron-threads", "0", "--logfile", log, conf=conf
    )
    return subprocess.Popen(cmd, start_new_session=True), log


def login(session, base, user):
    page = session.get(f"{base}/web/login", timeout=60)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/web/login",
        data={"login": user, "password": user, "csrf_token": token, "redirect": "/my"},
        timeout=60,
    )
    return response.ok and "/web/login" not in response.url


def tenant_login(base, user, sessions, results, lock):
    import requests

    session = requests.Session()
    start = time.perf_counter()
    ok = login(session, base, user)
    with lock:
        results["logins"].append(time.perf_counter() - start)
        if ok:
            sessions[user] = session
        else:
            results["errors"].append((user, "/web/login", "login failed"))


def tenant_run(base, session, user, name, others, count, offset, results, lock):
    import requests

    for index in range(count):
        route = ROUTES[(offset + index) % len(ROUTES)]
        start = time.perf_counter()
        try:
            response = session.get(f"{base}{route}", timeout=120)
            status, text, url = response.status_code, response.text, response.url
        except requests.RequestException as error:
            status, text, url = 0, str(error), ""
        seconds = time.perf_counter() - start
        leaks = [other for other in others if other in text]
        with lock:
            results["times"].setdefault(route, []).append(seconds)
            if status != 200 or "/web/login" in url:
                results["errors"].append((user, route, f"HTTP {status} {url}"))
            if leaks:
                results["leaks"].append((user, route, leaks))
            if name not in text and route == "/my/leases":
                results["errors"].append((user, route, "own lease page without own name"))


def run_threads(target, argument_lists):
    threads = [threading.Thread(target=target, args=arguments) for arguments in argument_lists]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


# An Odoo request log line: "<date> <time> <pid> INFO <db> werkzeug: ... "GET /my HTTP/1.1" 200 -
# <queries> <sql seconds> <other seconds>"
LOG_LINE = re.compile(
    r"^\S+ \S+ (?P<pid>\d+) INFO \S+ werkzeug: .*\"GET (?P<route>\S+) HTTP/[\d.]+\" \d+ \S+ "
    r"(?P<queries>\d+) (?P<sql>[\d.]+) (?P<other>[\d.]+)"
)


def server_requests(log, since=0):
    """(end offset, [(pid, route, queries, seconds)]) of the log's request lines after ``since``."""
    with open(log, errors="replace") as f:
        f.seek(since)
        text = f.read()
        end = f.tell()
    lines = []
    for line in text.splitlines():
        match = LOG_LINE.match(line)
        if match:
            lines.append(
                (
                    match["pid"],
                    match["route"],
                    int(match["queries"]),
                    float(match["sql"]) + float(match["other"]),
                )
            )
    return end, lines


def warm_up(base, sessions, log, workers):
    """Every worker loads the registry and compiles the pages before the measure.

    A prefork worker loads the registry on its first request, which takes seconds; sequential
    requests mostly reach the same idle worker, so concurrent rounds of every page are sent
    until every worker has served one (the server's log names the process of each request).
    Returns (rounds, seconds).
    """
    pool = list(sessions.values())
    start = time.perf_counter()
    rounds, serving = 0, set()
    while len(serving) < workers and rounds < 30:
        rounds += 1
        run_threads(
            lambda session, route: session.get(f"{base}{route}", timeout=300),
            [(pool[index % len(pool)], route) for index, route in enumerate(ROUTES * 2)],
        )
        _end, lines = server_requests(log)
        serving = {pid for pid, *_rest in lines}
    # One more round once all are up, so each has rendered the pages once at least.
    run_threads(
        lambda session, route: session.get(f"{base}{route}", timeout=300),
        [(pool[index % len(pool)], route) for index, route in enumerate(ROUTES * workers)],
    )
    return rounds + 1, time.perf_counter() - start


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--db", default="bench_portal")
    p.add_argument("--template", help="copy this database instead of a fresh install")
    p.add_argument("--tenants", type=int, default=20)
    p.add_argument("--requests", type=int, default=20, help="requests per tenant")
    p.add_argument("--port", type=int, default=8185)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--workdir", default=None)
    p.add_argument("--keep", action="store_true", help="keep the bench database")
    args = p.parse_args()
    args.workdir = args.workdir or tempfile.mkdtemp(prefix="bench_portal_")
    os.makedirs(args.workdir, exist_ok=True)
    tenants = prepare_database(args)
    server, log = start_server(args)
    base = f"http://127.0.0.1:{args.port}"
    try:
        import requests

        for _attempt in range(120):
            try:
                requests.get(f"{base}/web/login", timeout=5)
                break
            except requests.RequestException:
                time.sleep(1)
        results = {"times": {}, "errors": [], "leaks": [], "logins": []}
        lock = threading.Lock()
        # Logins first (one pbkdf2 password check each, about half a second of CPU), timed apart:
        # a tenant logs in once and then browses.
        sessions = {}
        login_seconds = run_threads(
            tenant_login, [(base, user, sessions, results, lock) for user, _name in tenants]
        )
        warm_rounds, warm_seconds = warm_up(base, sessions, log, args.workers)
        offset, _lines = server_requests(log)
        names = [name for _login, name in tenants]
        seconds = run_threads(
            tenant_run,
            [
                (
                    base,
                    sessions[user],
                    user,
                    name,
                    [other for other in names if other != name],
                    args.requests,
                    index,
                    results,
                    lock,
                )
                for index, (user, name) in enumerate(tenants)
                if user in sessions
            ],
        )
        _end, measured = server_requests(log, offset)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    every = [value for values in results["times"].values() for value in values]
    print(f"{len(tenants)} tenants x {args.requests} requests, {args.workers} workers")
    print(f"{'route':<16} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for route in ROUTES:
        values = results["times"].get(route, [])
        if values:
            print(
                f"{route:<16} {len(values):>5} {1000 * statistics.median(values):8.0f} "
                f"{1000 * percentile(values, 0.95):8.0f} {1000 * percentile(values, 0.99):8.0f}"
            )
    print(
        f"{'all':<16} {len(every):>5} {1000 * statistics.median(every):8.0f} "
        f"{1000 * percentile(every, 0.95):8.0f} {1000 * percentile(every, 0.99):8.0f}"
    )
    print(f"requests/s: {len(every) / seconds:.1f} ({len(every)} requests in {seconds:.1f} s)")
    if measured:
        inside = [seconds for _pid, _route, _queries, seconds in measured]
        queries = [queries for _pid, _route, queries, _seconds in measured]
        print(
            f"inside Odoo (server log, {len(measured)} requests): p50 "
            f"{1000 * statistics.median(inside):.0f} ms, p95 {1000 * percentile(inside, 0.95):.0f} "
            f"ms, p99 {1000 * percentile(inside, 0.99):.0f} ms, "
            f"{sum(queries) / len(queries):.1f} queries per request"
        )
    logins = results["logins"]
    print(
        f"before the measure: {len(logins)} logins in {login_seconds:.1f} s (p50 "
        f"{1000 * statistics.median(logins):.0f} ms each, concurrent), warm-up {warm_rounds} "
        f"rounds in {warm_seconds:.1f} s"
    )
    print(f"errors: {len(results['errors'])}")
    for error in results["errors"][:10]:
        print(f"  {error}")
    print(f"foreign data (another tenant's name in a response): {len(results['leaks'])}")
    for leak in results["leaks"][:10]:
        print(f"  {leak}")
    if not args.keep:
        drop_database(args)


if __name__ == "__main__":
    sys.exit(main())
