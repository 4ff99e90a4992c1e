# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _prepare_rent_late_fee_vals(self, amount, date):
        vals = super()._prepare_rent_late_fee_vals(amount, date)
        if self.lease_id.payment_reference:
            vals["payment_reference"] = self.lease_id.payment_reference
        return vals

    def _set_lease_payment_reference(self):
        """Print the lease's payment reference on these lease invoices (install, old
        invoices): the invoice PDF shows it as the payment communication."""
        for move in self.filtered(lambda move: move.lease_id.payment_reference):
            move.payment_reference = move.lease_id.payment_reference
        return True
