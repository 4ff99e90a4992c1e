# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ApartmentLease(models.Model):
    _inherit = "apartment.lease"

    def _on_activated(self):
        res = super()._on_activated()
        # The referrer's reward when a referred lease is signed.
        self.env["apartment.loyalty.rule"]._award_referral(self.filtered("referred_by_id"))
        return res

    def _on_rent_invoices_created(self, moves):
        res = super()._on_rent_invoices_created(moves)
        # Pending rent credits land on the new invoices before they are posted.
        self.env["apartment.loyalty.entry"]._apply_pending_credits(moves)
        return res
