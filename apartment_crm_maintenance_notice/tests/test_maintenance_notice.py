# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.apartment_crm_maintenance.tests.common import MaintenanceCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-12-01 02:00:00")
class TestMaintenanceNotice(MaintenanceCommon):
    """Riverside (Asia/Shanghai): tenant (zh_CN, unit_a) and tenant_2 (en_US, unit_b);
    Garden: tenant_3. Lift A stops on Thursday 2026-12-03, 09:00-11:00 Shanghai time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.property.partner_id = cls.env["res.partner"].create(
            {"name": "Test Riverside address", "tz": "Asia/Shanghai"}
        )
        cls.tenant.lang = "zh_CN"
        cls.tenant_2.lang = "en_US"
        cls.tenant_3 = cls.env["res.partner"].create(
            {"name": "Garden Tenant", "email": "garden@example.com"}
        )
        (
            cls._create_lease()
            | cls._create_lease(partner_id=cls.tenant_2.id, unit_id=cls.unit_b.id)
            | cls._create_lease(partner_id=cls.tenant_3.id, unit_id=cls.unit_c.id)
        ).action_activate()
        cls.request = cls.env["maintenance.request"].create(
            {
                "name": "Lift A: replace the door motor",
                "equipment_id": cls.lift_a.id,
                "maintenance_type": "corrective",
                "schedule_date": datetime(2026, 12, 3, 1, 0),  # 09:00 in Shanghai
                "duration": 2.0,
            }
        )

    def _notices(self):
        return self.env["apartment.notice"].search(
            [("property_ids", "in", self.property.ids), ("name", "ilike", "Lift A")]
        )

    def _mail_of(self, notice, partner):
        return notice.recipient_ids.filtered(lambda r: r.partner_id == partner).mail_id

    def test_notify_once_in_each_language_and_local_time(self):
        request = self.request.with_user(self.user_housekeeper)
        action = request.action_notify_tenants()
        notice = request.apartment_notice_id
        self.assertEqual(action["res_id"], notice.id)
        self.assertEqual(notice.state, "sent")
        self.assertEqual(notice.property_ids, self.property)
        self.assertEqual(notice.recipient_ids.partner_id, self.tenant | self.tenant_2)
        self.assertEqual(
            (request.apartment_notice_start, request.apartment_notice_stop),
            (datetime(2026, 12, 3, 1, 0), datetime(2026, 12, 3, 3, 0)),
        )
        self.assertFalse(request.apartment_notice_outdated)
        # English and Chinese texts, the window in Shanghai time.
        self.assertEqual(notice.with_context(lang="en_US").name, "Planned maintenance: Lift A")
        self.assertIn(
            "Planned maintenance of Lift A in Test Riverside: Thu, Dec 3, 2026 09:00–11:00.",
            notice.with_context(lang="en_US").body,
        )
        self.assertEqual(notice.with_context(lang="zh_CN").name, "计划维护通知：Lift A")
        self.assertIn("2026年12月3日周四 09:00–11:00", notice.with_context(lang="zh_CN").body)
        zh_mail, en_mail = (self._mail_of(notice, p) for p in (self.tenant, self.tenant_2))
        self.assertEqual(zh_mail.subject, "计划维护通知：Lift A")
        self.assertIn("2026年12月3日周四 09:00–11:00", zh_mail.body_html)
        self.assertNotIn("Planned maintenance", zh_mail.body_html)
        self.assertIn("Thu, Dec 3, 2026 09:00–11:00", en_mail.body_html)
        self.assertIn("notified", request.message_ids[:1].body)
        # Clicking again (or a double submit) posts nothing more.
        again = request.action_notify_tenants()
        self.assertEqual(again["res_id"], notice.id)
        self.assertEqual(self._notices(), notice)
        self.assertEqual(len(notice.recipient_ids), 2)

    def test_reschedule_posts_a_correction(self):
        request = self.request.with_user(self.user_housekeeper)
        request.action_notify_tenants()
        first = request.apartment_notice_id
        first_body = first.with_context(lang="en_US").body
        with Form(request) as form:
            form.schedule_date = datetime(2026, 12, 4, 6, 0)  # Friday 14:00 in Shanghai
            form.duration = 1.5
        self.assertTrue(request.apartment_notice_outdated)
        request.action_notify_tenants()
        correction = request.apartment_notice_id
        self.assertNotEqual(correction, first)
        self.assertEqual(self._notices(), first | correction)
        self.assertEqual(first.with_context(lang="en_US").body, first_body, "sent: unchanged")
        self.assertEqual(correction.recipient_ids.partner_id, self.tenant | self.tenant_2)
        body = correction.with_context(lang="en_US").body
        self.assertIn("has moved to Fri, Dec 4, 2026 14:00–15:30", body)
        self.assertIn("announced before: Thu, Dec 3, 2026 09:00–11:00", body)
        zh_body = correction.with_context(lang="zh_CN").body
        self.assertIn("更正", zh_body)
        self.assertIn("2026年12月4日周五 14:00–15:30", zh_body)
        self.assertFalse(request.apartment_notice_outdated)
        request.action_notify_tenants()
        self.assertEqual(self._notices(), first | correction)

    def test_preventive_work_spanning_midnight(self):
        self.request.write(
            {
                "maintenance_type": "preventive",
                "schedule_date": datetime(2026, 12, 3, 14, 0),  # 22:00 in Shanghai
                "duration": 4.0,
            }
        )
        self.request.with_user(self.user_housekeeper).action_notify_tenants()
        body = self.request.apartment_notice_id.with_context(lang="en_US").body
        self.assertIn("Thu, Dec 3, 2026 22:00 – Fri, Dec 4, 2026 02:00", body)

    def test_request_of_a_preventive_plan(self):
        """A request the preventive plan generated (09:00 in the company's time zone, the
        plan's duration) notifies the tenants as it is."""
        self.env.company.partner_id.tz = "Asia/Shanghai"
        self.plan.duration = 3.0
        self.plan._generate_requests(date(2026, 12, 1))
        request = self._plan_requests().filtered(
            lambda r: r.equipment_id == self.lift_a and r.apartment_occurrence_date.month == 12
        )
        self.assertEqual(request.maintenance_type, "preventive")
        request.with_user(self.user_housekeeper).action_notify_tenants()
        body = request.apartment_notice_id.with_context(lang="en_US").body
        self.assertIn("Tue, Dec 15, 2026 09:00–12:00", body)

    def test_refused_with_the_fix(self):
        request = self.request.with_user(self.user_housekeeper)
        request.duration = 0
        with self.assertRaisesRollback(UserError, "Scheduled Date and a Duration"):
            request.action_notify_tenants()
        request.write({"duration": 2.0, "schedule_date": datetime(2026, 11, 30, 1, 0)})
        with self.assertRaisesRollback(UserError, "window is over"):
            request.action_notify_tenants()
        request.schedule_date = datetime(2026, 12, 3, 1, 0)
        request.archive_equipment_request()
        with self.assertRaisesRollback(UserError, "done or cancelled"):
            request.action_notify_tenants()
        loose = self.env["maintenance.equipment"].create({"name": "Spare pump"})
        other = self.request.copy({"equipment_id": loose.id})
        with self.assertRaisesRollback(UserError, "no Building"):
            other.with_user(self.user_housekeeper).action_notify_tenants()
        self.assertFalse(self._notices())

    def test_technician_and_rpc_refused(self):
        # A technician (an employee outside the housekeepers) may not post to tenants.
        with self.assertRaises(AccessError):
            self.request.with_user(self.technician).action_notify_tenants()
        notice = self.env["apartment.notice"].create_for_property(self.property, "x", "<p>x</p>")
        for vals in (
            {"apartment_notice_id": notice.id},
            {"apartment_notice_start": datetime(2026, 12, 3, 1, 0)},
        ):
            with self.assertRaisesRollback(UserError, "Notify Tenants"):
                self.request.with_user(self.user_housekeeper).write(vals)
        self.assertFalse(self.request.apartment_notice_id)
        self.assertFalse(self.request.copy().apartment_notice_id)
