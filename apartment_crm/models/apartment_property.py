# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ApartmentProperty(models.Model):
    """A building or community run by the operator (项目 / 楼栋)."""

    _name = "apartment.property"
    _description = "Apartment Property"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short code of the building, unique per company (e.g. SH-RIV).",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Address",
        help="Contact holding the building's address.",
    )
    address = fields.Char(
        string="Street Address",
        compute="_compute_address",
        help="The street and city of the address contact.",
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Property Manager",
        tracking=True,
        domain="[('share', '=', False)]",
    )
    unit_ids = fields.One2many("apartment.unit", "property_id", string="Units")
    unit_count = fields.Integer(compute="_compute_occupancy")
    occupied_unit_count = fields.Integer(compute="_compute_occupancy")
    occupancy_rate = fields.Float(
        compute="_compute_occupancy",
        digits=(5, 2),
        help="Share of the property's units (not under maintenance) that are occupied, in percent.",
    )
    lease_count = fields.Integer(compute="_compute_lease_count")
    note = fields.Html()

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The property code must be unique per company: choose another code.",
        ),
    ]

    @api.depends("partner_id.street", "partner_id.street2", "partner_id.city", "partner_id.zip")
    def _compute_address(self):
        for prop in self:
            partner = prop.partner_id
            parts = (partner.street, partner.street2, partner.city, partner.zip)
            prop.address = ", ".join(part for part in parts if part) or False

    @api.depends("unit_ids.state")
    def _compute_occupancy(self):
        groups = self.env["apartment.unit"]._read_group(
            [("property_id", "in", self.ids)],
            ["property_id", "state"],
            ["__count"],
        )
        counts = {}
        for prop, state, count in groups:
            counts.setdefault(prop.id, {})[state] = count
        for prop in self:
            by_state = counts.get(prop.id, {})
            total = sum(by_state.values())
            rentable = total - by_state.get("maintenance", 0)
            occupied = by_state.get("occupied", 0)
            prop.unit_count = total
            prop.occupied_unit_count = occupied
            prop.occupancy_rate = 100.0 * occupied / rentable if rentable else 0.0

    def _compute_lease_count(self):
        groups = self.env["apartment.lease"]._read_group(
            [("property_id", "in", self.ids)], ["property_id"], ["__count"]
        )
        counts = {prop.id: count for prop, count in groups}
        for prop in self:
            prop.lease_count = counts.get(prop.id, 0)

    @api.depends("code")
    def _compute_display_name(self):
        for prop in self:
            prop.display_name = f"[{prop.code}] {prop.name}" if prop.code else prop.name

    def action_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm.apartment_unit_action"
        )
        action["domain"] = [("property_id", "=", self.id)]
        action["context"] = {"default_property_id": self.id}
        return action

    def action_view_leases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm.apartment_lease_action"
        )
        action["domain"] = [("property_id", "=", self.id)]
        action["context"] = {"search_default_filter_current": 1}
        return action
