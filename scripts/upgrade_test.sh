#!/usr/bin/env bash
# make upgrade-test: prove that a database running the single addon apartment_crm 18.0.1.0.0
# upgrades in place to the suite (apartment_crm 18.0.2.0.0 and its capability addons).
#   1. the old code (git archive of OLD_REV) -> database $UPGRADE_DB with demo data and zh_CN
#   2. snapshot (scripts/db_snapshot.py)
#   3. this repository's code: odoo -d $UPGRADE_DB -u apartment_crm --stop-after-init
#   4. snapshot again, compare: exit 1 on any unexpected difference or suite addon not installed
# Unattended (CI=true, no stdin). Settings: UPGRADE_DB, OLD_REV, NEW_ADDONS (folder holding the
# new addons, default the repository root), UPGRADE_LANG (default zh_CN, '' for none),
# EXPECT_MODULES (addons that must be installed after; default NEW_MODULES of the migration).
# The database stays for inspection (dropped at the next run); artefacts in .local/upgrade-test/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"
DB=${UPGRADE_DB:-apartment_upgrade}
OLD_REV=${OLD_REV:-ae8ab6065d282484b251b7f757dce5bc38b6e34f}
NEW_ADDONS=${NEW_ADDONS:-$REPO}
LANG_OPT=${UPGRADE_LANG-zh_CN}
OUT=$REPO/.local/upgrade-test
mkdir -p "$OUT"
work=$(mktemp -d "${TMPDIR:-/tmp}/apartment_upgrade.XXXXXX")
trap 'rm -rf "$work"' EXIT
t_start=$SECONDS

odoo_with() { local conf=$1; shift; "$PY" "$ODOO_SRC/odoo-bin" -c "$conf" "$@" </dev/null; }
fail() { log "FAILED: $*"; exit 1; }
check_log() {  # $1 log file, $2 step
    if grep -E ' (ERROR|CRITICAL) ' "$1" >"$work/errors"; then
        cat "$work/errors"; fail "$2 logged errors (log: $1)"
    fi
}

log "old code: $OLD_REV -> $work/old"
mkdir -p "$work/old"
if ! git cat-file -e "$OLD_REV^{commit}" 2>/dev/null; then
    # a shallow CI clone: fetch just that commit
    git fetch -q --depth 1 origin "$OLD_REV" ||
        fail "commit $OLD_REV (apartment_crm 18.0.1.0.0) is not in this clone; git fetch --unshallow"
fi
git archive "$OLD_REV" apartment_crm | tar -x -C "$work/old"
old_version=$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$work/old/apartment_crm/__manifest__.py")
new_version=$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$NEW_ADDONS/apartment_crm/__manifest__.py")
derive_conf "$work/old" "$work/old.conf"
derive_conf "$NEW_ADDONS" "$work/new.conf"
log "apartment_crm $old_version -> $new_version; new addons from $NEW_ADDONS"
[ "$new_version" != "$old_version" ] ||
    log "WARNING: apartment_crm is still $old_version here: its 18.0.2.0.0 migration will not run"

if db_exists "$DB"; then db_psql -c "DROP DATABASE \"$DB\" WITH (FORCE)"; fi
rm -rf "$(conf_get data_dir)/filestore/$DB"
log "installing the old apartment_crm with demo data on $DB"
t0=$SECONDS
lang_args=()
[ -n "$LANG_OPT" ] && lang_args=(--load-language="$LANG_OPT")
odoo_with "$work/old.conf" -d "$DB" -i apartment_crm "${lang_args[@]}" --stop-after-init \
    --log-level=warn >"$OUT/install-old.log" 2>&1 || { tail -50 "$OUT/install-old.log"; fail "old install"; }
check_log "$OUT/install-old.log" "old install"
t_install=$((SECONDS - t0))

"$PY" scripts/db_snapshot.py --db "$DB" --out "$OUT/before.json"

log "upgrading $DB with the new code: -u apartment_crm"
t0=$SECONDS
odoo_with "$work/new.conf" -d "$DB" -u apartment_crm --stop-after-init --log-level=info \
    >"$OUT/upgrade.log" 2>&1 || { tail -80 "$OUT/upgrade.log"; fail "upgrade"; }
t_upgrade=$((SECONDS - t0))
grep -E 'pre-migration: |Running migration|Loading module apartment_crm' "$OUT/upgrade.log" |
    sed 's/^[0-9-]* [0-9:,]* [0-9]* [A-Z]* [^ ]* //' || true
check_log "$OUT/upgrade.log" "upgrade"

"$PY" scripts/db_snapshot.py --db "$DB" --out "$OUT/after.json"
expect=()
[ -n "${EXPECT_MODULES+set}" ] && expect=(--expect-modules "$EXPECT_MODULES")
set +e
"$PY" scripts/db_snapshot.py --compare "$OUT/before.json" "$OUT/after.json" "${expect[@]}"
status=$?
set -e
log "timings: old install ${t_install}s, upgrade ${t_upgrade}s, total $((SECONDS - t_start))s"
[ $status -eq 0 ] && log "upgrade in place: OK" || log "upgrade in place: FAILED (see above, $OUT)"
exit $status
