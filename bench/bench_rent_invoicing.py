"""Rent invoicing: our generator against OCA contract 18.0, same tenants and amounts.

    .venv/bin/python bench/bench_rent_invoicing.py [--size 2000] [--db bench_rent]
        [--no-contract]

Creates N active leases (and, for contract, N contracts with one monthly line at the same rent
for the same tenants) in a bench database holding apartment_crm and contract, then generates one
month of invoices with each and prints seconds and SQL queries per invoice, and the ratio.
Both create draft invoices (OCA contract does not post); our generator is also timed with
posting. OCA contract (PyPI odoo-addon-contract 18.0, requirements-bench.txt) is installed into
the virtualenv when missing, and the `contract` module only in the bench database.
"""

import importlib.util
import os
import subprocess
import sys
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import REPO, ensure_database, measure, odoo_env, parser  # noqa: E402


def ensure_contract_package():
    if importlib.util.find_spec("odoo.addons.contract") is None:
        # --no-deps: the wheel requires "odoo==18.0.*", which comes from the Odoo source here.
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--no-deps",
                "-r",
                os.path.join(REPO, "requirements-bench.txt"),
            ],
            check=True,
        )


def setup_company(env):
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    product = env["product.product"].search([("name", "=", "Bench Rent")], limit=1)
    if not product:
        product = env["product.product"].create(
            {"name": "Bench Rent", "type": "service", "taxes_id": [(5, 0, 0)]}
        )
    company.write(
        {
            "rent_product_id": product.id,
            "rent_journal_id": journal.id,
            "rent_billing_day": 1,
            "rent_auto_post": False,
        }
    )
    return company, journal, product


def create_leases(env, size, month, tag):
    """N units in N/100 properties, N tenants, N active leases starting on `month`."""
    props = env["apartment.property"].create(
        [{"name": f"Bench {tag} {i}", "code": f"B{tag}-{i}"} for i in range(max(size // 100, 1))]
    )
    units = env["apartment.unit"].create(
        [
            {"name": f"{tag}-{i}", "property_id": props[i % len(props)].id, "list_rent": 3000}
            for i in range(size)
        ]
    )
    tenants = env["res.partner"].create([{"name": f"Bench tenant {tag}-{i}"} for i in range(size)])
    leases = env["apartment.lease"].create(
        [
            {
                "partner_id": tenants[i].id,
                "unit_id": units[i].id,
                "date_start": month,
                "date_end": date(month.year + 1, month.month, 1),
                "rent_amount": 3000 + i % 500,
            }
            for i in range(size)
        ]
    )
    leases.write({"state": "active"})
    props._get_or_create_analytic_account()
    return leases


def create_contracts(env, leases, journal, product, month):
    return env["contract.contract"].create(
        [
            {
                "name": f"Contract {lease.name}",
                "partner_id": lease.partner_id.id,
                "contract_type": "sale",
                "journal_id": journal.id,
                "line_recurrence": False,
                "date_start": month,
                "recurring_rule_type": "monthly",
                "recurring_interval": 1,
                "recurring_invoicing_type": "pre-paid",
                "contract_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "name": "Rent",
                            "quantity": 1,
                            "price_unit": lease.rent_amount,
                        },
                    )
                ],
            }
            for lease in leases
        ]
    )


def main():
    p = parser(__doc__.splitlines()[0])
    p.set_defaults(db="bench_rent")
    p.add_argument("--size", type=int, default=2000)
    p.add_argument("--no-contract", action="store_true", help="only our generator")
    p.add_argument("--no-posted", action="store_true", help="skip the run with posting")
    args = p.parse_args()
    modules = ("apartment_crm_rent",) if args.no_contract else ("apartment_crm_rent", "contract")
    if not args.no_contract:
        ensure_contract_package()
    ensure_database(args.db, modules)
    results = {}
    with odoo_env(args.db) as env:
        company, journal, product = setup_company(env)
        # A fresh month per run keeps runs independent in a reused database.
        runs = env["apartment.lease"].search_count([("name", "!=", False)])
        month = date(2031 + runs // 100000, 1 + (runs // args.size) % 12, 1)
        tag = f"{runs}"
        leases = create_leases(env, args.size, month, tag)
        env.cr.commit()
        env.invalidate_all()
        with measure(env, f"ours: {args.size} leases, draft", results, args.size):
            ours = leases._generate_rent_invoices(month, raise_errors=False)
        assert len(ours) == args.size, len(ours)
        env.cr.commit()
        if not args.no_posted:
            # The same again, posted (what production does), on fresh leases.
            company.rent_auto_post = True
            leases_posted = create_leases(env, args.size, month, tag + "p")
            env.cr.commit()
            env.invalidate_all()
            with measure(env, f"ours: {args.size} leases, posted", results, args.size):
                leases_posted._generate_rent_invoices(month, raise_errors=False)
            company.rent_auto_post = False
        env.cr.commit()
        if not args.no_contract:
            contracts = create_contracts(env, leases, journal, product, month)
            env.cr.commit()
            env.invalidate_all()
            with measure(env, f"OCA contract: {args.size} contracts", results, args.size):
                moves = contracts.with_company(company)._recurring_create_invoice(month)
            assert len(moves) == args.size, len(moves)
            env.cr.commit()
            ours_r = results[f"ours: {args.size} leases, draft"]
            theirs = results[f"OCA contract: {args.size} contracts"]
            print(
                f"ratio ours/contract (draft): time {ours_r['seconds'] / theirs['seconds']:.2f}, "
                f"queries {ours_r['queries'] / max(theirs['queries'], 1):.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
