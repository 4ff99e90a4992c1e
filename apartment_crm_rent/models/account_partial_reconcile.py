# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def _rent_moves(self, lines):
        return lines.move_id.filtered(lambda move: move.rent_kind == "rent")

    @api.model_create_multi
    def create(self, vals_list):
        line_ids = {
            vals[key]
            for vals in vals_list
            for key in ("debit_move_id", "credit_move_id")
            if vals.get(key)
        }
        moves = self._rent_moves(self.env["account.move.line"].browse(line_ids))
        before = {move.id: move.paid_date for move in moves}
        partials = super().create(vals_list)
        moves._notify_rent_paid_date_changes(before)
        return partials

    def unlink(self):
        moves = self._rent_moves(self.debit_move_id | self.credit_move_id)
        before = {move.id: move.paid_date for move in moves}
        res = super().unlink()
        moves._notify_rent_paid_date_changes(before)
        return res
