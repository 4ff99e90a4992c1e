# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ApartmentChurnSignal(models.Model):
    """A weighted warning sign that a tenant may leave (two repairs in a row, late rent...).

    Each signal's value per tenant comes from res.partner._get_churn_signal_<code>(date, signal);
    the signal fires when the value reaches the threshold, and adds its weight to the score.
    """

    _name = "apartment.churn.signal"
    _description = "Churn Risk Signal"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code; the value comes from res.partner._get_churn_signal_<code>().",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    weight = fields.Integer(
        default=10, help="Points (out of 100) added to the churn risk score when the signal fires."
    )
    threshold = fields.Float(
        default=1.0, help="The signal fires when the tenant's value reaches this threshold."
    )
    window_days = fields.Integer(
        string="Window (days)",
        default=90,
        help="Look-back period of the signal, in days (e.g. repairs within 60 days).",
    )
    description = fields.Text(translate=True)
    retention_action = fields.Char(
        translate=True,
        help="Suggested retention action given to the housekeeper when the signal fires.",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A churn signal code must be unique."),
        (
            "weight_range",
            "CHECK(weight >= 0 AND weight <= 100)",
            "The weight of a churn signal must be between 0 and 100.",
        ),
        (
            "window_positive",
            "CHECK(window_days >= 0)",
            "The window of a churn signal cannot be negative.",
        ),
    ]

    @api.constrains("threshold")
    def _check_threshold(self):
        for signal in self:
            if signal.threshold <= 0:
                raise ValidationError(
                    self.env._(
                        "Churn signal %(signal)s: the threshold must be greater than zero "
                        "(a signal with threshold 0 would always fire).",
                        signal=signal.name,
                    )
                )
