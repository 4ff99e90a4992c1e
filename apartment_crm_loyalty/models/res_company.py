# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    loyalty_point_value = fields.Float(
        string="Point Value",
        digits=(16, 4),
        default=0.1,
        help="Rent credit, in the company currency, given for one redeemed point.",
    )
    loyalty_credit_cap = fields.Monetary(
        string="Rent Credit Cap per Invoice",
        currency_field="currency_id",
        default=500.0,
        help="Largest loyalty rent credit on one invoice; 0 = only the invoice amount limits it.",
    )
    loyalty_expiry_warning_days = fields.Integer(
        string="Expiry Warning (days)",
        default=30,
        help="Tenants are emailed this many days before their points expire.",
    )
    loyalty_referral_both = fields.Boolean(
        string="Referral Rewards Both Tenants",
        help="When a referred lease is signed, the new tenant earns the referral points too "
        "(redeemable as rent credit), not only the referrer.",
    )
    loyalty_portal_redeem = fields.Boolean(
        string="Tenants Redeem on the Portal",
        default=True,
        help="Tenants can turn their points into a rent credit themselves on the portal.",
    )
    loyalty_credit_product_id = fields.Many2one(
        "product.product",
        string="Rent Credit Product",
        help="Product of the discount lines of loyalty rent credits.",
    )

    _sql_constraints = [
        (
            "loyalty_point_value_positive",
            "CHECK(loyalty_point_value >= 0)",
            "The value of a loyalty point cannot be negative.",
        ),
        (
            "loyalty_credit_cap_positive",
            "CHECK(loyalty_credit_cap >= 0)",
            "The loyalty rent credit cap cannot be negative.",
        ),
    ]
