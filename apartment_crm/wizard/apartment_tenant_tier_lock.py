# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ApartmentTenantTierLock(models.TransientModel):
    """Lock the tier of one or more tenants, with a reason (managers only)."""

    _name = "apartment.tenant.tier.lock"
    _description = "Lock Tenant Tier"

    partner_ids = fields.Many2many("res.partner", string="Tenants", required=True)
    tier_id = fields.Many2one(
        "apartment.tenant.tier",
        help="Tier to lock the tenants at; empty keeps each tenant's current tier.",
    )
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if "partner_ids" in fields_list and self.env.context.get("active_model") == "res.partner":
            partners = self.env["res.partner"].browse(self.env.context.get("active_ids", []))
            res["partner_ids"] = [fields.Command.set(partners.ids)]
            if len(partners) == 1:
                res.setdefault("tier_id", partners.tenant_tier_id.id)
        return res

    def action_lock(self):
        self.ensure_one()
        Tier = self.env["apartment.tenant.tier"]
        Tier._lock_partners(self.partner_ids, self.tier_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
