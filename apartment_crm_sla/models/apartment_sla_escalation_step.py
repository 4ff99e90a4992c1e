# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentSlaEscalationStep(models.Model):
    """A rung of the escalation ladder: at `percent` of a target, notify someone.

    Steps are ranked by percent. A ticket reopened n times notifies, at each step, whom the
    step n rungs higher would notify (the top rung stays the top rung).
    """

    _name = "apartment.sla.escalation.step"
    _description = "SLA Escalation Step"
    _order = "percent, sequence, id"

    name = fields.Char(required=True, translate=True, help="Summary of the activity created.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    percent = fields.Integer(
        required=True, help="Fires when this share of the target's working minutes is consumed."
    )
    target = fields.Selection(
        [("response", "Response"), ("resolution", "Resolution"), ("both", "Both")],
        required=True,
        default="both",
    )
    notify = fields.Selection(
        [
            ("assignee", "Assignee (else team leader)"),
            ("leaders", "Team leader and property manager"),
        ],
        required=True,
        default="assignee",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        default=lambda self: self.env.ref("mail.mail_activity_data_todo", False),
    )

    _sql_constraints = [
        (
            "percent_range",
            "CHECK(percent > 0 AND percent <= 1000)",
            "An escalation step fires between 1 % and 1000 % of the target.",
        ),
    ]

    def _applies_to(self, target):
        self.ensure_one()
        return self.target in (target, "both")
