# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import html2plaintext


class ApartmentNotice(models.Model):
    _inherit = "apartment.notice"

    @api.model
    def _get_recipient_channel(self, partner):
        """SMS preferred and a mobile or phone number: the notice goes by SMS."""
        if partner.preferred_channel == "sms" and (partner.mobile or partner.phone):
            return "sms"
        return super()._get_recipient_channel(partner)

    def _deliver(self, recipients):
        res = super()._deliver(recipients)
        self._queue_sms(recipients.filtered(lambda r: r.channel == "sms"))
        return res

    def _get_sms_body(self):
        """The text of the SMS in the current language: subject and body, as plain text."""
        self.ensure_one()
        return f"{self.name}\n{html2plaintext(self.body or '')}".strip()

    def _queue_sms(self, recipients):
        """Queue one ``sms.sms`` per recipient in one create (Odoo's SMS cron sends them; no
        synchronous send), each in the tenant's language."""
        self.ensure_one()
        if not recipients:
            return self.env["sms.sms"]
        numbers = recipients.partner_id._sms_get_recipients_info()
        bodies = {}
        vals_list = []
        for recipient in recipients:
            partner = recipient.partner_id
            lang = partner.lang or self.env.lang or "en_US"
            if lang not in bodies:
                bodies[lang] = self.with_context(lang=lang)._get_sms_body()
            info = numbers.get(partner.id) or {}
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "number": info.get("sanitized") or info.get("number"),
                    "body": bodies[lang],
                    "state": "outgoing",
                }
            )
        sms = self.env["sms.sms"].sudo().create(vals_list)
        for recipient, text in zip(recipients, sms, strict=True):
            recipient.sms_id = text
        return sms
