# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # --- sla ---
    sla_at_risk_percent = fields.Integer(related="company_id.sla_at_risk_percent", readonly=False)
    sla_followup_delay_days = fields.Integer(
        related="company_id.sla_followup_delay_days", readonly=False
    )
    sla_low_rating_threshold = fields.Integer(
        related="company_id.sla_low_rating_threshold", readonly=False
    )
    sla_low_rating_action = fields.Selection(
        related="company_id.sla_low_rating_action", readonly=False
    )

    # --- loyalty ---
    loyalty_point_value = fields.Float(
        related="company_id.loyalty_point_value", readonly=False, digits=(16, 4)
    )
    loyalty_credit_cap = fields.Monetary(
        related="company_id.loyalty_credit_cap", readonly=False, currency_field="currency_id"
    )
    loyalty_expiry_warning_days = fields.Integer(
        related="company_id.loyalty_expiry_warning_days", readonly=False
    )
    loyalty_referral_both = fields.Boolean(
        related="company_id.loyalty_referral_both", readonly=False
    )
    loyalty_credit_product_id = fields.Many2one(
        related="company_id.loyalty_credit_product_id", readonly=False
    )
