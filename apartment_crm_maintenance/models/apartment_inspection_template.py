# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# Upper bound of a repair price (also in SQL): above it, a typing error.
MAX_REPAIR_PRICE = 1_000_000

AREAS = [
    ("room", "Room"),
    ("fixture", "Fixture"),
    ("appliance", "Appliance"),
    ("meter", "Meter"),
]


def _unit_type_selection(self):
    return self.env["apartment.unit"]._fields["unit_type"]._description_selection(self.env)


class ApartmentRepairPrice(models.Model):
    """Price list of common repairs (常见维修价目表): the deduction of a damaged item."""

    _name = "apartment.repair.price"
    _description = "Common Repair Price"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(required=True)

    _sql_constraints = [
        (
            "amount_bounds",
            f"CHECK(amount >= 0 AND amount <= {MAX_REPAIR_PRICE})",
            "The Amount of a repair must be between 0 and 1,000,000.",
        ),
    ]


class ApartmentInspectionTemplate(models.Model):
    """The checklist of a unit inspection for one unit type (or every type when empty)."""

    _name = "apartment.inspection.template"
    _description = "Unit Inspection Checklist"
    _order = "unit_type, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    unit_type = fields.Selection(
        _unit_type_selection, help="Empty: the checklist of the unit types without their own."
    )
    line_ids = fields.One2many(
        "apartment.inspection.template.line", "template_id", string="Items", copy=True
    )

    @api.model
    def _get_for_units(self, units):
        """{unit: template} for ``units``: the template of the unit type, else the generic one."""
        templates = self.search(
            [
                "|",
                ("unit_type", "in", list(set(units.mapped("unit_type")))),
                ("unit_type", "=", False),
            ],
            order="company_id, id",
        )
        result = {}
        for unit in units:
            candidates = templates.filtered(
                lambda t, u=unit: t.company_id in (u.company_id, self.env["res.company"])
            )
            own = candidates.filtered(lambda t, u=unit: t.unit_type == u.unit_type)
            result[unit] = (own or candidates.filtered(lambda t: not t.unit_type))[:1]
        return result


class ApartmentInspectionTemplateLine(models.Model):
    _name = "apartment.inspection.template.line"
    _description = "Unit Inspection Checklist Item"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "apartment.inspection.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True, translate=True)
    area = fields.Selection(AREAS, required=True, default="fixture")
    repair_price_id = fields.Many2one(
        "apartment.repair.price",
        string="Repair",
        help="The repair whose price is deducted when the item is found damaged at move-out.",
    )
