# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentLeaseRenewalDecline(models.TransientModel):
    """Record why the tenant does not renew, then start the move-out."""

    _name = "apartment.lease.renewal.decline"
    _description = "Decline Lease Renewal"

    renewal_id = fields.Many2one("apartment.lease.renewal", required=True, ondelete="cascade")
    reason_id = fields.Many2one("apartment.renewal.decline.reason", required=True)
    note = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        self.renewal_id.action_decline(self.reason_id, self.note)
        return {"type": "ir.actions.act_window_close"}
