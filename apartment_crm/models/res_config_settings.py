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

    # --- rent ---
    rent_product_id = fields.Many2one(related="company_id.rent_product_id", readonly=False)
    rent_journal_id = fields.Many2one(related="company_id.rent_journal_id", readonly=False)
    rent_deposit_product_id = fields.Many2one(
        related="company_id.rent_deposit_product_id", readonly=False
    )
    rent_billing_day = fields.Integer(related="company_id.rent_billing_day", readonly=False)
    rent_auto_post = fields.Boolean(related="company_id.rent_auto_post", readonly=False)
    rent_late_fee_type = fields.Selection(related="company_id.rent_late_fee_type", readonly=False)
    rent_late_fee_rate = fields.Float(related="company_id.rent_late_fee_rate", readonly=False)
    rent_late_fee_cap = fields.Float(related="company_id.rent_late_fee_cap", readonly=False)
    rent_late_fee_grace_days = fields.Integer(
        related="company_id.rent_late_fee_grace_days", readonly=False
    )
    rent_late_fee_product_id = fields.Many2one(
        related="company_id.rent_late_fee_product_id", readonly=False
    )
    loyalty_portal_redeem = fields.Boolean(
        related="company_id.loyalty_portal_redeem", readonly=False
    )
