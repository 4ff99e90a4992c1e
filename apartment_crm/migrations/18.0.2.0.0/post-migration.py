# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.0.0 -> 18.0.2.0.0: the tier and churn crons run on their engines' models.

The engines moved from res.partner to apartment.tenant.tier and apartment.churn.signal. Their
crons are ``noupdate`` data, so an upgrade keeps the old model: switch it here, keeping every
other setting of the cron (active, next call, interval) as the operator left it. A cron whose
code was edited (it no longer calls the cron method) is left alone, with a warning.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

CRONS = [
    (
        "apartment_crm.ir_cron_evaluate_tenant_tiers",
        "apartment.tenant.tier",
        "_cron_evaluate_tenant_tiers",
    ),
    (
        "apartment_crm.ir_cron_evaluate_churn_risk",
        "apartment.churn.signal",
        "_cron_evaluate_churn_risk",
    ),
]


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, model, method in CRONS:
        cron = env.ref(xmlid, raise_if_not_found=False)
        if not cron or cron.model_id.model != "res.partner":
            continue
        if f"model.{method}(" not in (cron.code or ""):
            _logger.warning(
                "Cron %s (%s) no longer calls %s: left on res.partner; make it call %s.%s.",
                cron.name,
                xmlid,
                method,
                model,
                method,
            )
            continue
        cron.write({"model_id": env["ir.model"]._get_id(model)})
        _logger.info("Cron %s now runs on %s.", xmlid, model)
