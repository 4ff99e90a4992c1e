# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rent_setup_issues = fields.Char(
        compute="_compute_rent_setup_issues",
        help="What keeps rent from being invoiced in this company (empty when ready).",
    )

    rent_product_id = fields.Many2one(related="company_id.rent_product_id", readonly=False)
    rent_journal_id = fields.Many2one(related="company_id.rent_journal_id", readonly=False)
    rent_deposit_product_id = fields.Many2one(
        related="company_id.rent_deposit_product_id", readonly=False
    )
    rent_billing_day = fields.Integer(related="company_id.rent_billing_day", readonly=False)
    rent_vat = fields.Selection(related="company_id.rent_vat", readonly=False)
    rent_tax_id = fields.Many2one(related="company_id.rent_tax_id", readonly=False)
    rent_auto_post = fields.Boolean(related="company_id.rent_auto_post", readonly=False)
    rent_late_fee_type = fields.Selection(related="company_id.rent_late_fee_type", readonly=False)
    rent_late_fee_rate = fields.Float(related="company_id.rent_late_fee_rate", readonly=False)
    rent_late_fee_cap = fields.Float(related="company_id.rent_late_fee_cap", readonly=False)
    rent_late_fee_grace_days = fields.Integer(
        related="company_id.rent_late_fee_grace_days", readonly=False
    )
    rent_late_fee_date_from = fields.Date(
        related="company_id.rent_late_fee_date_from", readonly=False
    )
    rent_late_fee_product_id = fields.Many2one(
        related="company_id.rent_late_fee_product_id", readonly=False
    )

    @api.depends("rent_product_id", "rent_deposit_product_id", "rent_journal_id")
    def _compute_rent_setup_issues(self):
        for settings in self:
            settings.rent_setup_issues = ", ".join(
                self.env["res.company"]._get_rent_setup_issues(
                    settings.rent_product_id,
                    settings.rent_deposit_product_id,
                    settings.rent_journal_id,
                )
            )
