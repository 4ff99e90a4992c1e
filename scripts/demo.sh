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
    log "creating database $DB: a Shanghai operator (CNY, Chinese chart of accounts) with the whole suite and its demo data (a few minutes)"
    odoo -d "$DB" -i base --stop-after-init --log-level=warn
    # Before Invoicing is installed: a company in China, so that Odoo installs the Chinese
    # localization (l10n_cn, its chart of accounts and CNY) with it.
    odoo_shell -d "$DB" --log-level=warn --no-http <<'PY'
company = env.ref("base.main_company")
cny = env.ref("base.CNY")
cny.active = True
company.write({
    "name": "申城寓所 Shencheng Living",
    "street": "1200 Huaihai Middle Road",
    "city": "Shanghai",
    "zip": "200031",
    "country_id": env.ref("base.cn").id,
    "currency_id": cny.id,
    "phone": "+86 21 6400 8800",
    "email": "hello@shencheng-living.example.com",
})
env.ref("base.user_admin").write({"tz": "Asia/Shanghai"})
env.cr.commit()
PY
    # Invoicing and the Chinese localization first: Odoo loads the chart of accounts (journals,
    # taxes) once the registry is ready, and the suite's demo invoices need its sales journal.
    odoo -d "$DB" -i l10n_cn --load-language=zh_CN --stop-after-init --log-level=warn
    odoo -d "$DB" -i apartment_crm_suite --load-language=zh_CN --stop-after-init --log-level=warn
    # Every tenant reads the portal and the mails in their language: Chinese names in Chinese.
    odoo_shell -d "$DB" --log-level=warn --no-http <<'PY'
import re
tenants = env["res.partner"].search([("lease_ids", "!=", False)])
for tenant in tenants:
    tenant.lang = "zh_CN" if re.search("[\u4e00-\u9fff]", tenant.name or "") else "en_US"
env.ref("apartment_crm.user_housekeeper_demo").lang = "zh_CN"
env.cr.commit()
PY
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
  Log in as  admin / admin               (manager)
             housekeeper / housekeeper   (housekeeper Lily Wang 王丽, in Chinese)
  Tenant portal (/my):
             tenant_zh / tenant_zh       (Li Na 李娜, in Chinese)
             tenant_en / tenant_en       (Emma Schmidt, in English)
  Stop with Ctrl-C.

MSG
exec "$PY" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --db-filter="^$DB\$" "${mode_args[@]}" ${DEMO_ARGS:-}
