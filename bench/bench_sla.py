"""SLA benchmark: escalation cron pass and recompute of all open deadlines.

Creates (once) `--size` helpdesk tickets of which `--open` are open, in the bench database,
then times, with SQL query counts:
- one pass of `helpdesk.ticket._cron_escalate_sla()` over the open tickets (steps fire),
- a second pass (idempotent: nothing new),
- a recompute of the deadlines and states of all open tickets,
- beside them, OCA helpdesk_mgmt_sla's own computation on the same open tickets (creating its
  helpdesk.ticket.sla lines, then recomputing their deadlines).
The measured work is rolled back, so the database can be reused.

    $VENV/bin/python bench/bench_sla.py --db bench_sla [--size 100000] [--open 5000]
"""

import importlib.metadata
import math
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta

from common import REPO, ensure_database, measure, odoo_env, parser

BENCH_PREFIX = "BENCH SLA"
REQUIREMENTS = os.path.join(REPO, "requirements-bench.txt")


def ensure_helpdesk_mgmt_sla():
    """Install the pinned OCA helpdesk_mgmt_sla into the venv when missing (bench only)."""
    try:
        importlib.metadata.version("odoo-addon-helpdesk_mgmt_sla")
    except importlib.metadata.PackageNotFoundError:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--no-deps", "-r", REQUIREMENTS],
            check=True,
        )


def create_tickets(env, size, open_count, batch=2000):
    Ticket = env["helpdesk.ticket"].with_context(
        tracking_disable=True,
        mail_create_nolog=True,
        mail_create_nosubscribe=True,
        mail_notrack=True,
        sla_skip_grading=True,
    )
    existing = Ticket.search_count([("name", "=like", f"{BENCH_PREFIX}%")])
    if existing >= size:
        print(f"{existing} bench tickets already there", flush=True)
        return
    rng = random.Random(42)
    team = env["helpdesk.ticket.team"].search([("name", "=", "Bench SLA team")], limit=1)
    if not team:
        team = env["helpdesk.ticket.team"].create(
            {"name": "Bench SLA team", "user_id": env.ref("base.user_admin").id}
        )
    partners = env["res.partner"].search([("name", "=like", "Bench SLA tenant%")])
    if not partners:
        tiers = env["apartment.tenant.tier"].search([])
        partners = env["res.partner"].create(
            [
                {"name": f"Bench SLA tenant {i}", "tenant_tier_id": tiers[i % len(tiers)].id}
                for i in range(500)
            ]
        )
    done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
    new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
    kinds = ["complaint", "repair", "repair", "request", "other"]
    now = datetime.now().replace(microsecond=0)
    start = time.perf_counter()
    for offset in range(existing, size, batch):
        vals_list = []
        for i in range(offset, min(offset + batch, size)):
            is_open = i < open_count
            opened = now - (
                timedelta(minutes=rng.randint(0, 3 * 24 * 60))
                if is_open
                else timedelta(days=rng.randint(4, 365), minutes=rng.randint(0, 1440))
            )
            vals = {
                "name": f"{BENCH_PREFIX} {i}",
                "description": "<p>Bench ticket</p>",
                "partner_id": partners[i % len(partners)].id,
                "team_id": team.id,
                "user_id": env.ref("base.user_admin").id,
                "ticket_kind": kinds[i % len(kinds)],
                "priority": str(rng.choice("01123")),
                "sla_start_date": opened,
                "sla_resolution_start_date": opened,
                "stage_id": new.id if is_open else done.id,
            }
            if not is_open:
                vals["first_response_date"] = opened + timedelta(minutes=rng.randint(5, 600))
                vals["resolved_date"] = opened + timedelta(minutes=rng.randint(600, 6000))
            vals_list.append(vals)
        Ticket.create(vals_list)
        env.cr.commit()
        done_count = min(offset + batch, size)
        print(
            f"created {done_count}/{size} tickets ({time.perf_counter() - start:.0f} s)",
            flush=True,
        )


def bench_ours(env, results, open_count):
    Ticket = env["helpdesk.ticket"]
    open_tickets = Ticket.search(Ticket._get_sla_escalation_domain())
    batches = math.ceil(len(open_tickets) / Ticket._sla_batch_size)
    print(f"{len(open_tickets)} open tickets under a policy, {batches} batches", flush=True)
    Log = env["apartment.sla.escalation.log"]
    logs_before = Log.search_count([])
    env.invalidate_all()
    with measure(env, "escalation cron, first pass", results, len(open_tickets)):
        Ticket._cron_escalate_sla()
    fired = Log.search_count([]) - logs_before
    print(f"  steps fired: {fired}", flush=True)
    env.invalidate_all()
    with measure(env, "escalation cron, second pass (idempotent)", results, len(open_tickets)):
        Ticket._cron_escalate_sla()
    assert Log.search_count([]) - logs_before == fired, "the second pass fired steps again"
    env.invalidate_all()
    open_tickets = Ticket.browse(open_tickets.ids)
    with measure(env, "recompute all open deadlines + states", results, len(open_tickets)):
        open_tickets._sla_recompute()
    results["_batches"] = batches
    results["_fired"] = fired


def bench_oca(env, results):
    """helpdesk_mgmt_sla: 4 h SLA on the team's calendar, expected stage Done."""
    Ticket = env["helpdesk.ticket"]
    open_tickets = Ticket.search(Ticket._get_sla_escalation_domain())
    team = open_tickets.team_id[:1]
    team.write(
        {
            "use_sla": True,
            "resource_calendar_id": env.ref("apartment_crm_sla.resource_calendar_sla_business").id,
        }
    )
    sla = env["helpdesk.sla"].create(
        {
            "name": "Bench 4 h",
            "hours": 4,
            "stage_id": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
            "team_ids": [(6, 0, team.ids)],
        }
    )
    env.invalidate_all()
    with measure(env, "helpdesk_mgmt_sla: create lines + deadlines", results, len(open_tickets)):
        lines = env["helpdesk.ticket.sla"].create(
            [{"ticket_id": t.id, "sla_id": sla.id} for t in open_tickets]
        )
    env.invalidate_all()
    lines = lines.browse(lines.ids)
    with measure(env, "helpdesk_mgmt_sla: recompute deadlines", results, len(lines)):
        env.add_to_compute(lines._fields["deadline"], lines)
        lines._recompute_recordset(["deadline"])
    env.invalidate_all()
    with measure(env, "helpdesk_mgmt_sla: count expired", results, len(lines)):
        Ticket.search_count([("sla_expired", "=", True)])


def main():
    p = parser(__doc__.splitlines()[0])
    p.set_defaults(db="bench_sla")
    p.add_argument("--size", type=int, default=100_000, help="tickets in all")
    p.add_argument("--open", type=int, default=5_000, help="open tickets among them")
    args = p.parse_args()
    ensure_helpdesk_mgmt_sla()
    ensure_database(args.db, modules=("apartment_crm_sla", "helpdesk_mgmt_sla"))
    results = {}
    with odoo_env(args.db) as env:
        create_tickets(env, args.size, min(args.open, args.size))
        total = env["helpdesk.ticket"].search_count([("name", "=like", f"{BENCH_PREFIX}%")])
        print(f"{total} bench tickets in {args.db}", flush=True)
        bench_ours(env, results, args.open)
        bench_oca(env, results)
        env.cr.rollback()  # keep the database reusable
    for label, figures in results.items():
        if label.startswith("_"):
            continue
        per_batch = figures["queries"] / max(results["_batches"], 1)
        if not label.startswith("helpdesk_mgmt_sla"):
            print(f"{label:<45} {per_batch:8.1f} queries per batch of 1000", flush=True)


if __name__ == "__main__":
    main()
