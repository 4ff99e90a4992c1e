# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ApartmentNoticeRecipient(models.Model):
    _inherit = "apartment.notice.recipient"

    channel = fields.Selection(
        selection_add=[("sms", "SMS and portal")],
        ondelete={"sms": lambda records: records.write({"channel": "activity"})},
    )
    sms_id = fields.Many2one(
        "sms.sms",
        string="SMS",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="apartment_crm.group_apartment_user",
    )

    @api.model
    def _get_sent_channels(self):
        return super()._get_sent_channels() + ("sms",)
