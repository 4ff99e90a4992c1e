# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentProperty(models.Model):
    _inherit = "apartment.property"

    helpdesk_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Service Team",
        help="The helpdesk team of the building: new tickets of its tenants go to this team.",
    )
