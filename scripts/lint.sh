#!/usr/bin/env bash
# The OCA-style linters, as CI runs them: ruff (lint + format check) and pylint-odoo.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"
"$VENV/bin/ruff" check apartment_crm* bench scripts conftest.py
"$VENV/bin/ruff" format --check apartment_crm* bench scripts conftest.py
"$VENV/bin/pylint" --rcfile=.pylintrc --score=n apartment_crm*
