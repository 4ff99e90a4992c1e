# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentRentGenerate(models.TransientModel):
    _name = "apartment.rent.generate"
    _description = "Generate Rent Invoices"

    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Every rent period starting on or before this date is invoiced.",
    )
    lease_ids = fields.Many2many(
        "apartment.lease",
        help="Leases to invoice; leave empty to invoice every active lease of your companies.",
    )

    def action_generate(self):
        self.ensure_one()
        Lease = self.env["apartment.lease"]
        if self.lease_ids:
            moves = self.lease_ids._generate_rent_invoices(self.date, raise_errors=True)
        else:
            leases = Lease.search(Lease._get_leases_to_invoice_domain(self.date), order="id")
            moves = leases._generate_rent_invoices(self.date, raise_errors=False)
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice")
        action["domain"] = [("id", "in", moves.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action
