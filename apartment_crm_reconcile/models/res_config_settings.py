# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rent_reconcile_threshold = fields.Integer(
        related="company_id.rent_reconcile_threshold", readonly=False
    )
