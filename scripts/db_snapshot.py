#!/usr/bin/env python3
# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Snapshot the business state of an apartment_crm database, and compare two snapshots.

    .venv/bin/python scripts/db_snapshot.py --db DB --out before.json
    .venv/bin/python scripts/db_snapshot.py --compare before.json after.json

The snapshot is plain SQL (psycopg2, connection from .local/odoo.conf): record counts, the suite's
xml ids as (name, model, res_id) with the module left out (the upgrade to the suite changes it),
company settings, crons, loyalty ledger sums, invoice links, translated names and module states.
A missing table or column is skipped and noted in the snapshot's "notes".

--compare prints every difference and a summary table and exits 1 when anything differs that is
not listed in the ALLOWED_* tables below (each with its reason), or when a suite addon whose
dependencies are installed is not installed in the second snapshot.
"""

import argparse
import ast
import configparser
import json
import sys
from decimal import Decimal
from pathlib import Path

import psycopg2

REPO = Path(__file__).resolve().parent.parent
SUITE = "apartment_crm"
SETTING_PREFIXES = (
    "rent_",
    "loyalty_",
    "renewal_",
    "sla_",
    "churn_",
    "tenant_tier_",
    "returning_perk_",
)
MIGRATION = REPO / "apartment_crm" / "migrations" / "18.0.2.0.0" / "pre-migration.py"


# --- differences the upgrade to the suite may make (name -> one-line reason) ---------------------
# xml ids that only the new version creates (its data files): fill in after the split.
class _NamesAndPrefixes(dict):
    """Allowed names (name -> reason), and name prefixes (prefix -> reason) for the records
    of a model new in this version, whose views, actions, rules and crons all carry its name."""

    def __init__(self, names, prefixes):
        super().__init__(names)
        self.prefixes = prefixes

    def __contains__(self, key):
        return dict.__contains__(self, key) or str(key).startswith(tuple(self.prefixes))


# Prefixes of the xml ids of the records of models new in this version (prefix -> reason).
ALLOWED_NEW_XMLID_PREFIXES: dict[str, str] = {
    "apartment_kpi_": "the monthly KPIs of the dashboard's trends: a new model of the core (views, "
    "action, menu, multi-company rule)",
    "access_apartment_kpi_": "read access of the staff to the monthly KPIs",
    "ir_cron_refresh_kpis": "the nightly cron measuring the monthly KPIs (and its server action)",
}
_ALLOWED_NEW_XMLID_NAMES: dict[str, str] = {
    "portal_my_lease_rent": "the rent addon adds its invoices to the core's lease page by a new "
    "inherited template",
    "res_config_settings_view_form": "the core's settings app is now its own view; the rent block "
    "inherits it",
    "user_tenant_zh_demo": "demo only: a new portal login for a Chinese demo tenant",
    "user_tenant_en_demo": "demo only: a new portal login for an English-speaking demo tenant",
    "account_move_view_list_rent_invoice": "new list of rent invoices with lease, period and "
    "days-late columns",
    "res_company_view_form_event": "new company tab for the event points cap",
    "apartment_property_view_form_sla": "new building field: its service team",
    "apartment_lease_view_search_rent": "the rent addon's 'Needs Attention' filter (leases the "
    "rent invoicing skipped, with the reason)",
    "helpdesk_team_garden_demo": "demo only: the second building's own service team",
    "helpdesk_team_garden_demo_mail_alias": "demo only: that team's mail alias",
    "portal_my_home_next_rent": "new portal home card: the tenant's next rent to pay",
    "touchpoint_rule_move_in": "new default touchpoint: welcome at move-in and the first visit",
    "touchpoint_rule_before_move_out": "new default touchpoint: farewell a week before move-out",
    "touchpoint_rule_core_value_plan": "new default touchpoint (tier care): core tenants' "
    "renewal value-add plan",
    "touchpoint_rule_transient_discount_calendar": "new default touchpoint (tier care): "
    "transient tenants' renewal discount calendar",
    "touchpoint_rule_core_benefits_pack": "new default touchpoint (tier care): core tenants' "
    "annual benefits pack on the move-in anniversary",
    "touchpoint_rule_potential_upgrade_offer": "new default touchpoint (tier care, renewal "
    "addon): potential tenants' upgrade offer with a coupon",
    "touchpoint_rule_potential_upgrade_interest": "new default touchpoint (renewal addon): the "
    "same upgrade offer when the housekeeper notes a potential tenant wants a bigger home",
    "mail_template_touchpoint_move_in": "the mail of the move-in touchpoint",
    "mail_template_touchpoint_before_move_out": "the mail of the move-out touchpoint",
    "mail_template_touchpoint_value_plan": "the mail of the core tenants' value-add plan",
    "mail_template_touchpoint_benefits_pack": "the mail of the core tenants' annual benefits pack",
    "mail_template_touchpoint_discount_calendar": "the mail of the transient tenants' discount "
    "calendar",
    "mail_template_touchpoint_upgrade_offer": "the mail of the potential tenants' upgrade offer",
    "apartment_touchpoint_rule_view_form_renewal": "the renewal addon's coupon on the touchpoint "
    "rule form",
    "apartment_touchpoint_log_view_list_renewal": "the coupon a touchpoint granted, on the log "
    "list",
    "apartment_notice_view_form_sms": "apartment_crm_notice_sms: the SMS count on the notice",
    "portal_my_home_tenant": "the tenant home on /my (core frame over Odoo's portal home)",
    "portal_tenant_home": "the tenant home's cards frame, each capability adds its card to it",
    "portal_confirm": "the portal's confirm step (renewal answers, redeem, registration cancel)",
    "portal_frontend_layout_company_name": "the portal header shows the company name when the "
    "company has no logo (not Odoo's 'Your logo' placeholder)",
    "portal_tenant_home_rent": "tenant home card: the next rent to pay",
    "portal_tenant_home_points": "tenant home card: points and the rent credits they buy",
    "portal_tenant_home_renewal": "tenant home card: the open renewal offer",
    "portal_event_item": "one community event as a phone list item (events page, home card)",
    "portal_tenant_home_events": "tenant home card: the building's next events",
    "portal_tenant_home_tickets": "tenant home card: open tickets with their SLA clock",
    "portal_my_tickets_new_on_phone": "the tickets page's New ticket button on a phone",
}
ALLOWED_NEW_XMLIDS = _NamesAndPrefixes(_ALLOWED_NEW_XMLID_NAMES, ALLOWED_NEW_XMLID_PREFIXES)
# Company settings the new code adds (new columns with their defaults); existing ones must match.
ALLOWED_NEW_SETTINGS = {
    "renewal_max_bonus_points": "cap on the bonus points a renewal option may grant",
    "renewal_short_term_premium_percent": "renewal pricing: premium of terms under 12 months",
    "renewal_long_term_discount_percent": "renewal pricing: discount of terms over 12 months",
    "rent_vat": "VAT on rent: exempt (the default, as before: the rent product has no tax) or "
    "taxed",
    "rent_tax_id": "the sales tax of rent when taxed (empty by default)",
    "rent_late_fee_date_from": "late fees only on rent due from this day (not retroactive); the "
    "demo sets it on upgrade",
    "rent_reconcile_threshold": "apartment_crm_reconcile: confidence from which a statement line "
    "is reconciled automatically (default 90)",
}
# Reflection rows: each addon reflects the models and fields it defines or extends under its own
# xml id; extra rows are metadata of the new code, never a loss (missing ones still fail).
ALLOWED_NEW_XMLID_MODELS = {
    "ir.model": "each suite addon reflects the models it extends (model_*) under its own xml id",
    "ir.model.fields": "fields the new code adds or re-declares in a new addon are reflected",
    "ir.model.fields.selection": "selection values the new code adds are reflected",
    "ir.model.constraint": "SQL constraints the new code adds are reflected",
}
# Models whose record count may go up (never down): models that the new code adds.
# (A model that only the new code adds may appear with 0 records without being listed.)
ALLOWED_COUNT_INCREASE: dict[str, str] = {
    "ir_attachment": "payment_custom (a new dependency of apartment_crm_rent) brings the images "
    "of its wire transfer provider and payment method",
    "apartment_churn_signal": "apartment_crm_survey adds the churn signal 'Low survey score'",
    "apartment_touchpoint_rule": "new default touchpoints: move-in, move-out and the tier care "
    "rules (core, transient, potential)",
}
# Tables with translated names that may get new records (their count increase is allowed above).
ALLOWED_NEW_TRANSLATION_TABLES = {"apartment_churn_signal", "apartment_touchpoint_rule"}
# Modules outside the suite the new version may install as new dependencies.
ALLOWED_NEW_MODULES: dict[str, str] = {
    "payment_custom": "apartment_crm_rent depends on it: tenants pay rent by wire transfer on the "
    "portal",
    "survey": "apartment_crm_survey: tenant surveys on Odoo Surveys",
    "gamification": "a dependency of survey",
    "maintenance": "apartment_crm_maintenance: building equipment on Odoo Maintenance",
    "account_reconcile_oca": "apartment_crm_reconcile: the OCA reconciliation screen",
    "account_reconcile_model_oca": "a dependency of account_reconcile_oca",
    "account_statement_base": "a dependency of the OCA statement import",
    "account_statement_import_base": "a dependency of the OCA statement import",
    "account_statement_import_file": "a dependency of the OCA statement import",
    "account_statement_import_sheet_file": "apartment_crm_reconcile: CSV/XLSX bank, WeChat Pay "
    "and Alipay statements",
    "base_sparse_field": "a dependency of the OCA statement import",
    "sms": "apartment_crm_notice_sms: building notices by SMS (Odoo's SMS queue)",
}


# --- database ------------------------------------------------------------------------------------
def connect(db, conf_path):
    conf = configparser.ConfigParser()
    conf.read(conf_path)
    opts = conf["options"]
    conn = psycopg2.connect(
        dbname=db,
        host=opts.get("db_host") or None,
        port=opts.get("db_port") or None,
        user=opts.get("db_user") or None,
        password=opts.get("db_password") or None,
    )
    conn.set_session(readonly=True, autocommit=True)
    return conn


class Snapshot:
    def __init__(self, conn):
        self.cr = conn.cursor()
        self.notes = []

    def columns(self, table):
        self.cr.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = %s",
            (table,),
        )
        return dict(self.cr.fetchall())

    def query(self, label, sql, params=None, need=()):
        """Rows of sql, or None (with a note) when a table/column in `need` is missing."""
        for table, *cols in need:
            have = self.columns(table)
            lacking = [c for c in cols if c not in have] if have else ["(table)"]
            if lacking:
                self.notes.append(f"{label}: skipped, {table} lacks {', '.join(lacking)}")
                return None
        self.cr.execute(sql, params)
        return self.cr.fetchall()

    def counts(self):
        out = {}
        rows = self.query(
            "counts",
            "SELECT model, transient FROM ir_model WHERE model LIKE 'apartment.%%' ORDER BY model",
            need=[("ir_model", "model", "transient")],
        )
        for model, transient in rows or []:
            table = model.replace(".", "_")
            if transient:
                continue  # wizards: transient records, vacuumed at will
            if not self.columns(table):
                self.notes.append(f"counts: {model} has no table (abstract)")
                continue
            self.cr.execute(f'SELECT count(*) FROM "{table}"')
            out[table] = self.cr.fetchone()[0]
        extra = {
            "res_partner (tenants)": (
                "SELECT count(*) FROM res_partner p WHERE EXISTS "
                "(SELECT 1 FROM apartment_lease l WHERE l.partner_id = p.id)",
                [("apartment_lease", "partner_id")],
            ),
            "account_move (with a lease)": (
                "SELECT count(*) FROM account_move WHERE lease_id IS NOT NULL",
                [("account_move", "lease_id")],
            ),
            "helpdesk_ticket": ("SELECT count(*) FROM helpdesk_ticket", [("helpdesk_ticket",)]),
            "event_event": ("SELECT count(*) FROM event_event", [("event_event",)]),
            "event_registration": (
                "SELECT count(*) FROM event_registration",
                [("event_registration",)],
            ),
            "mail_message (apartment models)": (
                "SELECT count(*) FROM mail_message WHERE model LIKE 'apartment.%%'",
                [("mail_message", "model")],
            ),
            # asset bundles are regenerated by any -u: only attachments of records count
            "ir_attachment": (
                "SELECT count(*) FROM ir_attachment WHERE res_model IS NOT NULL "
                "AND res_model <> 'ir.ui.view' AND coalesce(url, '') NOT LIKE '/web/assets/%%'",
                [("ir_attachment", "res_model", "url")],
            ),
        }
        for label, (sql, need) in extra.items():
            rows = self.query(label, sql, need=need)
            if rows is not None:
                out[label] = rows[0][0]
        return out

    def xmlids(self):
        rows = self.query(
            "xmlids",
            "SELECT DISTINCT name, model, res_id, module FROM ir_model_data "
            "WHERE module = %s OR module LIKE %s ORDER BY name, model, res_id",
            (SUITE, SUITE + "\\_%"),
            need=[("ir_model_data", "module", "name", "model", "res_id")],
        )
        return [list(r) for r in rows or []]

    def settings(self):
        cols = sorted(c for c in self.columns("res_company") if c.startswith(SETTING_PREFIXES))
        if not cols:
            self.notes.append("settings: res_company has no suite columns")
            return {}
        select = ", ".join(f'"{c}"' for c in cols)
        self.cr.execute(f"SELECT id, {select} FROM res_company ORDER BY id")
        return {
            str(row[0]): {c: _jsonable(v) for c, v in zip(cols, row[1:], strict=True)}
            for row in self.cr.fetchall()
        }

    def crons(self):
        rows = self.query(
            "crons",
            "SELECT d.name, c.active, c.nextcall, c.interval_number, c.interval_type "
            "FROM ir_model_data d JOIN ir_cron c ON c.id = d.res_id "
            "WHERE d.model = 'ir.cron' AND (d.module = %s OR d.module LIKE %s) ORDER BY d.name",
            (SUITE, SUITE + "\\_%"),
            need=[("ir_cron", "active", "nextcall", "interval_number", "interval_type")],
        )
        return {
            name: {
                "active": active,
                "nextcall": _jsonable(nextcall),
                "interval_number": number,
                "interval_type": itype,
            }
            for name, active, nextcall, number, itype in rows or []
        }

    def ledger(self):
        rows = self.query(
            "ledger",
            "SELECT partner_id, sum(points) FROM apartment_loyalty_entry "
            "GROUP BY partner_id ORDER BY partner_id",
            need=[("apartment_loyalty_entry", "partner_id", "points")],
        )
        return {str(p): _jsonable(s) for p, s in rows or []}

    def invoices(self):
        rows = self.query(
            "invoices",
            "SELECT id, lease_id, rent_kind, rent_period_start, amount_total, payment_state "
            "FROM account_move WHERE lease_id IS NOT NULL ORDER BY id",
            need=[
                ("account_move", "lease_id", "rent_kind", "rent_period_start")
                + ("amount_total", "payment_state"),
            ],
        )
        keys = ("lease_id", "rent_kind", "rent_period_start", "amount_total", "payment_state")
        return {str(r[0]): dict(zip(keys, map(_jsonable, r[1:]), strict=True)) for r in rows or []}

    def translations(self):
        out = {}
        rows = self.query(
            "translations",
            "SELECT d.name, m.name FROM ir_ui_menu m JOIN ir_model_data d "
            "ON d.model = 'ir.ui.menu' AND d.res_id = m.id "
            "WHERE d.module = %s OR d.module LIKE %s",
            (SUITE, SUITE + "\\_%"),
            need=[("ir_ui_menu", "name")],
        )
        out["ir_ui_menu"] = {name: value for name, value in rows or []}
        self.cr.execute(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND table_name LIKE 'apartment\\_%%' AND column_name = 'name' AND data_type = 'jsonb' "
            "ORDER BY table_name"
        )
        for (table,) in self.cr.fetchall():
            self.cr.execute(f'SELECT id, name FROM "{table}" ORDER BY id')
            out[table] = {str(i): v for i, v in self.cr.fetchall()}
        return out

    def modules(self):
        rows = self.query(
            "modules",
            "SELECT m.name, m.state, array_remove(array_agg(d.name ORDER BY d.name), NULL) "
            "FROM ir_module_module m LEFT JOIN ir_module_module_dependency d "
            "ON d.module_id = m.id GROUP BY m.name, m.state ORDER BY m.name",
            need=[("ir_module_module", "name", "state")],
        )
        return {name: {"state": state, "depends": deps} for name, state, deps in rows or []}

    def take(self):
        snap = {
            "counts": self.counts(),
            "xmlids": self.xmlids(),
            "settings": self.settings(),
            "crons": self.crons(),
            "ledger": self.ledger(),
            "invoices": self.invoices(),
            "translations": self.translations(),
            "modules": self.modules(),
        }
        snap["notes"] = self.notes
        return snap


def _jsonable(value):
    if value is None or isinstance(value, bool | int | str | dict | list):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)  # Decimal: exact text


# --- comparison ----------------------------------------------------------------------------------
def suite_modules_expected():
    """NEW_MODULES of the pre-migration (read without importing Odoo)."""
    if not MIGRATION.exists():
        return []
    for node in ast.parse(MIGRATION.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "NEW_MODULES" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    return []


def _diff_dicts(section, a, b, out, allowed_new=None):
    for key in sorted(set(a) | set(b)):
        if key not in b:
            out.append((section, f"{key}: missing after ({a[key]!r})"))
        elif key not in a:
            if allowed_new is None or key not in allowed_new:
                out.append((section, f"{key}: new after ({b[key]!r})"))
        elif a[key] != b[key]:
            out.append((section, f"{key}: {a[key]!r} -> {b[key]!r}"))


def _compare_counts(a, b, diffs):
    """Equal, or up only for the listed models (a model new in b may appear with its data)."""
    for key in sorted(set(a) | set(b)):
        before, after = a.get(key), b.get(key)
        if before == after:
            continue
        if key in ALLOWED_COUNT_INCREASE and (before or 0) <= (after or 0):
            continue
        if before is None:
            continue  # a model new in this version, with the data its addon ships
        diffs.append(("counts", f"{key}: {before} -> {after}"))


def _compare_xmlids(xa, xb, diffs, new_names=frozenset()):
    """None lost or pointing at another record; extra ones only when allowed (or made by an
    addon of the suite that is new in this version: ``new_names``)."""
    by_name_b = {}
    for name, model, res_id in xb:
        by_name_b.setdefault((name, model), set()).add(res_id)
    for name, model, res_id in sorted(xa - xb):
        now = by_name_b.get((name, model))
        how = f"now res_id {sorted(now)}" if now else "gone"
        diffs.append(("xmlids", f"{name} ({model}, res_id {res_id}): {how}"))
    by_name_a = {}
    for name, model, res_id in xa:
        by_name_a.setdefault((name, model), set()).add(res_id)
    for name, model, res_id in sorted(xb - xa):
        before = by_name_a.get((name, model))
        if before and not before <= by_name_b[(name, model)]:
            continue  # reported above as pointing elsewhere
        if before:
            # the old record is still there and a second one got the same name: one addon
            # re-created what another took over (a name the map should not have moved)
            message = f"{name} ({model}): second record res_id {res_id} besides {sorted(before)}"
            diffs.append(("xmlids", message))
            continue
        if name in ALLOWED_NEW_XMLIDS or model in ALLOWED_NEW_XMLID_MODELS or name in new_names:
            continue
        diffs.append(("xmlids", f"{name} ({model}, res_id {res_id}): new after"))


def _compare_modules(ma, mb, expected, diffs):
    """Suite addons installed when their dependencies are; other modules unchanged."""
    suite = {m for m in mb if m == SUITE or m.startswith(SUITE + "_")} | set(expected)
    installed_b = {m for m, v in mb.items() if v["state"] == "installed"}
    for name in sorted(suite):
        row = mb.get(name)
        if row is None:
            diffs.append(("modules", f"{name}: not in ir_module_module after the upgrade"))
        elif row["state"] != "installed" and (
            name in expected or all(d in installed_b for d in row["depends"])
        ):
            diffs.append(("modules", f"{name}: {row['state']} after (dependencies installed)"))
    for name in sorted((set(ma) | set(mb)) - suite):
        sa, sb = ma.get(name, {}).get("state"), mb.get(name, {}).get("state")
        if sa == sb or "installed" not in (sa, sb):
            continue
        if sb == "installed" and name in ALLOWED_NEW_MODULES:
            continue
        diffs.append(("modules", f"{name}: {sa} -> {sb}"))
    return suite


def compare(a, b, expected_suite=None):
    """Return [(section, message)] of the differences that are not allowed, and the summary."""
    diffs = []
    _compare_counts(a["counts"], b["counts"], diffs)
    xa = {tuple(x[:3]) for x in a["xmlids"]}
    xb = {tuple(x[:3]) for x in b["xmlids"]}
    # Addons of the suite new in this version (not in the old database at all) bring their own
    # records, crons and menus: those names are new by nature, reported in the summary only.
    new_addons = {
        name
        for name, row in b["modules"].items()
        if row["state"] == "installed"
        and name not in a["modules"]
        and (name == SUITE or name.startswith(SUITE + "_"))
    }
    names_a = {x[0] for x in a["xmlids"]}
    new_names = {
        x[0] for x in b["xmlids"] if len(x) > 3 and x[3] in new_addons and x[0] not in names_a
    }
    _compare_xmlids(xa, xb, diffs, new_names)
    # settings, crons, ledger, invoices: identical (new crons only by their allowed xml id)
    for company in sorted(set(a["settings"]) | set(b["settings"])):
        sa, sb = a["settings"].get(company, {}), b["settings"].get(company, {})
        _diff_dicts(f"settings[{company}]", sa, sb, diffs, allowed_new=ALLOWED_NEW_SETTINGS)
    allowed_names = _NamesAndPrefixes(
        {**ALLOWED_NEW_XMLIDS, **dict.fromkeys(new_names, "a new addon of the suite")},
        ALLOWED_NEW_XMLID_PREFIXES,
    )
    _diff_dicts("crons", a["crons"], b["crons"], diffs, allowed_new=allowed_names)
    _diff_dicts("ledger", a["ledger"], b["ledger"], diffs)
    _diff_dicts("invoices", a["invoices"], b["invoices"], diffs)
    # translations: existing values kept (new menus only by their allowed xml id)
    for table in sorted(set(a["translations"]) | set(b["translations"])):
        ta, tb = a["translations"].get(table, {}), b["translations"].get(table, {})
        if table == "ir_ui_menu":
            allowed = allowed_names
        elif table not in a["translations"] or table in ALLOWED_NEW_TRANSLATION_TABLES:
            allowed = tb  # a table of a model new in this version, or new records allowed
        else:
            allowed = None
        _diff_dicts(f"translations[{table}]", ta, tb, diffs, allowed_new=allowed)
    expected = suite_modules_expected() if expected_suite is None else expected_suite
    suite = _compare_modules(a["modules"], b["modules"], expected, diffs)

    def installed(snap):
        return len({m for m, v in snap["modules"].items() if v["state"] == "installed"} & suite)

    summary = [
        ("counts", len(a["counts"]), sum(a["counts"].values()), sum(b["counts"].values())),
        ("xmlids", len(xa), len(xa), len(xb)),
        ("settings", len(a["settings"]), _n(a["settings"]), _n(b["settings"])),
        ("crons", len(a["crons"]), len(a["crons"]), len(b["crons"])),
        ("ledger", len(a["ledger"]), _sum(a["ledger"]), _sum(b["ledger"])),
        ("invoices", len(a["invoices"]), len(a["invoices"]), len(b["invoices"])),
        ("translations", len(a["translations"]), _n(a["translations"]), _n(b["translations"])),
        ("modules (suite)", len(suite), installed(a), installed(b)),
    ]
    return diffs, summary


def _n(nested):
    return sum(len(v) for v in nested.values())


def _sum(ledger):
    return str(sum(Decimal(v or 0) for v in ledger.values()))


def print_report(diffs, summary, out=sys.stdout):
    by_section = {}
    for section, message in diffs:
        by_section.setdefault(section.split("[")[0], []).append(message)
        print(f"DIFF {section}: {message}", file=out)
    print(f"\n{'section':<16} {'keys':>6} {'before':>14} {'after':>14}  result", file=out)
    for name, keys, before, after in summary:
        n = len(by_section.get(name.split(" ")[0], []))
        result = "ok" if not n else f"{n} difference(s)"
        print(f"{name:<16} {keys:>6} {before!s:>14} {after!s:>14}  {result}", file=out)
    print(f"\n{'FAILED' if diffs else 'OK'}: {len(diffs)} unexpected difference(s)", file=out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db")
    parser.add_argument("--out")
    parser.add_argument("--conf", default=str(REPO / ".local" / "odoo.conf"))
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    parser.add_argument(
        "--expect-modules",
        help="comma-separated addons that must be installed in AFTER "
        "(default: NEW_MODULES of the 18.0.2.0.0 pre-migration; '' for none)",
    )
    args = parser.parse_args(argv)
    if args.compare:
        a, b = (json.loads(Path(p).read_text()) for p in args.compare)
        for label, snap in (("before", a), ("after", b)):
            for note in snap.get("notes", []):
                print(f"note ({label}): {note}")
        expected = None
        if args.expect_modules is not None:
            expected = [m for m in args.expect_modules.split(",") if m]
        diffs, summary = compare(a, b, expected)
        print_report(diffs, summary)
        return 1 if diffs else 0
    if not (args.db and args.out):
        parser.error("--db and --out, or --compare BEFORE AFTER")
    conn = connect(args.db, args.conf)
    try:
        snap = Snapshot(conn).take()
    finally:
        conn.close()
    Path(args.out).write_text(json.dumps(snap, indent=1, sort_keys=True, ensure_ascii=False))
    print(
        f"{args.db}: {len(snap['counts'])} counts ({sum(snap['counts'].values())} records), "
        f"{len(snap['xmlids'])} xml ids, {len(snap['crons'])} crons, "
        f"{len(snap['invoices'])} invoices, {len(snap['ledger'])} ledger partners, "
        f"{len(snap['notes'])} notes -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
