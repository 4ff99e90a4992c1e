# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ApartmentRentReminderLog(models.Model):
    """One reminder level fired (or skipped) for one rent invoice: never twice."""

    _name = "apartment.rent.reminder.log"
    _description = "Rent Reminder Log"
    _order = "date desc, id desc"

    invoice_id = fields.Many2one("account.move", required=True, index=True, ondelete="cascade")
    level_id = fields.Many2one(
        "apartment.rent.reminder.level", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_invoice_fields", store=True, index=True
    )
    partner_id = fields.Many2one("res.partner", compute="_compute_invoice_fields", store=True)
    date = fields.Date(required=True)
    skipped = fields.Boolean(
        help="The invoice reached a higher level at the same time; this one was not sent."
    )

    _sql_constraints = [
        (
            "invoice_level_uniq",
            "unique(invoice_id, level_id)",
            "A reminder level fires only once per invoice.",
        ),
    ]

    @api.depends("invoice_id")
    def _compute_invoice_fields(self):
        """The invoice's company and partner, kept when the reminder is logged. Not stored
        related fields: Odoo would then search the logs of every journal entry whose partner
        or company is written (two queries for each imported bank statement line, whose entry
        gets its partner); a reminder is logged on a posted invoice, whose company and
        partner no longer change."""
        for log in self:
            log.company_id = log.invoice_id.company_id
            log.partner_id = log.invoice_id.partner_id
