# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.http import request

from odoo.addons.apartment_crm.controllers.portal import ApartmentPortal


class ApartmentRentPortal(ApartmentPortal):
    def _prepare_tenant_home_values(self, partner, lease_sudo):
        """The home's rent card: the next rent to pay (amount, period, due date, pay link)."""
        values = super()._prepare_tenant_home_values(partner, lease_sudo)
        values["rent_next_invoice"] = request.env["account.move"]._get_next_rent_to_pay(partner)
        values["rent_today"] = fields.Date.context_today(request.env.user)
        return values

    def _prepare_lease_portal_values(self, lease_sudo):
        """The lease page also lists its rent invoices (posted ones, with Odoo's invoice
        page and payment link) and the next rent to pay: the oldest open rent invoice, not
        a late fee or a deposit."""
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
        values = super()._prepare_lease_portal_values(lease_sudo)
        values.update(
            lease_invoices=invoices,
            next_invoice=request.env["account.move"]._get_next_rent_to_pay(
                lease_sudo.partner_id, lease=lease_sudo
            ),
        )
        return values
