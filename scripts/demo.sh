#!/usr/bin/env bash
# make demo: set up, install (or upgrade) the whole suite with demo data on apartment_demo, serve it.
set -euo pipefail
bash "$(dirname "$0")/setup.sh"
source "$(dirname "$0")/lib.sh"
DB=${DEMO_DB:-apartment_demo}
if db_exists "$DB"; then
    log "database $DB exists: upgrading the suite (apartment_crm and every addon on it)"
    odoo -d "$DB" -u apartment_crm --stop-after-init --log-level=warn
else
    log "creating database $DB with the whole suite and its demo data (about two minutes)"
    odoo -d "$DB" -i apartment_crm_suite --load-language=zh_CN --stop-after-init --log-level=warn
fi
port=$(conf_get http_port)
# WORKERS=4 make demo: prefork mode like production (HTTP workers, a cron worker and the gevent
# process that serves /websocket on gevent_port), instead of one threaded process.
mode_args=()
mode="threaded (one process)"
if [ -n "${WORKERS:-}" ] && [ "${WORKERS}" != 0 ]; then
    # The websocket process imports gevent and loads its plugins through pkg_resources: check
    # both (a gevent whose zope.* requirements pkg_resources cannot resolve dies at start).
    if ! "$PY" -c 'import gevent, pkg_resources; pkg_resources.require("gevent")' 2>/dev/null; then
        log "prefork mode needs gevent and its zope.* requirements in $VENV: run make setup"
        exit 1
    fi
    mode_args=(--workers="$WORKERS" --max-cron-threads="${CRON_WORKERS:-1}")
    mode="prefork: $WORKERS HTTP workers, ${CRON_WORKERS:-1} cron worker(s), websocket on port $(conf_get gevent_port)"
fi
cat >&2 <<MSG

  Apartment CRM is running:  http://127.0.0.1:$port/web?db=$DB   ($mode)
  Log in as  admin / admin   (manager)   or   housekeeper / housekeeper   (housekeeper)
  Portal tenants: see the README. Stop with Ctrl-C.

MSG
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --db-filter="^$DB\$" "${mode_args[@]}" ${DEMO_ARGS:-}
