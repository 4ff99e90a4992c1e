# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sla_at_risk_percent = fields.Integer(
        string="SLA At Risk (%)",
        default=80,
        help="A running SLA clock is 'at risk' once this share of its target is consumed.",
    )
    sla_followup_delay_days = fields.Integer(
        string="Follow-up Delay (days)",
        default=3,
        help="Days after a ticket closes when the follow-up visit (回访) activity is due.",
    )
    sla_low_rating_threshold = fields.Integer(
        string="Low Rating Threshold",
        default=2,
        help="A satisfaction rating at or below this value (1-5) is a low rating.",
    )
    sla_low_rating_action = fields.Selection(
        [("reopen", "Reopen the ticket"), ("flag", "Flag it for the manager")],
        string="On Low Rating",
        default="flag",
        required=True,
    )

    _sql_constraints = [
        (
            "sla_settings_range",
            "CHECK(sla_at_risk_percent > 0 AND sla_at_risk_percent <= 100 "
            "AND sla_followup_delay_days >= 0 "
            "AND sla_low_rating_threshold >= 0 AND sla_low_rating_threshold <= 5)",
            "SLA settings: the at-risk share is 1-100 %, the follow-up delay is not negative "
            "and the low-rating threshold is 0-5.",
        ),
    ]
