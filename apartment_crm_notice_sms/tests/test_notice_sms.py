# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.apartment_crm_notice.tests.test_notice import NoticeCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 08:00:00")
class TestNoticeSms(NoticeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Riverside: tenant (e-mail, zh_CN), tenant_3 (phone); two SMS tenants, one without
        # a number (told by the housekeeper instead).
        cls.sms_zh, cls.sms_en, cls.sms_no_number = cls.env["res.partner"].create(
            [
                {"name": "Wang Fang 王芳", "mobile": "+86 138 1234 5678", "lang": "zh_CN"},
                {"name": "John Smith", "mobile": "+86 139 8765 4321", "lang": "en_US"},
                {"name": "No Number", "lang": "en_US"},
            ]
        )
        (cls.sms_zh | cls.sms_en | cls.sms_no_number).preferred_channel = "sms"
        units = cls.env["apartment.unit"].create(
            [{"name": f"S{i}", "property_id": cls.property.id} for i in range(3)]
        )
        for partner, unit in zip(cls.sms_zh | cls.sms_en | cls.sms_no_number, units, strict=True):
            cls._create_lease(partner_id=partner.id, unit_id=unit.id).action_activate()

    def test_sms_queued_in_the_tenants_language(self):
        notice = self._create_notice()
        sms_before = self.env["sms.sms"].search([])
        notice.action_send()
        by_partner = {r.partner_id: r for r in notice.recipient_ids}
        self.assertEqual(by_partner[self.sms_zh].channel, "sms")
        self.assertEqual(by_partner[self.sms_en].channel, "sms")
        self.assertEqual(by_partner[self.sms_no_number].channel, "activity")
        self.assertEqual(by_partner[self.tenant].channel, "email")
        self.assertEqual(by_partner[self.tenant_3].channel, "activity")
        sms = self.env["sms.sms"].search([]) - sms_before
        self.assertEqual(sms, (by_partner[self.sms_zh] | by_partner[self.sms_en]).sms_id)
        self.assertEqual(set(sms.mapped("state")), {"outgoing"}, "queued, not sent")
        zh = by_partner[self.sms_zh].sms_id
        self.assertIn("周二停水", zh.body)
        self.assertIn("9:00 至 12:00 停水", zh.body)
        self.assertNotIn("<p>", zh.body)
        # Sanitized (E.164) when the phonenumbers library is installed, else as typed.
        self.assertEqual(re.sub(r"[^+\d]", "", zh.number), "+8613812345678")
        self.assertIn("Water cut on Tuesday", by_partner[self.sms_en].sms_id.body)
        self.assertEqual(notice.sms_count, 2)
        self.assertEqual(notice.emailed_count, 1)
        self.assertEqual(notice.activity_count, 2)
        self.assertEqual(notice.reached_count, 3, "e-mailed and texted")
        # Sent again (e.g. a second Send on a scheduled copy): nobody texted twice.
        notice._send()
        self.assertEqual(len(self.env["sms.sms"].search([]) - sms_before), 2)
