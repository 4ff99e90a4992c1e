# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import make_reference


class ApartmentLease(models.Model):
    _inherit = "apartment.lease"

    payment_reference = fields.Char(
        readonly=True,
        copy=False,
        index=True,
        help="What the tenant writes in the memo of every rent transfer (bank, WeChat Pay, "
        "Alipay): AP, the lease number and a check digit. It never changes during the lease "
        "and is printed on every rent invoice; the reconciliation matches it first.",
    )

    _sql_constraints = [
        (
            "payment_reference_uniq",
            "UNIQUE(payment_reference)",
            "Two leases cannot share a payment reference.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        leases = super().create(vals_list)
        leases._set_payment_reference()
        return leases

    def write(self, vals):
        if "payment_reference" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "The payment reference of a lease is given by the system and never "
                    "changes: tenants already use it in their transfers."
                )
            )
        return super().write(vals)

    def _set_payment_reference(self):
        """Give the leases without one their payment reference (from the lease id: stable,
        unique, known as soon as the lease exists). One UPDATE for the batch."""
        leases = self.filtered(lambda lease: not lease.payment_reference)
        if not leases:
            return True
        self.env.cr.execute(
            SQL(
                "UPDATE apartment_lease AS lease SET payment_reference = ref.value "
                "FROM (VALUES %s) AS ref(id, value) WHERE lease.id = ref.id",
                SQL(", ").join(
                    SQL("(%s, %s)", lease.id, lease._get_payment_reference()) for lease in leases
                ),
            )
        )
        leases.invalidate_recordset(["payment_reference"])
        return True

    def _get_payment_reference(self):
        self.ensure_one()
        return make_reference(self.id)

    def _prepare_rent_invoice_vals(self, period):
        vals = super()._prepare_rent_invoice_vals(period)
        if self.payment_reference:
            vals["payment_reference"] = self.payment_reference
        return vals

    def _prepare_deposit_invoice_vals(self):
        vals = super()._prepare_deposit_invoice_vals()
        if self.payment_reference:
            vals["payment_reference"] = self.payment_reference
        return vals
