"""Refresh the i18n folder of every addon of the suite: export each addon's .pot from a
database where the suite is installed and merge it into its zh_CN.po (existing translations
kept, new terms added empty, gone ones dropped). A term already translated in any addon of the
suite (or in ``--from`` .po files) is reused, so moving code between addons keeps its
translations.

    .venv/bin/python scripts/i18n_update.py [--db apartment_test] [--addons a,b] [--check]

Then translate the empty msgstr of <addon>/i18n/zh_CN.po (glossary: ../shared/DOMAIN.md) and
list what is still untranslated with --check.
"""

import argparse
import glob
import os
import subprocess
import sys

import polib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def suite_addons():
    return sorted(
        os.path.basename(os.path.dirname(path))
        for path in glob.glob(os.path.join(REPO, "apartment_crm*", "__manifest__.py"))
    )


def paths(addon):
    i18n = os.path.join(REPO, addon, "i18n")
    return i18n, os.path.join(i18n, f"{addon}.pot"), os.path.join(i18n, "zh_CN.po")


# Engine texts (the tier and churn reasons): translatable fields the engines write in every
# installed language; the exporter lists their values on the demo tenants, which are data, not
# terms. Same list as ENGINE_TEXT_FIELDS in apartment_crm/tests/i18n_common.py.
ENGINE_TEXT_FIELDS = {
    "res.partner,tier_reason",
    "res.partner,churn_reasons",
    "apartment.tenant.tier.history,reason",
}


def is_engine_text(entry):
    return bool(entry.occurrences) and all(
        path.startswith("model:") and path.split(":")[1] in ENGINE_TEXT_FIELDS
        for path, __ in entry.occurrences
    )


def export_pot(db, addon):
    with open(os.path.join(REPO, ".local", "odoo_src")) as f:
        odoo_src = f.read().strip()
    i18n, pot, __ = paths(addon)
    os.makedirs(i18n, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            os.path.join(odoo_src, "odoo-bin"),
            "-c",
            os.path.join(REPO, ".local", "odoo.conf"),
            "-d",
            db,
            f"--i18n-export={pot}",
            f"--modules={addon}",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )


def known_translations(extra_files):
    """{(msgctxt, msgid): msgstr} of every translated entry of the suite's .po files."""
    known = {}
    files = [paths(addon)[2] for addon in suite_addons()] + list(extra_files)
    for path in files:
        if os.path.exists(path):
            for entry in polib.pofile(path):
                if entry.msgstr:
                    known.setdefault((entry.msgctxt, entry.msgid), entry.msgstr)
    return known


def merge(addon, known):
    __, pot_path, po_path = paths(addon)
    # The addon's own translations first: the same English word can mean another thing in
    # another addon ("Reading" a meter 读数, not a book 阅读).
    own = {}
    if os.path.exists(po_path):
        own = {
            (entry.msgctxt, entry.msgid): entry.msgstr
            for entry in polib.pofile(po_path)
            if entry.msgstr
        }
    pot = polib.pofile(pot_path)
    for entry in [entry for entry in pot if is_engine_text(entry)]:
        pot.remove(entry)
    pot.save(pot_path)
    po = polib.POFile()
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {"Language": "zh_CN", "Plural-Forms": "nplurals=1; plural=0;", "Language-Team": ""}
    )
    po.header = f"Chinese (Simplified) translation of {addon}."
    for entry in pot:
        key = (entry.msgctxt, entry.msgid)
        entry.msgstr = own.get(key) or known.get(key, "")
        po.append(entry)
    po.save(po_path)
    return po


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="apartment_test")
    parser.add_argument("--addons", help="comma-separated addons (default: the whole suite)")
    parser.add_argument(
        "--from",
        dest="sources",
        action="append",
        default=[],
        help="extra .po file to take translations from (repeatable)",
    )
    parser.add_argument("--check", action="store_true", help="only list untranslated terms")
    args = parser.parse_args()
    addons = args.addons.split(",") if args.addons else suite_addons()
    status = 0
    known = None if args.check else known_translations(args.sources)
    for addon in addons:
        if args.check:
            po_path = paths(addon)[2]
            po = polib.pofile(po_path) if os.path.exists(po_path) else polib.POFile()
        else:
            export_pot(args.db, addon)
            po = merge(addon, known)
        missing = [e for e in po if not e.msgstr]
        print(f"{addon}: {len(po)} terms, {len(missing)} untranslated")
        for entry in missing if args.check else []:
            print(f"  {entry.msgid!r}")
        status = status or (1 if args.check and missing else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
