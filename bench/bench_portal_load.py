"""Bounded portal load run: concurrent tenants on a prefork server, fixed request count.

    .venv/bin/python bench/bench_portal_load.py [--tenants 20] [--requests 20]
        [--db bench_portal] [--template DB] [--port 8185] [--workers 4]

A bench database (``--template``: a copy of that database, e.g. one with the demo data;
otherwise the suite installed without demo) gets ``--tenants`` tenants, each with an active
lease, its rent invoices and a portal login (password = login). One Odoo server in prefork
mode serves it on ``--port``. One thread per tenant (a ``requests`` session) logs in and
makes ``--requests`` GET requests over the tenant portal pages (round-robin over ROUTES,
starting at a different page per tenant). Prints p50/p95/p99 per route and overall, the
errors (status other than 200, or the login page instead of the portal), requests/s, and the
foreign-data check: no other bench tenant's name (a unique token per tenant) in any response.
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


def tenant_run(base, user, name, others, count, offset, results, lock):
    import requests

    session = requests.Session()
    if not login(session, base, user):
        with lock:
            results["errors"].append((user, "/web/login", "login failed"))
        return
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
        # Warm-up: each worker loads the registry once (not measured).
        for _warm in range(args.workers * 2):
            requests.get(f"{base}/web/login", timeout=120)
        results = {"times": {}, "errors": [], "leaks": []}
        lock = threading.Lock()
        names = [name for _login, name in tenants]
        threads = [
            threading.Thread(
                target=tenant_run,
                args=(
                    base,
                    user,
                    name,
                    [other for other in names if other != name],
                    args.requests,
                    index,
                    results,
                    lock,
                ),
            )
            for index, (user, name) in enumerate(tenants)
        ]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - start
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
    print(f"requests/s (logins in the time, not in the count): {len(every) / seconds:.1f}")
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
