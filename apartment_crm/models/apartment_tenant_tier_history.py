# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentTenantTierHistory(models.Model):
    """One change of a tenant's tier: by the evaluation (cron or button), a lock or a manager."""

    _name = "apartment.tenant.tier.history"
    _description = "Tenant Tier History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Tenant", required=True, index=True, ondelete="cascade"
    )
    old_tier_id = fields.Many2one("apartment.tenant.tier", ondelete="set null")
    new_tier_id = fields.Many2one("apartment.tenant.tier", ondelete="set null")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    kind = fields.Selection(
        [
            ("promotion", "Promotion"),
            ("demotion", "Demotion"),
            ("lock", "Lock"),
            ("unlock", "Unlock"),
            ("manual", "Manual"),
        ],
        required=True,
    )
    reason = fields.Text(
        translate=True,
        help="Why the tier changed: the evaluation writes it in every installed language.",
    )
    origin = fields.Selection(
        [("cron", "Scheduled evaluation"), ("user", "User")],
        required=True,
        default="user",
        help="Whether the daily evaluation (cron) or a user made the change.",
    )
    user_id = fields.Many2one(
        "res.users", string="Changed By", help="Empty when the daily evaluation made the change."
    )
