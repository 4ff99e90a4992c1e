# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.1.0: the portal rules compare commercial partners instead of ``child_of``."""

from odoo import SUPERUSER_ID, api

from odoo.addons.apartment_crm.tools import rewrite_tenant_rules


def migrate(cr, version):
    if version:
        rewrite_tenant_rules(api.Environment(cr, SUPERUSER_ID, {}), "apartment_crm_notice")
