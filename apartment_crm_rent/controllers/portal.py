# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request

from odoo.addons.apartment_crm.controllers.portal import ApartmentPortal


class ApartmentRentPortal(ApartmentPortal):
    def _prepare_lease_portal_values(self, lease_sudo):
        """The lease page also lists its rent invoices (posted ones, with Odoo's invoice
        page and payment link) and the next rent to pay."""
        invoices = (
            request.env["account.move"]
            .sudo()
            .search(
                [
                    ("lease_id", "=", lease_sudo.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                ],
                order="invoice_date desc, id desc",
                limit=24,
            )
        )
        unpaid = invoices.filtered(
            lambda move: move.payment_state in ("not_paid", "partial")
        ).sorted(lambda move: move.invoice_date_due or move.invoice_date)
        values = super()._prepare_lease_portal_values(lease_sudo)
        values.update(lease_invoices=invoices, next_invoice=unpaid[:1])
        return values
