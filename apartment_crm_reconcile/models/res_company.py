# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    rent_reconcile_threshold = fields.Integer(
        string="Automatic Reconciliation Threshold",
        default=90,
        help="Statement lines whose best rent match has at least this confidence (0-100) are "
        "reconciled automatically; the others wait for review with the proposal filled in. "
        "At 100 every line waits for review.",
    )

    _sql_constraints = [
        (
            "rent_reconcile_threshold_range",
            "CHECK(rent_reconcile_threshold >= 0 AND rent_reconcile_threshold <= 100)",
            "The automatic reconciliation threshold must be between 0 and 100.",
        ),
    ]

    @api.constrains("rent_reconcile_threshold")
    def _check_rent_reconcile_threshold(self):
        for company in self:
            if not 0 <= company.rent_reconcile_threshold <= 100:
                raise ValidationError(
                    self.env._(
                        "Automatic Reconciliation Threshold of %(company)s is %(value)s: give "
                        "a confidence between 0 and 100 (90 by default).",
                        company=company.name,
                        value=company.rent_reconcile_threshold,
                    )
                )
