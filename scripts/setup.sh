#!/usr/bin/env bash
# One idempotent set-up shared by `make demo`, `make test` and `make shell`:
#   Debian packages -> .venv with Odoo 18.0 + OCA helpdesk_mgmt -> PostgreSQL on loopback -> .local/odoo.conf
# Re-running it only does what is missing. Settings (all optional):
#   ODOO_SRC   Odoo 18.0 Community source tree (default /opt/odoo/18.0)
#   VENV       virtualenv to use (default <repo>/.venv)
#   PGHOST / PGPORT / PGUSER / PGPASSWORD   use an existing PostgreSQL server instead of the local cluster
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
VENV=${VENV:-$REPO/.venv}
LOCAL=$REPO/.local
ODOO_GIT_URL=${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}
PG_VERSION=15

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[setup] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }

# --- 1. Debian packages ------------------------------------------------------------------------
DEB_PACKAGES=(postgresql-$PG_VERSION postgresql-contrib libpq-dev libldap2-dev libsasl2-dev
              build-essential python3-dev python3-venv chromium fonts-noto-cjk git
              wkhtmltopdf)
missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing Debian packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        log "WARNING: missing Debian packages: ${missing[*]}"
        log "         install them with: sudo apt-get install ${missing[*]}"
    fi
fi

# --- 2. Odoo source ------------------------------------------------------------------------------
if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -d "$ODOO_SRC/odoo/addons/base" ]; then
    fallback=${XDG_CACHE_HOME:-$HOME/.cache}/apartment_crm/odoo-18.0
    if [ -f "$fallback/odoo-bin" ]; then
        ODOO_SRC=$fallback
    else
        log "no Odoo 18.0 source at ODOO_SRC=$ODOO_SRC; trying the official 18.0 branch"
        mkdir -p "$(dirname "$fallback")"
        if timeout 900 git clone -q --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$fallback.tmp" 2>/dev/null; then
            mv "$fallback.tmp" "$fallback"
            ODOO_SRC=$fallback
        else
            rm -rf "$fallback.tmp"
            die "Odoo 18.0 Community source not found.
    Put an Odoo 18.0 source tree (the folder holding odoo-bin and odoo/addons) at /opt/odoo/18.0,
    or point ODOO_SRC at one:   ODOO_SRC=/path/to/odoo-18.0 make test
    (automatic download from $ODOO_GIT_URL failed: no network?)"
        fi
    fi
fi
grep -q "version_info = (18, 0" "$ODOO_SRC/odoo/release.py" ||
    die "$ODOO_SRC is not Odoo 18.0 (see $ODOO_SRC/odoo/release.py); set ODOO_SRC to an 18.0 tree"
log "Odoo source: $ODOO_SRC"

# --- 3. Python virtualenv ------------------------------------------------------------------------
PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
[ -x "$VENV/bin/python" ] || { log "creating $VENV"; "$PY" -m venv "$VENV"; }
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
pip_install() {
    # This machine's pip.conf lists extra local indexes that may be absent: hide that noise only.
    local status
    set +o pipefail
    "${PIP[@]}" install "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
    status=${PIPESTATUS[0]}
    set -o pipefail
    return "$status"
}
# Re-install only when an input changed (requirements, Odoo tree location).
stamp_src=$(cat "$ODOO_SRC/requirements.txt" "$REPO/requirements.txt" "$REPO/requirements-dev.txt"; echo "$ODOO_SRC")
stamp=$(printf '%s' "$stamp_src" | sha1sum | cut -c1-16)
if [ "$(cat "$VENV/.apartment_crm_stamp" 2>/dev/null)" != "$stamp" ]; then
    log "installing Python packages into $VENV (a few minutes the first time)"
    pip_install -U 'pip>=25.3' wheel
    build_constraints=$(mktemp)
    echo 'setuptools<70' > "$build_constraints"   # cbor2==5.4.2 does not build with newer setuptools
    # python-ldap is only for auth_ldap, which this project does not use.
    odoo_requirements=$(mktemp)
    grep -v -i '^python-ldap' "$ODOO_SRC/requirements.txt" > "$odoo_requirements"
    pip_install --build-constraint "$build_constraints" -r "$odoo_requirements"
    # compat mode: a plain .pth entry, so the OCA wheels' odoo/addons namespace cannot hide Odoo.
    pip_install --no-deps --no-build-isolation -e "$ODOO_SRC" --config-settings editable_mode=compat
    pip_install --build-constraint "$build_constraints" -r "$REPO/requirements.txt" -r "$REPO/requirements-dev.txt"
    rm -f "$build_constraints" "$odoo_requirements"
    echo "$stamp" > "$VENV/.apartment_crm_stamp"
fi
OCA_ADDONS=$("$VENV/bin/python" - <<'EOF'
import importlib.util, os
spec = importlib.util.find_spec("odoo.addons.helpdesk_mgmt")
print(os.path.dirname(os.path.dirname(spec.origin)) if spec else "")
EOF
)
[ -n "$OCA_ADDONS" ] || die "helpdesk_mgmt is not importable from $VENV; remove $VENV/.apartment_crm_stamp and rerun"

# --- 4. PostgreSQL on loopback -------------------------------------------------------------------
DB_HOST=${PGHOST:-127.0.0.1}
DB_PORT=${PGPORT:-5432}
DB_USER=${PGUSER:-odoo}
DB_PASSWORD=${PGPASSWORD:-odoo}
if [ -z "${PGHOST:-}" ]; then
    if command -v pg_ctlcluster >/dev/null; then
        if ! pg_lsclusters -h 2>/dev/null | awk -v v=$PG_VERSION '$1==v && $2=="main"' | grep -q .; then
            [ "$(id -u)" = 0 ] || die "no PostgreSQL $PG_VERSION cluster; run: sudo pg_createcluster $PG_VERSION main --start"
            log "creating PostgreSQL $PG_VERSION cluster"
            pg_createcluster $PG_VERSION main >/dev/null
        fi
        if ! pg_lsclusters -h | awk -v v=$PG_VERSION '$1==v && $2=="main" {print $4}' | grep -q online; then
            log "starting PostgreSQL $PG_VERSION (Debian cluster, loopback only)"
            # pg_ctlcluster drops root to the postgres user itself: PostgreSQL refuses to run as root.
            pg_ctlcluster $PG_VERSION main start -- -o "-c listen_addresses=localhost" 2>/dev/null ||
                pg_ctlcluster $PG_VERSION main start ||
                die "could not start PostgreSQL; see /var/log/postgresql/"
        fi
        DB_PORT=$(pg_conftool -s $PG_VERSION main show port 2>/dev/null || echo "$DB_PORT")
    fi
    # Create the login role the first time (through the postgres superuser, over the local socket).
    if ! PGPASSWORD=$DB_PASSWORD psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc 'select 1' >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ]; then
            log "creating PostgreSQL role $DB_USER"
            runuser -u postgres -- psql -p "$DB_PORT" -v ON_ERROR_STOP=1 -q -c \
                "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
                    CREATE ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
                 ELSE ALTER ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD'; END IF; END\$\$;"
        else
            die "cannot log into PostgreSQL as $DB_USER on $DB_HOST:$DB_PORT.
    Create the role (sudo -u postgres createuser --createdb --pwprompt $DB_USER) or set PGHOST/PGPORT/PGUSER/PGPASSWORD."
        fi
    fi
fi
PGPASSWORD=$DB_PASSWORD psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc 'select 1' >/dev/null ||
    die "cannot connect to PostgreSQL at $DB_HOST:$DB_PORT as $DB_USER (check PGHOST/PGPORT/PGUSER/PGPASSWORD)"

# --- 5. Odoo configuration (git-ignored) ---------------------------------------------------------
mkdir -p "$LOCAL/data"
cat > "$LOCAL/odoo.conf" <<EOF
[options]
addons_path = $ODOO_SRC/odoo/addons,$OCA_ADDONS,$REPO
data_dir = $LOCAL/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
http_interface = 127.0.0.1
http_port = ${HTTP_PORT:-8069}
gevent_port = ${GEVENT_PORT:-8072}
list_db = True
admin_passwd = admin
max_cron_threads = 1
limit_time_cpu = 600
limit_time_real = 1200
EOF
echo "$ODOO_SRC" > "$LOCAL/odoo_src"
log "ready: $LOCAL/odoo.conf (PostgreSQL $DB_USER@$DB_HOST:$DB_PORT)"
