# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentTenantTier(models.Model):
    """A value tier of tenants (流动 / 潜力 / 核心 / VIP) and the benefits it grants.

    The benefits are read by the other capabilities: renewal offers (rent discount, lead time),
    the points ledger (multiplier) and SLA targets (factor).
    """

    _name = "apartment.tenant.tier"
    _description = "Tenant Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(
        default=10, help="Rank of the tier: higher sequence means a higher tier."
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    description = fields.Text(translate=True)
    # Benefits
    rent_discount_percent = fields.Float(
        string="Renewal Discount (%)",
        digits=(5, 2),
        help="Discount on the rent offered in renewal offers.",
    )
    points_multiplier = fields.Float(
        default=1.0,
        digits=(5, 2),
        help="Points earned by tenants of this tier are multiplied by this factor.",
    )
    sla_factor = fields.Float(
        string="SLA Factor",
        default=1.0,
        digits=(5, 2),
        help="Service-level targets are multiplied by this factor (0.5 = twice as fast).",
    )
    renewal_lead_days = fields.Integer(
        default=90, help="How many days before a lease ends its renewal opens."
    )
    partner_ids = fields.One2many("res.partner", "tenant_tier_id", string="Tenants")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A tier code must be unique."),
        (
            "rent_discount_percent_range",
            "CHECK(rent_discount_percent >= 0 AND rent_discount_percent <= 100)",
            "The renewal discount of a tier must be between 0 and 100 %.",
        ),
        (
            "points_multiplier_positive",
            "CHECK(points_multiplier >= 0)",
            "The points multiplier of a tier cannot be negative.",
        ),
        (
            "sla_factor_positive",
            "CHECK(sla_factor > 0)",
            "The SLA factor of a tier must be greater than zero.",
        ),
        (
            "renewal_lead_days_positive",
            "CHECK(renewal_lead_days >= 0)",
            "The renewal lead time of a tier cannot be negative.",
        ),
    ]
