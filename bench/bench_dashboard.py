"""Benchmark: the operator dashboard and its monthly KPIs on 20,000 tenants.

    .venv/bin/python bench/bench_dashboard.py [--db bench_tiers] [--size 20000]

Shares the data set of bench_tiers_churn.py (same database by default; created once when
missing): 40 buildings of 500 units, 20,000 tenants with leases, tickets and event
registrations. Measures the first KPI run (12 months), the nightly run (2 months), and the
dashboard's data as the web client asks for it: a manager (company) and a housekeeper (her
buildings). Everything measured is rolled back.
"""

import sys

from bench_tiers_churn import create_data
from common import ensure_database, measure, odoo_env, parser


def main():
    p = parser(__doc__)
    p.set_defaults(db="bench_tiers")
    p.add_argument("--size", type=int, default=20000)
    args = p.parse_args()
    ensure_database(args.db)
    with odoo_env(args.db) as env:
        if not env["res.partner"].search_count([("name", "=like", "Bench tenant %")]):
            create_data(env, args.size)
            env.cr.commit()  # keep the data set for the next runs
        tenants = env["res.partner"].search_count([("is_tenant", "=", True)])
        print(f"{tenants} tenants", flush=True)
        results = {}
        Kpi = env["apartment.kpi"]
        company = env.company
        today = env.cr.now().date()
        Kpi.search([]).unlink()
        with measure(env, "KPIs: first run (12 months)", results, 12):
            Kpi._refresh(company, today, months=12)
        with measure(env, "KPIs: nightly run (2 months)", results, 2):
            Kpi._refresh(company, today, months=2)
        print(f"{Kpi.search_count([])} KPI rows", flush=True)
        manager = env.ref("base.user_admin")
        housekeeper = env["res.users"].create(
            {
                "name": "Bench housekeeper",
                "login": "bench_housekeeper",
                "groups_id": [(6, 0, [env.ref("apartment_crm.group_apartment_user").id])],
            }
        )
        # Her buildings: two of the forty (1,000 units).
        env["apartment.property"].search([], limit=2).manager_id = housekeeper
        for label, user, scope in (
            ("dashboard: manager, company", manager, "company"),
            ("dashboard: manager, company (again)", manager, "company"),
            ("dashboard: housekeeper, her buildings", housekeeper, None),
        ):
            env.invalidate_all()
            with measure(env, label, results):
                env["apartment.dashboard"].with_user(user).get_dashboard_data(scope=scope)
        env.cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
