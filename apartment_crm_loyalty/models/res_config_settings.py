# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

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
    loyalty_portal_redeem = fields.Boolean(
        related="company_id.loyalty_portal_redeem", readonly=False
    )
