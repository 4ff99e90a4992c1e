# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal record rules of the suite, for the migrations of databases installed earlier."""

import logging
import re

_logger = logging.getLogger(__name__)

# 18.0.2.0.0 wrote the tenant's records as "<path>partner_id child_of the user's commercial
# partner"; since 18.0.2.1.0 "<path>partner_id.commercial_partner_id = it" (no query of its own
# each time the rule applies). The rules are noupdate: an update does not rewrite them.
CHILD_OF_TENANT = re.compile(
    r"\('([a-z_.]*partner_id)', 'child_of', \[?user\.commercial_partner_id\.id\]?\)"
)


def rewrite_tenant_rules(env, module):
    """Rewrite the ``child_of`` tenant rules of ``module`` to the commercial partner form."""
    rules = env["ir.model.data"].search([("module", "=", module), ("model", "=", "ir.rule")])
    for rule in env["ir.rule"].browse(rules.mapped("res_id")).exists():
        domain = CHILD_OF_TENANT.sub(
            r"('\1.commercial_partner_id', '=', user.commercial_partner_id.id)",
            rule.domain_force or "",
        )
        if domain != rule.domain_force:
            rule.domain_force = domain
            _logger.info("Portal rule %s: %s", rule.name, domain)
