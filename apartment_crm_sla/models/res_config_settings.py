# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sla_at_risk_percent = fields.Integer(related="company_id.sla_at_risk_percent", readonly=False)
    sla_followup_delay_days = fields.Integer(
        related="company_id.sla_followup_delay_days", readonly=False
    )
    sla_low_rating_threshold = fields.Integer(
        related="company_id.sla_low_rating_threshold", readonly=False
    )
    sla_low_rating_action = fields.Selection(
        related="company_id.sla_low_rating_action", readonly=False
    )
