# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentVenue(models.Model):
    """A common room of a building (公共活动室) where community events take place."""

    _name = "apartment.venue"
    _description = "Apartment Venue"
    _check_company_auto = True
    _order = "property_id, name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    property_id = fields.Many2one(
        "apartment.property",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(related="property_id.company_id", store=True, index=True)
    capacity = fields.Integer(help="How many people the room holds; 0 means no fixed limit.")
    note = fields.Text(help="Equipment, access instructions, opening hours.")
    event_ids = fields.One2many("event.event", "venue_id", string="Events")

    _sql_constraints = [
        (
            "capacity_positive",
            "CHECK(capacity >= 0)",
            "The capacity of a venue cannot be negative.",
        ),
    ]

    def _compute_display_name(self):
        for venue in self:
            venue.display_name = (
                f"{venue.property_id.name} / {venue.name}" if venue.property_id else venue.name
            )
