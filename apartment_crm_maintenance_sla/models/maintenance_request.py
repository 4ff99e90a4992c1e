# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MaintenanceRequest(models.Model):
    _inherit = "maintenance.request"

    helpdesk_ticket_ids = fields.One2many(
        "helpdesk.ticket", "maintenance_request_id", string="Tenant Tickets", readonly=True
    )

    def write(self, vals):
        before = (
            {request.id: request.stage_id.done for request in self} if "stage_id" in vals else {}
        )
        res = super().write(vals)
        if before:
            done = self.filtered(lambda r: r.stage_id.done and not before.get(r.id))
            if done:
                done.sudo().helpdesk_ticket_ids._on_maintenance_done()
        return res
