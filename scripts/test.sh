#!/usr/bin/env bash
# make test: set up, create a fresh database, install the whole suite (apartment_crm_suite: every
# addon, with its demo data, which must load), run the linters and the pytest-odoo tests of every
# addon (browser tours included).
# Exits non-zero when anything fails.
set -euo pipefail
bash "$(dirname "$0")/setup.sh"
source "$(dirname "$0")/lib.sh"
cd "$REPO"
DB=${TEST_DB:-apartment_test}
status=0

log "lint: ruff, pylint-odoo"
bash scripts/lint.sh || { status=1; log "LINT FAILED"; }

if db_exists "$DB"; then db_psql -c "DROP DATABASE \"$DB\" WITH (FORCE)"; fi
log "installing the whole suite (apartment_crm_suite) on a fresh database $DB"
install_log=$REPO/.local/install-$DB.log
if ! odoo -d "$DB" -i apartment_crm_suite --stop-after-init --log-level=warn >"$install_log" 2>&1; then
    cat "$install_log"; log "INSTALL FAILED"; exit 1
fi
if grep -E ' (ERROR|CRITICAL) ' "$install_log"; then
    log "INSTALL LOGGED ERRORS (see above)"; exit 1
fi

log "tests: pytest-odoo (transaction, form and browser tests)"
set +e
"$VENV/bin/pytest" apartment_crm*/tests \
    --odoo-config "$CONF" --odoo-database "$DB" --odoo-http --odoo-log-level=warn \
    -p no:cacheprovider ${PYTEST_ARGS:-}
pytest_status=$?
set -e
[ $pytest_status -eq 0 ] || status=$pytest_status

# A clean production install: the whole suite WITHOUT demo data, and the smoke run of an
# operator's first day on it (lease, rent invoice, payment, points, renewal, ticket, event), so
# that no default lives only in the demo data.
CLEAN_DB=${CLEAN_DB:-${DB}_clean}
if db_exists "$CLEAN_DB"; then db_psql -c "DROP DATABASE \"$CLEAN_DB\" WITH (FORCE)"; fi
log "clean install: the whole suite without demo data on $CLEAN_DB, then the smoke run"
clean_log=$REPO/.local/install-$CLEAN_DB.log
if odoo -d "$CLEAN_DB" -i apartment_crm_suite --without-demo=all --stop-after-init \
        --log-level=warn >"$clean_log" 2>&1 && ! grep -E ' (ERROR|CRITICAL) ' "$clean_log"; then
    set +e
    "$VENV/bin/pytest" apartment_crm_suite/tests/test_clean_install.py \
        --odoo-config "$CONF" --odoo-database "$CLEAN_DB" --odoo-log-level=warn -p no:cacheprovider
    clean_status=$?
    set -e
    [ $clean_status -eq 0 ] || { status=$((status ? status : 1)); log "CLEAN-INSTALL SMOKE FAILED"; }
else
    cat "$clean_log"; status=$((status ? status : 1)); log "CLEAN INSTALL FAILED"
fi
db_psql -c "DROP DATABASE IF EXISTS \"$CLEAN_DB\" WITH (FORCE)" || true

log "upgrade test: a 18.0.1.0.0 database upgraded in place to this code"
bash scripts/upgrade_test.sh || { status=$((status ? status : 1)); log "UPGRADE TEST FAILED"; }
log "install matrix: each addon of the suite on its own"
bash scripts/install_matrix.sh || { status=$((status ? status : 1)); log "INSTALL MATRIX FAILED"; }
[ $status -eq 0 ] && log "all green" || log "FAILED (status $status)"
exit $status
