# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ApartmentLeaseDepositSettle(models.TransientModel):
    _name = "apartment.lease.deposit.settle"
    _description = "Settle Lease Deposit"

    lease_id = fields.Many2one("apartment.lease", required=True, readonly=True)
    currency_id = fields.Many2one(related="lease_id.currency_id")
    deposit_amount = fields.Monetary(related="lease_id.deposit_move_id.amount_untaxed")
    line_ids = fields.One2many(
        "apartment.lease.deposit.settle.line", "wizard_id", string="Deductions"
    )
    refund_amount = fields.Monetary(compute="_compute_refund_amount")

    @api.depends("deposit_amount", "line_ids.amount")
    def _compute_refund_amount(self):
        for wizard in self:
            wizard.refund_amount = wizard.deposit_amount - sum(wizard.line_ids.mapped("amount"))

    def action_settle(self):
        self.ensure_one()
        refund = self.lease_id._action_settle_deposit(
            [(line.name, line.amount) for line in self.line_ids]
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": refund.id,
            "view_mode": "form",
        }


class ApartmentLeaseDepositSettleLine(models.TransientModel):
    _name = "apartment.lease.deposit.settle.line"
    _description = "Deposit Deduction"

    wizard_id = fields.Many2one("apartment.lease.deposit.settle", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    name = fields.Char(string="Description", required=True)
    amount = fields.Monetary(required=True)
