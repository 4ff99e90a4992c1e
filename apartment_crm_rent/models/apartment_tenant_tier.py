# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ApartmentTenantTier(models.Model):
    _inherit = "apartment.tenant.tier"

    @api.model
    def _get_tier_metric_on_time_rate(self, partners, date):
        """Rent paid on time (%) over the 12 months to ``date``, from the rent invoices'
        reconciliation; None for a tenant without any rent invoice due yet."""
        stats = partners._get_rent_payment_stats(date=date)
        return {
            partner_id: (
                stats[partner_id]["on_time_payment_rate"]
                if stats.get(partner_id, {}).get("due_count_12m")
                else None
            )
            for partner_id in partners.ids
        }

    @api.model
    def _get_tier_metric_spend_12m(self, partners, date):
        """Rent paid over the 12 months to ``date`` (company currency)."""
        stats = partners._get_rent_payment_stats(date=date)
        return {
            partner_id: stats.get(partner_id, {}).get("rent_paid_12m", 0.0)
            for partner_id in partners.ids
        }
