# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    renewal_send_offer_email = fields.Boolean(
        string="Email Renewal Offers",
        default=True,
        help="Email the tenant the renewal offer (with a portal link) when it opens.",
    )
    renewal_successor_state = fields.Selection(
        [("draft", "Draft"), ("active", "Active")],
        string="Successor Lease State",
        default="draft",
        required=True,
        help="State of the lease created when a tenant accepts a renewal offer.",
    )
    renewal_deadline_days = fields.Integer(
        string="Offer Deadline (days before lease end)",
        default=30,
        help="The tenant must answer this many days before the lease ends.",
    )
    renewal_min_answer_days = fields.Integer(
        string="Minimum Answer Time (days)",
        default=7,
        help="An offer opened late still leaves the tenant at least this many days.",
    )
    renewal_reminder_days = fields.Integer(
        string="Reminder (days before deadline)",
        default=7,
        help="Remind the tenant once, this many days before the offer deadline.",
    )
    renewal_max_bonus_points = fields.Integer(
        string="Maximum Bonus Points per Option",
        default=2000,
        help="The most loyalty points a renewal option may grant when accepted.",
    )
    renewal_short_term_premium_percent = fields.Float(
        string="Short Term Premium (%)",
        default=5.0,
        digits=(5, 2),
        help="Added to the monthly price of renewal options shorter than 12 months.",
    )
    renewal_long_term_discount_percent = fields.Float(
        string="Long Term Discount (%)",
        default=3.0,
        digits=(5, 2),
        help="Taken off the monthly price of renewal options longer than 12 months.",
    )
    returning_perk_discount_percent = fields.Float(
        string="Returning Tenant Discount (%)",
        default=10.0,
        digits=(5, 2),
        help="First-month discount granted to a tenant who moves out.",
    )
    returning_perk_validity_months = fields.Integer(
        string="Returning Tenant Perk Validity (months)",
        default=6,
        help="How long after the lease end the returning-tenant perk can be used.",
    )

    _sql_constraints = [
        (
            "renewal_term_pricing_range",
            "CHECK(renewal_short_term_premium_percent >= 0 "
            "AND renewal_short_term_premium_percent <= 100 "
            "AND renewal_long_term_discount_percent >= 0 "
            "AND renewal_long_term_discount_percent < 100)",
            "The short term premium and the long term discount of renewals must be between "
            "0 and 100 %.",
        ),
    ]
