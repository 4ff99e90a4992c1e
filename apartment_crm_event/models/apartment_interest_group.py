# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ApartmentInterestGroup(models.Model):
    """An interest group (兴趣社群) tenants can join: reading, fitness, pets..."""

    _name = "apartment.interest.group"
    _description = "Apartment Interest Group"
    _inherit = ["mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    color = fields.Integer()
    company_id = fields.Many2one("res.company", index=True)
    property_ids = fields.Many2many(
        "apartment.property",
        string="Buildings",
        help="Buildings where the group meets; empty for every building.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "apartment_interest_group_partner_rel",
        "group_id",
        "partner_id",
        string="Members",
    )
    member_count = fields.Integer(compute="_compute_member_count")
    event_ids = fields.One2many("event.event", "interest_group_id", string="Events")
    event_count = fields.Integer(compute="_compute_event_count")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "An interest group name must be unique."),
    ]

    @api.depends("partner_ids")
    def _compute_member_count(self):
        for group in self:
            group.member_count = len(group.partner_ids)

    def _compute_event_count(self):
        counts = dict(
            self.env["event.event"]._read_group(
                [("interest_group_id", "in", self.ids)], ["interest_group_id"], ["__count"]
            )
        )
        for group in self:
            group.event_count = counts.get(group, 0)

    def action_view_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm_event.event_event_action_community"
        )
        action["domain"] = [("interest_group_id", "=", self.id)]
        action["context"] = {"default_interest_group_id": self.id}
        return action
