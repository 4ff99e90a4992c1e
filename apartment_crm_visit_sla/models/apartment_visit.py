# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError


class ApartmentVisit(models.Model):
    _inherit = "apartment.visit"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", readonly=True, copy=False, index="btree_not_null", check_company=True
    )

    def _prepare_ticket_vals(self):
        self.ensure_one()
        first_line = (self.issue or "").strip().splitlines()[0][:80]
        return {
            "name": self.env._("Visit: %(issue)s", issue=first_line),
            "description": Markup("<p>%s</p>") % self.issue,
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
        }

    def action_create_ticket(self):
        """Open the ticket of the issue raised during the visit, creating it the first time
        (as the user: the helpdesk access rules and the SLA grading apply)."""
        self.ensure_one()
        if not self.ticket_id:
            if not (self.issue or "").strip():
                raise UserError(
                    self.env._(
                        "Visit of %(tenant)s: describe the problem in Issue Raised before "
                        "creating a ticket.",
                        tenant=self.partner_id.display_name,
                    )
                )
            ticket = self.env["helpdesk.ticket"].create(self._prepare_ticket_vals())
            self.sudo().ticket_id = ticket
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.ticket_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
