# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentProperty(models.Model):
    _inherit = "apartment.property"

    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        copy=False,
        help="Analytic account of the building's rent (created with the first rent invoice).",
    )

    def _get_or_create_analytic_account(self):
        """Give each property an analytic account in the 'Properties' plan (one create)."""
        missing = self.filtered(lambda prop: not prop.analytic_account_id)
        if not missing:
            return self.analytic_account_id
        plan = self.env.ref("apartment_crm_rent.analytic_plan_property", raise_if_not_found=False)
        if not plan:
            plan = self.env["account.analytic.plan"].sudo().create({"name": "Properties"})
        accounts = (
            self.env["account.analytic.account"]
            .sudo()
            .create(
                [
                    {
                        "name": prop.name,
                        "code": prop.code,
                        "plan_id": plan.id,
                        "company_id": prop.company_id.id,
                    }
                    for prop in missing
                ]
            )
        )
        for prop, account in zip(missing, accounts, strict=True):
            prop.sudo().analytic_account_id = account
        return self.analytic_account_id
