# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# An inheriting class (not a block at the end of apartment_lease.py): overriding a hook with
# super() needs a class of its own.
from odoo import models


class ApartmentLease(models.Model):
    _inherit = "apartment.lease"

    # --- loyalty ---
    def _on_activated(self):
        res = super()._on_activated()
        self.env["apartment.loyalty.rule"]._award_referral(self.filtered("referred_by_id"))
        return res
