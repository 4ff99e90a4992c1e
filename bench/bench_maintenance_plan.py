"""Preventive plan benchmark: a year of daily plan generation over `--size` equipment.

Creates (once) `--size` pieces of building equipment in 20 buildings over the six categories,
with one plan per category (elevators every 15 days, the others monthly or quarterly, 30 days
ahead), then runs `apartment.maintenance.plan._cron_generate_requests(day)` for each day of a
year (what the daily cron does), with SQL query counts:
- the whole year (every occurrence of the year created once, with the technicians' activities),
- the year's last day again (idempotent: nothing new),
- the same in one run with a 366-day horizon (one big batch per plan).
The measured work is rolled back, so the database can be reused.

    $VENV/bin/python bench/bench_maintenance_plan.py --db bench_maintenance [--size 2000]
"""

from datetime import date, timedelta

from common import ensure_database, measure, odoo_env, parser

BENCH_PREFIX = "BENCH MNT"
CATEGORIES = [
    # (xml id suffix, interval, unit)
    ("elevator", 15, "day"),
    ("water", 1, "month"),
    ("power", 3, "month"),
    ("fire_security", 1, "month"),
    ("access_control", 3, "month"),
    ("laundry", 1, "month"),
]


def create_data(env, size):
    Equipment = env["maintenance.equipment"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
    )
    existing = Equipment.search_count([("name", "=like", f"{BENCH_PREFIX}%")])
    if existing >= size:
        print(f"{existing} bench equipment already there", flush=True)
        return
    buildings = env["apartment.property"].search([("code", "=like", "BMNT-%")])
    if not buildings:
        buildings = env["apartment.property"].create(
            [{"name": f"Bench building {i}", "code": f"BMNT-{i}"} for i in range(20)]
        )
    technicians = env["res.users"].search([("login", "=like", "bench_mnt_tech%")])
    if not technicians:
        technicians = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {"name": f"Bench technician {i}", "login": f"bench_mnt_tech{i}"}
                    for i in range(10)
                ]
            )
        )
    team = env["maintenance.team"].search([("name", "=", "Bench facilities team")], limit=1)
    team = team or env["maintenance.team"].create(
        {"name": "Bench facilities team", "member_ids": [(6, 0, technicians.ids)]}
    )
    cats = [
        env.ref(f"apartment_crm_maintenance.equipment_category_{key}") for key, _i, _u in CATEGORIES
    ]
    Equipment.create(
        [
            {
                "name": f"{BENCH_PREFIX} {i}",
                "category_id": cats[i % len(cats)].id,
                "property_id": buildings[i % len(buildings)].id,
                "floor": i % 30,
                "maintenance_team_id": team.id,
                "technician_user_id": technicians[i % len(technicians)].id,
            }
            for i in range(existing, size)
        ]
    )
    if env["apartment.maintenance.plan"].search_count([("name", "=like", f"{BENCH_PREFIX} plan%")]):
        env.cr.commit()
        return
    env["apartment.maintenance.plan"].create(
        [
            {
                "name": f"{BENCH_PREFIX} plan {key}",
                "category_id": cat.id,
                "interval": interval,
                "interval_unit": unit,
                "start_date": date(2026, 1, 1),
                "horizon_days": 30,
            }
            for (key, interval, unit), cat in zip(CATEGORIES, cats, strict=True)
        ]
    )
    env.cr.commit()


def bench(env, results, days):
    Plan = env["apartment.maintenance.plan"]
    Request = env["maintenance.request"]
    plans = Plan.search([("name", "=like", f"{BENCH_PREFIX} plan%")])
    first = date(2026, 1, 1)
    env.invalidate_all()
    with measure(env, f"daily cron over {days} days", results, days):
        for offset in range(days):
            Plan._cron_generate_requests(first + timedelta(days=offset))
            env.invalidate_all()
    created = Request.search_count([("apartment_plan_id", "in", plans.ids)])
    results["_created"] = created
    print(f"  requests created: {created}", flush=True)
    with measure(env, "last day again (idempotent)", results, 1):
        Plan._cron_generate_requests(first + timedelta(days=days - 1))
    assert Request.search_count([("apartment_plan_id", "in", plans.ids)]) == created
    env.cr.execute("SAVEPOINT before_year")
    env["maintenance.request"].search([("apartment_plan_id", "in", plans.ids)]).unlink()
    plans.write({"horizon_days": 366})
    env.invalidate_all()
    with measure(env, "one run, 366-day horizon", results, 1):
        Plan._cron_generate_requests(first)
    print(
        f"  requests created: {Request.search_count([('apartment_plan_id', 'in', plans.ids)])}",
        flush=True,
    )


def main():
    p = parser(__doc__.splitlines()[0])
    p.set_defaults(db="bench_maintenance")
    p.add_argument("--size", type=int, default=2000, help="pieces of equipment")
    p.add_argument("--days", type=int, default=365, help="days of daily cron runs")
    args = p.parse_args()
    ensure_database(args.db, modules=("apartment_crm_maintenance",))
    results = {}
    with odoo_env(args.db) as env:
        create_data(env, args.size)
        bench(env, results, args.days)
        env.cr.rollback()  # keep the database reusable
    runs = results[f"daily cron over {args.days} days"]
    print(
        f"{results['_created']} requests: {runs['queries'] / max(results['_created'], 1):.2f} "
        f"queries and {1000 * runs['seconds'] / max(results['_created'], 1):.1f} ms per request",
        flush=True,
    )


if __name__ == "__main__":
    main()
