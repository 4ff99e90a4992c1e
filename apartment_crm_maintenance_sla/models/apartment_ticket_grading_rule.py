# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentTicketGradingRule(models.Model):
    _inherit = "apartment.ticket.grading.rule"

    open_maintenance_request = fields.Boolean(
        string="Open a Maintenance Request",
        help="A ticket this rule matches opens a maintenance request for the technicians at "
        "once (e.g. 电梯 / elevator stuck).",
    )
    equipment_category_id = fields.Many2one(
        "maintenance.equipment.category",
        help="The ticket is linked to the building's equipment of this category when the "
        "building has exactly one (else the technicians pick it on the request).",
    )
