# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    tenant_tier_grace_days = fields.Integer(
        string="Tier Demotion Grace Period (days)",
        default=60,
        help="A tenant who no longer meets the criteria of their tier keeps it for this many days "
        "before being demoted (promotions are immediate).",
    )
    churn_medium_threshold = fields.Integer(
        string="Churn Risk: Medium From",
        default=30,
        help="Churn risk score (0-100) from which a tenant is at medium risk.",
    )
    churn_high_threshold = fields.Integer(
        string="Churn Risk: High From",
        default=60,
        help="Churn risk score (0-100) from which a tenant is at high risk; the housekeeper then "
        "gets an activity.",
    )

    @api.constrains("tenant_tier_grace_days", "churn_medium_threshold", "churn_high_threshold")
    def _check_tier_churn_settings(self):
        for company in self:
            if company.tenant_tier_grace_days < 0:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the tier demotion grace period cannot be negative; "
                        "enter 0 to demote at once.",
                        company=company.name,
                    )
                )
            if not (0 < company.churn_medium_threshold < company.churn_high_threshold <= 100):
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the churn risk thresholds must satisfy "
                        "0 < medium (%(medium)s) < high (%(high)s) <= 100.",
                        company=company.name,
                        medium=company.churn_medium_threshold,
                        high=company.churn_high_threshold,
                    )
                )
