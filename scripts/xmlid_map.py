#!/usr/bin/env python3
# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Write apartment_crm/migrations/18.0.2.0.0/xmlid_modules.json from a fresh suite database.

    .venv/bin/python scripts/xmlid_map.py --db DB [--out FILE]

DB must have the new suite freshly installed (e.g. `odoo -d DB -i apartment_crm_event_loyalty,...`
with every addon of the suite). Every ir_model_data name of a module `apartment_crm_*` becomes
`{name: module}`. A name that apartment_crm (the core) owns as well stays out: the core keeps its
row (models and fields that several addons extend are reflected once per addon). A name owned by
several other addons goes to the one the others depend on (the addon that defines the model or
field), and is reported on stderr.
"""

import argparse
import configparser
import json
import sys
from pathlib import Path

import psycopg2

REPO = Path(__file__).resolve().parent.parent
CORE = "apartment_crm"
DEFAULT_OUT = REPO / CORE / "migrations" / "18.0.2.0.0" / "xmlid_modules.json"


def connect(db, conf_path):
    conf = configparser.ConfigParser()
    conf.read(conf_path)
    opts = conf["options"]
    return psycopg2.connect(
        dbname=db,
        host=opts.get("db_host") or None,
        port=opts.get("db_port") or None,
        user=opts.get("db_user") or None,
        password=opts.get("db_password") or None,
    )


def dependency_depth(cr):
    """{suite module: number of suite modules it depends on, transitively}."""
    cr.execute(
        "SELECT m.name, d.name FROM ir_module_module m "
        "JOIN ir_module_module_dependency d ON d.module_id = m.id "
        "WHERE m.name LIKE %s",
        (CORE + "%",),
    )
    deps = {}
    for module, dep in cr.fetchall():
        deps.setdefault(module, set()).add(dep)

    def closure(module, seen):
        for dep in deps.get(module, ()):
            if dep not in seen:
                seen.add(dep)
                closure(dep, seen)
        return seen

    return {m: len({d for d in closure(m, set()) if d.startswith(CORE)}) for m in deps}


def build_map(cr):
    cr.execute(
        "SELECT name, module FROM ir_model_data WHERE module = %s OR module LIKE %s",
        (CORE, CORE + "\\_%"),
    )
    owners = {}
    for name, module in cr.fetchall():
        owners.setdefault(name, set()).add(module)
    depth = dependency_depth(cr)
    mapping, ambiguous = {}, {}
    for name, modules in owners.items():
        if CORE in modules:
            continue
        ordered = sorted(modules, key=lambda m: (depth.get(m, 0), m))
        mapping[name] = ordered[0]
        if len(ordered) > 1:
            ambiguous[name] = ordered
    return dict(sorted(mapping.items())), ambiguous


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument("--conf", default=str(REPO / ".local" / "odoo.conf"))
    args = parser.parse_args(argv)
    conn = connect(args.db, args.conf)
    try:
        with conn.cursor() as cr:
            mapping, ambiguous = build_map(cr)
    finally:
        conn.close()
    if not mapping:
        print(f"{args.db}: no xml id of an apartment_crm_* module: is the suite installed?")
        return 1
    for name, modules in sorted(ambiguous.items()):
        owners = ", ".join(modules)
        print(f"note: {name} is owned by {owners}: mapped to {modules[0]}", file=sys.stderr)
    Path(args.out).write_text(json.dumps(mapping, indent=1, sort_keys=True) + "\n")
    per_module = {}
    for module in mapping.values():
        per_module[module] = per_module.get(module, 0) + 1
    for module, count in sorted(per_module.items()):
        print(f"{module:<36} {count:>6}")
    print(f"{len(mapping)} xml ids ({len(ambiguous)} owned by several addons) -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
