"""Refresh apartment_crm/i18n: export the .pot from a database with the module installed and
merge it into zh_CN.po (existing translations kept, new terms added empty, gone ones dropped).

    .venv/bin/python scripts/i18n_update.py [--db apartment_test]

Then translate the empty msgstr of i18n/zh_CN.po (glossary: ../shared/DOMAIN.md) and list
what is still untranslated with --check.
"""

import argparse
import os
import subprocess
import sys

import polib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
I18N = os.path.join(REPO, "apartment_crm", "i18n")
POT = os.path.join(I18N, "apartment_crm.pot")
PO = os.path.join(I18N, "zh_CN.po")


def export_pot(db):
    with open(os.path.join(REPO, ".local", "odoo_src")) as f:
        odoo_src = f.read().strip()
    subprocess.run(
        [
            sys.executable,
            os.path.join(odoo_src, "odoo-bin"),
            "-c",
            os.path.join(REPO, ".local", "odoo.conf"),
            "-d",
            db,
            f"--i18n-export={POT}",
            "--modules=apartment_crm",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )


def merge():
    pot = polib.pofile(POT)
    old = polib.pofile(PO) if os.path.exists(PO) else polib.POFile()
    known = {(e.msgctxt, e.msgid): e.msgstr for e in old if e.msgstr}
    po = polib.POFile()
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {"Language": "zh_CN", "Plural-Forms": "nplurals=1; plural=0;", "Language-Team": ""}
    )
    po.header = "Chinese (Simplified) translation of apartment_crm."
    for entry in pot:
        entry.msgstr = known.get((entry.msgctxt, entry.msgid), "")
        po.append(entry)
    po.save(PO)
    return po


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="apartment_test")
    parser.add_argument("--check", action="store_true", help="only list untranslated terms")
    args = parser.parse_args()
    if not args.check:
        export_pot(args.db)
        po = merge()
    else:
        po = polib.pofile(PO)
    missing = [e for e in po if not e.msgstr]
    print(f"{len(po)} terms, {len(missing)} untranslated")
    for entry in missing if args.check else []:
        print(repr(entry.msgid))
    return 1 if args.check and missing else 0


if __name__ == "__main__":
    sys.exit(main())
