# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentLoyaltyRule(models.Model):
    _inherit = "apartment.loyalty.rule"

    trigger = fields.Selection(
        selection_add=[("renewal_bonus", "Renewal bonus")],
        ondelete={"renewal_bonus": "cascade"},
    )
