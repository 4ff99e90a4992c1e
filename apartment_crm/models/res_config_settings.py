# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    tenant_tier_grace_days = fields.Integer(
        related="company_id.tenant_tier_grace_days", readonly=False
    )
    churn_medium_threshold = fields.Integer(
        related="company_id.churn_medium_threshold", readonly=False
    )
    churn_high_threshold = fields.Integer(related="company_id.churn_high_threshold", readonly=False)
