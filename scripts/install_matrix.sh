#!/usr/bin/env bash
# make install-matrix: every addon of the suite (each folder at the repository root with a
# __manifest__.py whose name starts with apartment_crm) installs on its own, without demo data:
#   fresh database apartment_matrix_<addon> -> odoo -i <addon> --without-demo=all --stop-after-init
#   -> fails when the install fails or logs ERROR/CRITICAL, or when a suite addon got installed
#      that is neither in the addon's dependency closure (manifests) nor auto-installed by it
#   -> lists the suite addons installed, drops the database.
# At most MATRIX_JOBS (default 2) installs run at once. Logs in .local/install-matrix/.
# Note: in Odoo 18.0 --without-demo takes a value; any non-empty one (even "False") disables demo.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"
JOBS=${MATRIX_JOBS:-2}
OUT=$REPO/.local/install-matrix
rm -rf "$OUT" && mkdir -p "$OUT"
# this checkout's addons, whatever folder .local/odoo.conf names (a git worktree shares it)
derive_conf "$REPO" "$OUT/odoo.conf"

addons=()
for manifest in apartment_crm*/__manifest__.py; do
    [ -f "$manifest" ] && addons+=("$(dirname "$manifest")")
done
[ ${#addons[@]} -gt 0 ] || { log "no addon apartment_crm* at $REPO"; exit 1; }
log "${#addons[@]} addon(s): ${addons[*]} ($JOBS at a time)"

# Expected suite addons per addon: its dependency closure plus the suite's auto_install addons
# whose dependencies end up installed (computed again from the modules the database reports).
expected_suite() {  # $1 addon, $2 file with the installed module names -> expected suite names
    "$PY" - "$1" "$2" <<'EOF'
import ast, glob, os, sys
addon, installed_file = sys.argv[1], sys.argv[2]
manifests = {}
for path in glob.glob("apartment_crm*/__manifest__.py"):
    with open(path) as f:
        manifests[os.path.dirname(path)] = ast.literal_eval(f.read())
installed = set(open(installed_file).read().split())
closure, todo = set(), [addon]
while todo:
    m = todo.pop()
    if m in manifests and m not in closure:
        closure.add(m)
        todo.extend(manifests[m].get("depends", []))
changed = True
while changed:
    changed = False
    for m, info in manifests.items():
        auto = info.get("auto_install", False)
        if m in closure or not auto:
            continue
        needed = set(info.get("depends", [])) if auto is True else set(auto)
        if needed <= (installed | closure):
            closure.add(m)
            changed = True
print(" ".join(sorted(closure)))
EOF
}

run_one() {  # $1 addon; writes $OUT/<addon>.result: "status seconds detail"
    local addon=$1 db="apartment_matrix_$1" t0=$SECONDS rc=0 status=ok detail=""
    local logf=$OUT/$addon.log
    if db_exists "$db"; then db_psql -c "DROP DATABASE \"$db\" WITH (FORCE)"; fi
    rm -rf "$(conf_get data_dir)/filestore/$db"
    "$PY" "$ODOO_SRC/odoo-bin" -c "$OUT/odoo.conf" -d "$db" -i "$addon" --without-demo=all --stop-after-init --log-level=warn \
        </dev/null >"$logf" 2>&1 || rc=$?
    local secs=$((SECONDS - t0))
    if [ $rc -ne 0 ]; then
        status=FAILED detail="exit $rc"
    elif grep -qE ' (ERROR|CRITICAL) ' "$logf"; then
        status=FAILED detail="ERROR/CRITICAL in the log"
    fi
    if db_exists "$db"; then
        PGPASSWORD=$(conf_get db_password) psql -h "$(conf_get db_host)" -p "$(conf_get db_port)" \
            -U "$(conf_get db_user)" -d "$db" -qtA \
            -c "SELECT name FROM ir_module_module WHERE state = 'installed'" \
            >"$OUT/$addon.installed" 2>/dev/null || true
        local got expected extra
        got=$(grep -E '^apartment_crm' "$OUT/$addon.installed" | sort | xargs || true)
        expected=$(expected_suite "$addon" "$OUT/$addon.installed")
        extra=$(comm -23 <(tr ' ' '\n' <<<"$got" | sed '/^$/d') \
            <(tr ' ' '\n' <<<"$expected" | sed '/^$/d') | xargs)
        if [ -n "$extra" ] && [ $status = ok ]; then
            status=FAILED detail="unexpected suite addons: $extra"
        fi
        if ! grep -qx "$addon" "$OUT/$addon.installed" && [ $status = ok ]; then
            status=FAILED detail="$addon not installed"
        fi
        local demo
        demo=$(PGPASSWORD=$(conf_get db_password) psql -h "$(conf_get db_host)" \
            -p "$(conf_get db_port)" -U "$(conf_get db_user)" -d "$db" -qtA \
            -c "SELECT string_agg(name, ' ') FROM ir_module_module WHERE demo" 2>/dev/null || true)
        if [ -n "$demo" ] && [ $status = ok ]; then
            status=FAILED detail="demo data loaded: $demo"
        fi
        detail="${detail:+$detail; }installed: ${got:-none}"
        db_psql -c "DROP DATABASE \"$db\" WITH (FORCE)" || true
        rm -rf "$(conf_get data_dir)/filestore/$db"
    fi
    echo "$status $secs $detail" >"$OUT/$addon.result"
    log "$addon: $status in ${secs}s"
}

t_start=$SECONDS
running=0
for addon in "${addons[@]}"; do
    if [ $running -ge "$JOBS" ]; then wait -n || true; running=$((running - 1)); fi
    run_one "$addon" &
    running=$((running + 1))
done
wait

status=0
printf '\n%-34s %-7s %7s  %s\n' addon result seconds "installed suite addons / detail"
for addon in "${addons[@]}"; do
    read -r result secs detail <"$OUT/$addon.result" || { result=FAILED secs=- detail="no result"; }
    printf '%-34s %-7s %7s  %s\n' "$addon" "$result" "$secs" "$detail"
    [ "$result" = ok ] || status=1
done
log "matrix: $([ $status -eq 0 ] && echo OK || echo FAILED) in $((SECONDS - t_start))s (logs: $OUT)"
exit $status
