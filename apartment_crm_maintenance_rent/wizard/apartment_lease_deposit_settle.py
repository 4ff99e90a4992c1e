# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class ApartmentLeaseDepositSettle(models.TransientModel):
    _inherit = "apartment.lease.deposit.settle"

    inspection_id = fields.Many2one(
        "apartment.inspection",
        string="Move-out Inspection",
        compute="_compute_inspection_id",
        help="Its priced damage is proposed as the deductions.",
    )

    @api.depends("lease_id")
    def _compute_inspection_id(self):
        for wizard in self:
            wizard.inspection_id = (
                wizard.lease_id._get_move_out_inspection() if wizard.lease_id else False
            )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        lease = self.env["apartment.lease"].browse(values.get("lease_id"))
        if "line_ids" in fields_list and lease and not values.get("line_ids"):
            inspection = lease._get_move_out_inspection()
            if inspection.state in ("done", "confirmed"):
                values["line_ids"] = [
                    (0, 0, {"name": name, "amount": amount})
                    for name, amount in inspection._get_deductions()
                ]
        return values

    def action_settle(self):
        """Not before the move-out inspection is done: the tenant sees the comparison and its
        deductions on the portal before the settlement."""
        self.ensure_one()
        if self.inspection_id.state == "draft":
            raise UserError(
                self.env._(
                    "The move-out inspection %(inspection)s of lease %(lease)s is not done: "
                    "finish it first, so the tenant sees its deductions before the settlement.",
                    inspection=self.inspection_id.name,
                    lease=self.lease_id.name,
                )
            )
        return super().action_settle()
