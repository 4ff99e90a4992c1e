# Shared by the scripts: paths and the Odoo command line, after scripts/setup.sh has run.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$REPO/.venv}
CONF=$REPO/.local/odoo.conf
ODOO_SRC=$(cat "$REPO/.local/odoo_src")
PY=$VENV/bin/python
odoo() { "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" "$@"; }
# psql with the credentials written into odoo.conf
conf_get() { sed -n "s/^$1 = //p" "$CONF"; }
db_psql() {
    PGPASSWORD=$(conf_get db_password) psql -h "$(conf_get db_host)" -p "$(conf_get db_port)" \
        -U "$(conf_get db_user)" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}
db_exists() { [ "$(db_psql -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }
log() { printf '\033[1;34m[%s]\033[0m %s\n' "$(basename "$0" .sh)" "$*" >&2; }
# derive_conf FOLDER FILE: FILE = odoo.conf with FOLDER on addons_path instead of the folder that
# holds apartment_crm (Odoo's and the OCA addons stay), e.g. the old code or this checkout.
derive_conf() {
    local entry kept=() entries
    IFS=, read -ra entries <<<"$(conf_get addons_path)"
    for entry in "${entries[@]}"; do
        entry=$(echo "$entry" | xargs)
        [ -f "$entry/apartment_crm/__manifest__.py" ] || kept+=("$entry")
    done
    kept+=("$1")
    sed "s#^addons_path = .*#addons_path = $(IFS=,; echo "${kept[*]}")#" "$CONF" >"$2"
}
odoo_shell() { "$PY" "$ODOO_SRC/odoo-bin" shell -c "$CONF" "$@"; }  # the subcommand comes first
