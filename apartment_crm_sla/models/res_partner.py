# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        res = super().write(vals)
        if "tenant_tier_id" in vals:
            # Open tickets follow the tenant's new tier (their deadlines recompute).
            tickets = self.env["helpdesk.ticket"].search(
                [("partner_id", "in", self.ids), ("resolved_date", "=", False)]
            )
            by_tier = defaultdict(lambda: self.env["helpdesk.ticket"])
            for ticket in tickets:
                partner = ticket.partner_id.commercial_partner_id or ticket.partner_id
                if ticket.tenant_tier_id != partner.tenant_tier_id:
                    by_tier[partner.tenant_tier_id] |= ticket
            for tier, tier_tickets in by_tier.items():
                tier_tickets.write({"tenant_tier_id": tier.id})
        return res
