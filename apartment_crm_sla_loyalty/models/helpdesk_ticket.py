# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _sla_on_rated(self):
        res = super()._sla_on_rated()
        # Answering the satisfaction survey earns points once per ticket (loyalty rules).
        self.env["apartment.loyalty.rule"].sudo()._award_survey(self.filtered("partner_id"))
        return res
