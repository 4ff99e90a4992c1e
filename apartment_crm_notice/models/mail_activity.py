# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """A housekeeper's notice activity done: the tenants it listed are reached."""
        notice_activities = self.filtered(lambda activity: activity.res_model == "apartment.notice")
        if notice_activities:
            recipients = (
                self.env["apartment.notice.recipient"]
                .sudo()
                .search(
                    [("activity_id", "in", notice_activities.ids), ("informed_date", "=", False)]
                )
            )
            recipients.write({"informed_date": fields.Datetime.now()})
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
