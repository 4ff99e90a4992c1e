# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ApartmentLease(models.Model):
    _inherit = "apartment.lease"

    def _get_move_out_inspection(self):
        self.ensure_one()
        return self.inspection_ids.filtered(lambda inspection: inspection.kind == "move_out")[:1]

    def _action_settle_deposit(self, deductions=None):
        """Attach the photos of the damage priced by the move-out inspection to the credit
        note. (The refusal to settle before the inspection is done lives in the wizard: the
        renewal's automatic settlement at move-out, without deductions, must not fail.)"""
        refund = super()._action_settle_deposit(deductions)
        inspection = self._get_move_out_inspection()
        if inspection.state in ("done", "confirmed"):
            inspection._attach_photos_to(refund)
        return refund
