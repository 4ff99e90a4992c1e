"""Shared helpers of the benchmarks: a bench database with apartment_crm, timing, query counts.

Run a benchmark with `make bench` (all of them) or
`.venv/bin/python bench/<name>.py [--size N]` after `make setup`.
"""

import argparse
import contextlib
import os
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONF = os.path.join(REPO, ".local", "odoo.conf")


def odoo_src():
    with open(os.path.join(REPO, ".local", "odoo_src")) as f:
        return f.read().strip()


def ensure_database(dbname, modules=("apartment_crm_suite",)):
    """Create (once) a database without demo data holding `modules`; reuse it afterwards."""
    cmd = [
        sys.executable,
        os.path.join(odoo_src(), "odoo-bin"),
        "-c",
        CONF,
        "-d",
        dbname,
        "-i",
        ",".join(modules),
        "--without-demo=all",
        "--stop-after-init",
        "--log-level=warn",
    ]
    subprocess.run(cmd, check=True)


@contextlib.contextmanager
def odoo_env(dbname):
    """An environment (superuser) on `dbname`, committed on success."""
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", CONF, "-d", dbname, "--log-level=warn"])
    registry = Registry(dbname)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


@contextlib.contextmanager
def measure(env, label, results, count=1):
    """Time a block and count its SQL queries; store seconds, queries, and per-unit figures."""
    env.flush_all()
    start_queries = env.cr.sql_log_count
    start = time.perf_counter()
    yield
    env.flush_all()
    seconds = time.perf_counter() - start
    queries = env.cr.sql_log_count - start_queries
    results[label] = {
        "seconds": seconds,
        "queries": queries,
        "count": count,
        "ms_per_item": 1000 * seconds / max(count, 1),
        "queries_per_item": queries / max(count, 1),
    }
    print(
        f"{label:<45} {count:>7} items {seconds:9.2f} s {queries:>9} queries "
        f"{1000 * seconds / max(count, 1):8.2f} ms/item {queries / max(count, 1):7.2f} q/item",
        flush=True,
    )


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--db", default="apartment_bench", help="bench database (created if missing)")
    return p
