# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentLease(models.Model):
    _inherit = "apartment.lease"

    inspection_ids = fields.One2many("apartment.inspection", "lease_id", string="Inspections")
    inspection_count = fields.Integer(compute="_compute_inspection_count")

    def _compute_inspection_count(self):
        counts = dict(
            self.env["apartment.inspection"]._read_group(
                [("lease_id", "in", self.ids)], ["lease_id"], ["__count"]
            )
        )
        for lease in self:
            lease.inspection_count = counts.get(lease, 0)

    def _on_activated(self):
        res = super()._on_activated()
        self.env["apartment.inspection"].sudo()._plan_for_leases(self, "move_in")
        return res

    def _on_ended(self):
        res = super()._on_ended()
        self.env["apartment.inspection"].sudo()._plan_for_leases(self, "move_out")
        return res

    def action_plan_move_out_inspection(self):
        """Plan the move-out inspection before the lease ends (e.g. a renewal was declined)."""
        self.ensure_one()
        self.env["apartment.inspection"].sudo()._plan_for_leases(self, "move_out")
        return self.action_view_inspections()

    def action_view_inspections(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm_maintenance.apartment_inspection_action"
        )
        action["domain"] = [("lease_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
