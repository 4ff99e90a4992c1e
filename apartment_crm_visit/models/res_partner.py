# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    visit_ids = fields.One2many("apartment.visit", "partner_id", string="Regular Visits")
    visit_last_date = fields.Date(
        compute="_compute_visit_last", string="Last Visit", help="Last visit that reached them."
    )
    visit_last_satisfaction = fields.Selection(
        [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")],
        compute="_compute_visit_last",
        string="Last Visit Satisfaction",
    )

    def _compute_visit_last(self):
        Visit = self.env["apartment.visit"]
        rows = Visit._read_group(
            [("partner_id", "in", self.ids), ("state", "=", "reached")],
            ["partner_id"],
            ["id:max"],
        )
        last = {visit.partner_id.id: visit for visit in Visit.browse(i for __, i in rows)}
        for partner in self:
            visit = last.get(partner.id, Visit)
            partner.visit_last_date = visit.date_done
            partner.visit_last_satisfaction = visit.satisfaction
