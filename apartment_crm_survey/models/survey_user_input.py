# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    apartment_invitation_ids = fields.One2many(
        "apartment.survey.invitation", "user_input_id", string="Tenant Survey Invitation"
    )

    def _mark_done(self):
        res = super()._mark_done()
        invitations = self.sudo().apartment_invitation_ids.filtered(lambda i: not i.answered)
        if invitations:
            invitations._on_answered()
        return res
