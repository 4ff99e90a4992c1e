# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ApartmentTenantTier(models.Model):
    _inherit = "apartment.tenant.tier"

    @api.model
    def _get_tier_metric_loyalty_balance(self, partners, date):
        """Points balance of the ledger at ``date`` (entries dated up to that day)."""
        groups = (
            self.env["apartment.loyalty.entry"]
            .sudo()
            ._read_group(
                [("partner_id", "in", partners.ids), ("date", "<=", date)],
                ["partner_id"],
                ["points:sum"],
            )
        )
        balances = {partner.id: points for partner, points in groups}
        return {partner_id: balances.get(partner_id, 0.0) for partner_id in partners.ids}
