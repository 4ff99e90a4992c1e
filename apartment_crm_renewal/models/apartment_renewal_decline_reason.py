# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentRenewalDeclineReason(models.Model):
    """Why a tenant did not renew (price, moving city, bought a home...)."""

    _name = "apartment.renewal.decline.reason"
    _description = "Renewal Decline Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    code = fields.Char(help="Stable key for reports and integrations.")
    description = fields.Text(translate=True)
