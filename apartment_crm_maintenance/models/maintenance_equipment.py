# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MaintenanceEquipment(models.Model):
    _inherit = "maintenance.equipment"

    property_id = fields.Many2one(
        "apartment.property",
        string="Building",
        check_company=True,
        index="btree_not_null",
        tracking=True,
    )
    unit_id = fields.Many2one(
        "apartment.unit",
        check_company=True,
        index="btree_not_null",
        domain="[('property_id', '=?', property_id)]",
        help="The unit where the equipment sits, if it serves one unit only.",
    )
    floor = fields.Integer(help="The floor where the equipment sits (negative: basement).")
    apartment_plan_ids = fields.One2many(
        "apartment.maintenance.plan", "equipment_id", string="Own Preventive Plans"
    )
    failure_count = fields.Integer(
        string="Failures", compute="_compute_history_counts", help="Corrective requests."
    )
    preventive_count = fields.Integer(string="Preventive Work", compute="_compute_history_counts")

    _sql_constraints = [
        (
            "floor_bounds",
            "CHECK(floor >= -20 AND floor <= 300)",
            "The Floor of an equipment must be between -20 and 300.",
        ),
    ]

    def _compute_history_counts(self):
        counts = {
            (equipment.id, kind): count
            for equipment, kind, count in self.env["maintenance.request"]._read_group(
                [("equipment_id", "in", self.ids)],
                ["equipment_id", "maintenance_type"],
                ["__count"],
            )
        }
        for equipment in self:
            equipment.failure_count = counts.get((equipment.id, "corrective"), 0)
            equipment.preventive_count = counts.get((equipment.id, "preventive"), 0)

    @api.constrains("property_id", "unit_id")
    def _check_unit_property(self):
        for equipment in self.filtered("unit_id"):
            if equipment.unit_id.property_id != equipment.property_id:
                raise ValidationError(
                    self.env._(
                        "Equipment %(equipment)s: unit %(unit)s is not in building "
                        "%(building)s; choose a unit of that building or change the building.",
                        equipment=equipment.display_name,
                        unit=equipment.unit_id.display_name,
                        building=equipment.property_id.display_name or "-",
                    )
                )

    @api.onchange("unit_id")
    def _onchange_unit_id(self):
        if self.unit_id:
            self.property_id = self.unit_id.property_id
            self.floor = self.unit_id.floor

    def _action_history(self, maintenance_type, name):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "maintenance.hr_equipment_request_action"
        )
        action.update(
            {
                "name": name,
                "display_name": name,
                "domain": [
                    ("equipment_id", "=", self.id),
                    ("maintenance_type", "=", maintenance_type),
                ],
                "context": {
                    "default_equipment_id": self.id,
                    "default_maintenance_type": maintenance_type,
                },
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
            }
        )
        return action

    def action_view_failures(self):
        self.ensure_one()
        return self._action_history("corrective", self.env._("Failures"))

    def action_view_preventive(self):
        self.ensure_one()
        return self._action_history("preventive", self.env._("Preventive Work"))
