"""Benchmark: tier and churn evaluation of 20,000 tenants (leases, tickets, event registrations).

    .venv/bin/python bench/bench_tiers_churn.py [--db bench_tiers] [--size 20000]

The data is created once (batch creates) and committed; the evaluations are rolled back so the
figures are comparable between runs. Queries must stay bounded per batch of 5,000 tenants.
"""

import random
import sys
from datetime import date, datetime, timedelta

from common import ensure_database, measure, odoo_env, parser

NO_MAIL = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def create_data(env, size):
    rng = random.Random(42)
    today = date.today()
    env = env(context=dict(env.context, **NO_MAIL))
    prop_vals = [{"name": f"Bench building {i}", "code": f"BB{i:03d}"} for i in range(size // 500)]
    properties = env["apartment.property"].create(prop_vals)
    units = env["apartment.unit"].browse()
    for prop in properties:
        units |= env["apartment.unit"].create(
            [
                {
                    "name": f"{prop.code}-{n:03d}",
                    "property_id": prop.id,
                    "floor": n // 20 + 1,
                    "list_rent": rng.choice([3500, 4500, 5500, 6500, 8000]),
                }
                for n in range(500)
            ]
        )
    print(f"{len(units)} units", flush=True)
    partners = env["res.partner"].browse()
    for start in range(0, size, 2000):
        partners |= (
            env["res.partner"]
            .with_context(_partners_skip_fields_sync=True)
            .create(
                [
                    {"name": f"Bench tenant {i}", "email": f"tenant{i}@bench.example.com"}
                    for i in range(start, min(size, start + 2000))
                ]
            )
        )
    print(f"{len(partners)} tenants", flush=True)
    lease_vals = []
    for partner, unit in zip(partners, units, strict=False):
        months = rng.randint(1, 40)
        start_day = (today.replace(day=1) - timedelta(days=30 * months)).replace(day=1)
        if rng.random() < 0.3:  # an earlier, ended lease of the same unit
            lease_vals.append(
                {
                    "partner_id": partner.id,
                    "unit_id": unit.id,
                    "date_start": start_day - timedelta(days=365),
                    "date_end": start_day - timedelta(days=1),
                    "rent_amount": unit.list_rent * 0.95,
                    "state": "ended",
                }
            )
        lease_vals.append(
            {
                "partner_id": partner.id,
                "unit_id": unit.id,
                "date_start": start_day,
                "date_end": start_day + timedelta(days=365 * 2 - 1),
                "rent_amount": unit.list_rent,
                "state": "active",
            }
        )
    for start in range(0, len(lease_vals), 2000):
        env["apartment.lease"].create(lease_vals[start : start + 2000])
    print(f"{len(lease_vals)} leases", flush=True)
    tickets = env["helpdesk.ticket"].create(
        [
            {
                "name": f"Repair {i}",
                "description": "<p>Repair</p>",
                "partner_id": rng.choice(partners).id,
            }
            for i in range(size // 2)
        ]
    )
    env.flush_all()
    env.cr.execute(
        "UPDATE helpdesk_ticket SET create_date = now() - (random() * 120) * interval '1 day'"
        " WHERE id = ANY(%s)",
        [tickets.ids],
    )
    print(f"{len(tickets)} tickets", flush=True)
    events = env["event.event"].create(
        [
            {
                "name": f"Bench event {i}",
                "date_begin": datetime.now() - timedelta(days=15 * i + 1),
                "date_end": datetime.now() - timedelta(days=15 * i + 1) + timedelta(hours=2),
            }
            for i in range(24)
        ]
    )
    registrations = env["event.registration"].browse()
    sample = rng.sample(list(partners), size // 3)
    for start in range(0, len(sample), 2000):
        registrations |= env["event.registration"].create(
            [
                {"event_id": rng.choice(events).id, "partner_id": partner.id, "state": "done"}
                for partner in sample[start : start + 2000]
            ]
        )
    print(f"{len(registrations)} event registrations", flush=True)


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
        tenants = env["res.partner"].search([("is_tenant", "=", True)])
        results = {}
        with measure(env, "tiers: first evaluation (all promoted)", results, len(tenants)):
            env["apartment.tenant.tier"]._evaluate_partners(tenants)
        env.invalidate_all()
        with measure(env, "tiers: second evaluation (no change)", results, len(tenants)):
            env["apartment.tenant.tier"]._evaluate_partners(tenants)
        env.invalidate_all()
        Signal = env["apartment.churn.signal"]
        active = env["res.partner"].search(Signal._get_evaluation_domain())
        with measure(env, "churn: evaluation", results, len(active)):
            Signal._evaluate_partners(active)
        env.invalidate_all()
        with measure(env, "churn: second evaluation", results, len(active)):
            Signal._evaluate_partners(active)
        levels = env["res.partner"]._read_group(
            [("id", "in", active.ids)], ["churn_risk_level"], ["__count"]
        )
        tiers = env["res.partner"]._read_group(
            [("id", "in", tenants.ids)], ["tenant_tier_id"], ["__count"]
        )
        print("tiers:", {tier.name: count for tier, count in tiers})
        print("churn levels:", dict(levels))
        print(
            "high-risk activities:",
            env["mail.activity"].search_count(
                [("res_model", "=", "res.partner"), ("summary", "like", "High churn risk")]
            ),
        )
        env.cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
