# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentProperty(models.Model):
    _inherit = "apartment.property"

    equipment_ids = fields.One2many("maintenance.equipment", "property_id")
    equipment_count = fields.Integer(compute="_compute_equipment_count")

    def _compute_equipment_count(self):
        counts = dict(
            self.env["maintenance.equipment"]._read_group(
                [("property_id", "in", self.ids)], ["property_id"], ["__count"]
            )
        )
        for prop in self:
            prop.equipment_count = counts.get(prop, 0)

    def action_view_equipment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("maintenance.hr_equipment_action")
        action.update(
            {
                "domain": [("property_id", "=", self.id)],
                "context": {
                    "default_property_id": self.id,
                    "default_company_id": self.company_id.id,
                },
            }
        )
        return action
