# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    event_max_attendance_points = fields.Integer(
        string="Maximum Attendance Points per Event",
        default=500,
        # Read only when checking an event's points: prefetched with the company it cost the
        # rent invoicing batch one query more (its assertQueryCount pin).
        prefetch=False,
        help="The most loyalty points an event (or event schedule) may award each attendee.",
    )

    def _check_attendance_points_cap(self, points):
        """Raise unless 0 <= ``points`` <= this company's maximum per event."""
        company = self or self.env.company
        cap = company.event_max_attendance_points
        if points < 0 or points > cap:
            raise ValidationError(
                self.env._(
                    "Attendance Points must be between 0 and %(cap)s (the maximum of "
                    "%(company)s, Events tab of the company); %(points)s given.",
                    cap=cap,
                    company=company.name,
                    points=points,
                )
            )
