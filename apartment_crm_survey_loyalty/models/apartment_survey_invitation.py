# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ApartmentSurveyInvitation(models.Model):
    _inherit = "apartment.survey.invitation"

    def _on_answered(self):
        res = super()._on_answered()
        # The loyalty trigger "satisfaction survey answered", with the invitation as source:
        # one invitation per tenant and campaign, so the points come once per campaign.
        self.env["apartment.loyalty.rule"].sudo()._award_survey(self)
        return res
