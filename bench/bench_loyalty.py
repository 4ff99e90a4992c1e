"""Loyalty ledger: post 50,000 earn entries in one batch and compute 20,000 tenants' balances.

    .venv/bin/python bench/bench_loyalty.py [--db bench_loyalty] [--tenants 20000]
        [--entries 50000]

Everything runs in one transaction that is rolled back at the end (the bench database stays
as installed), so the script can be re-run.
"""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import ensure_database, measure, odoo_env, parser  # noqa: E402


def main():
    p = parser(__doc__.splitlines()[0])
    p.set_defaults(db="bench_loyalty")
    p.add_argument("--tenants", type=int, default=20000)
    p.add_argument("--entries", type=int, default=50000)
    args = p.parse_args()
    ensure_database(args.db)
    results = {}
    with odoo_env(args.db) as env:
        try:
            run(env, args, results)
        finally:
            env.cr.rollback()


def run(env, args, results):
    Entry = env["apartment.loyalty.entry"]
    with measure(env, "create tenants (setup)", results, args.tenants):
        partners = env["res.partner"].create(
            [{"name": f"Bench tenant {i}"} for i in range(args.tenants)]
        )
    rule = env["apartment.loyalty.rule"].create(
        {"name": "Bench", "trigger": "manual", "points": 10, "validity_months": 12}
    )
    day = datetime.date(2026, 1, 1)
    vals_list = [
        {
            "partner_id": partners[i % len(partners)].id,
            "points": 1 + i % 50,
            "entry_type": "earn",
            "rule_id": rule.id,
            "date": day,
            "expiry_date": datetime.date(2027, 1, 1),
        }
        for i in range(args.entries)
    ]
    env.invalidate_all()
    with measure(env, f"post {args.entries} earn entries (+ balances)", results, args.entries):
        Entry._post_entries(vals_list)
    env.invalidate_all()
    with measure(env, f"recompute balances of {args.tenants} tenants", results, args.tenants):
        env.add_to_compute(env["res.partner"]._fields["loyalty_balance"], partners)
        partners.flush_recordset(["loyalty_balance"])
    with measure(env, "check balance == sum(entries), all partners", results, args.tenants):
        mismatches = Entry._check_balances()
    assert not mismatches, mismatches[:5]
    env.invalidate_all()
    survey = env["apartment.loyalty.rule"].create(
        {"name": "Bench survey", "trigger": "survey_answered", "points": 30}
    )
    awards = [{"partner": partner, "source": partner, "key": "bench"} for partner in partners]
    with measure(env, f"award a rule to {args.tenants} tenants (checked)", results, args.tenants):
        survey._award(awards)
    env.invalidate_all()
    with measure(env, f"re-award the same {args.tenants} (all skipped)", results, args.tenants):
        again = survey._award(awards)
    assert not again
    total = sum(env["res.partner"].browse(partners.ids).mapped("loyalty_balance"))
    print(f"total points of the bench tenants: {total:.0f}")


if __name__ == "__main__":
    main()
