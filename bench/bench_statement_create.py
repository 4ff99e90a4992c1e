"""Odoo's own cost of bank statement lines: N lines created as the OCA import creates them.

    .venv/bin/python bench/bench_statement_create.py [--size 2000] [--db bench_stmt_odoo]
        [--modules account_reconcile_oca,account_statement_import_sheet_file]

Creates one statement of N lines (date, amount, payer, account, memo, unique import id) in
the company's bank journal with ``tracking_disable``, as the statement import does after
parsing, and prints seconds and queries per line. By default the database has the OCA
modules the suite builds on and no module of the suite: the figure is Odoo's own floor for
importing N lines; with
``--modules apartment_crm_reconcile`` it is the same creation with the suite installed, and
with ``--import-context`` as the suite's import creates them (numbered in one pass).
"""

import os
import random
import sys
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import ensure_database, measure, odoo_env, parser  # noqa: E402


def main():
    p = parser(__doc__.splitlines()[0])
    p.set_defaults(db="bench_stmt_odoo")
    p.add_argument("--size", type=int, default=2000)
    p.add_argument("--modules", default="account_reconcile_oca,account_statement_import_sheet_file")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument(
        "--import-context",
        action="store_true",
        help="create the lines as the suite's statement import does (its batch numbering)",
    )
    args = p.parse_args()
    ensure_database(args.db, tuple(args.modules.split(",")))
    rng = random.Random(args.seed)
    results = {}
    with odoo_env(args.db) as env:
        bank = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1
        )
        runs = env["account.bank.statement"].search_count([])
        month = date(2032 + runs // 12, 1 + runs % 12, 1)
        tag = f"{int(time.time()) % 1000000}"
        vals = [
            {
                "date": date(month.year, month.month, rng.randrange(1, 28)),
                "amount": rng.randrange(250000, 800000) / 100,
                "payment_ref": f"3B 张伟 {month.month}月租金 {n}",
                "partner_name": "张伟",
                "account_number": f"6222{tag}{n:08d}",
                "unique_import_id": f"{bank.id}-S{tag}x{n}",
                "journal_id": bank.id,
                "sequence": n + 1,
            }
            for n in range(args.size)
        ]
        with measure(env, f"create {args.size} statement lines", results, args.size):
            context = {"tracking_disable": True}
            if args.import_context:
                context["apartment_rent_import"] = True
            env["account.bank.statement"].with_context(**context).create(
                {
                    "name": f"bench-{tag}",
                    "journal_id": bank.id,
                    "line_ids": [(0, 0, line) for line in vals],
                }
            )
        env.cr.commit()


if __name__ == "__main__":
    main()
