# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.apartment_crm.tests.common import ApartmentCommon, CronBatchMixin
from odoo.addons.mail.tests.common import mail_new_test_user


class NoticeCommon(ApartmentCommon):
    """Riverside: floor 1 (tenant, tenant_3 with a tag, prefers phone); Garden: tenant_2."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.tag = cls.env["res.partner.category"].create({"name": "Pet owners"})
        cls.tenant.lang = "zh_CN"
        cls.tenant_3 = cls.env["res.partner"].create(
            {
                "name": "Li Na 李娜",
                "email": "li.na@example.com",
                "preferred_channel": "phone",
                "category_id": [(6, 0, cls.tag.ids)],
            }
        )
        unit_up = cls.env["apartment.unit"].create(
            {"name": "501", "property_id": cls.property.id, "floor": 5, "list_rent": 3000}
        )
        leases = (
            cls._create_lease()
            | cls._create_lease(partner_id=cls.tenant_2.id, unit_id=cls.unit_c.id)
            | cls._create_lease(partner_id=cls.tenant_3.id, unit_id=unit_up.id)
        )
        leases.action_activate()
        cls.Notice = cls.env["apartment.notice"]

    @classmethod
    def _create_notice(cls, **vals):
        notice = cls.env["apartment.notice"].create(
            {
                "name": "Water cut on Tuesday",
                "body": "<p>Water is cut from 9:00 to 12:00.</p>",
                "property_ids": [(6, 0, cls.property.ids)],
                **vals,
            }
        )
        notice.with_context(lang="zh_CN").write(
            {"name": "周二停水", "body": "<p>9:00 至 12:00 停水。</p>"}
        )
        return notice


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 08:00:00")
class TestNotice(NoticeCommon):
    def test_reaches_exactly_the_building_once(self):
        notice = self._create_notice()
        notice.action_send()
        self.assertEqual(notice.state, "sent")
        self.assertEqual(notice.recipient_ids.partner_id, self.tenant | self.tenant_3)
        self.assertEqual(notice.recipient_count, 2)
        self.assertEqual(notice.emailed_count, 1)
        self.assertEqual(notice.activity_count, 1, "Li Na prefers the phone: her housekeeper")
        self.assertEqual(notice.reached_count, 1, "the phone call is not done yet")
        with self.assertRaisesRegex(UserError, "only Draft / Scheduled"):
            notice.action_send()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            notice.recipient_ids[:1].copy()

    def test_floor_and_tag_targets(self):
        floor = self._create_notice(filter_floor=True, floor=5)
        floor.action_send()
        self.assertEqual(floor.recipient_ids.partner_id, self.tenant_3)
        tagged_notice = self._create_notice(
            property_ids=[(6, 0, (self.property | self.property_2).ids)],
            category_ids=[(6, 0, self.tag.ids)],
        )
        tagged_notice.action_send()
        self.assertEqual(tagged_notice.recipient_ids.partner_id, self.tenant_3)

    def test_email_in_the_tenants_language_queued(self):
        notice = self._create_notice()
        notice.action_send()
        mail = notice.recipient_ids.filtered(lambda r: r.partner_id == self.tenant).mail_id
        self.assertEqual(mail.state, "outgoing", "queued in the mail queue, not sent")
        self.assertEqual(mail.subject, "周二停水")
        self.assertIn("9:00 至 12:00 停水", mail.body_html)
        english = self._create_notice(property_ids=[(6, 0, self.property_2.ids)])
        english.action_send()
        self.assertEqual(english.recipient_ids.mail_id.subject, "Water cut on Tuesday")

    def test_batch_queries_do_not_grow_per_tenant(self):
        units = self.env["apartment.unit"].create(
            [
                {"name": f"G{i}", "property_id": self.property_2.id, "list_rent": 3000}
                for i in range(20)
            ]
        )
        # Mixed channels: e-mails, and WeChat / phone tenants of two housekeepers.
        housekeeper_2 = mail_new_test_user(
            self.env, login="hk2_batch", groups="apartment_crm.group_apartment_user"
        )
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"G tenant {i}",
                    "email": f"g{i}@example.com",
                    "preferred_channel": ("email", "wechat", "phone")[i % 3],
                }
                for i in range(20)
            ]
        )
        for i, (partner, unit) in enumerate(zip(partners, units, strict=True)):
            self._create_lease(
                partner_id=partner.id,
                unit_id=unit.id,
                user_id=(self.user_housekeeper if i % 2 else housekeeper_2).id,
            ).action_activate()
        counts = []
        for building in (self.property, self.property_2):
            notice = self._create_notice(property_ids=[(6, 0, building.ids)])
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            notice.action_send()
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
        last = self.Notice.search([], limit=1)
        self.assertEqual(last.recipient_count, 21)
        self.assertEqual(len(last.recipient_ids.activity_id), 2)
        self.assertLess(counts[1] - counts[0], 19 * 4, counts)

    def test_wechat_and_phone_tenants_through_one_activity_per_housekeeper(self):
        """5 WeChat / phone / SMS tenants of two housekeepers: two activities listing them,
        no mail per activity; done = reached."""
        housekeeper_2 = mail_new_test_user(
            self.env, login="hk2_notice", groups="apartment_crm.group_apartment_user", lang="zh_CN"
        )
        units = self.env["apartment.unit"].create(
            [{"name": f"W{i}", "property_id": self.property_2.id} for i in range(5)]
        )
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"W tenant {i}",
                    "email": f"w{i}@example.com",
                    "phone": f"+86 138 0000 000{i}",
                    "preferred_channel": ("wechat", "phone", "sms")[i % 3],
                }
                for i in range(5)
            ]
        )
        for i, (partner, unit) in enumerate(zip(partners, units, strict=True)):
            self._create_lease(
                partner_id=partner.id,
                unit_id=unit.id,
                user_id=(self.user_housekeeper if i < 3 else housekeeper_2).id,
            ).action_activate()
        notice = self._create_notice(property_ids=[(6, 0, self.property_2.ids)])
        mails_before = self.env["mail.mail"].search_count([])
        notice.action_send()
        by_partner = {r.partner_id: r for r in notice.recipient_ids}
        self.assertEqual(by_partner[self.tenant_2].channel, "email")
        channels = {by_partner[p].channel for p in partners}
        # Without apartment_crm_notice_sms the SMS tenants are told by the housekeeper too.
        if "sms" not in notice.recipient_ids._fields["channel"].get_values(self.env):
            self.assertEqual(channels, {"activity"})
        told = notice.recipient_ids.filtered(lambda r: r.channel == "activity")
        activities = told.activity_id
        self.assertEqual(len(activities), 2, "one per housekeeper")
        self.assertEqual(set(activities.mapped("res_model")), {"apartment.notice"})
        mine = activities.filtered(lambda a: a.user_id == self.user_housekeeper)
        theirs = activities.filtered(lambda a: a.user_id == housekeeper_2)
        for recipient in told:
            activity = mine if recipient.user_id == self.user_housekeeper else theirs
            self.assertEqual(recipient.activity_id, activity)
            self.assertIn(recipient.partner_id.name, str(activity.note))
        self.assertIn("周二停水", theirs.summary, "in the housekeeper's language")
        self.assertIn("+86 138 0000 0004", str(theirs.note))
        self.assertEqual(
            self.env["mail.mail"].search_count([]) - mails_before, 1, "only Emma's e-mail"
        )
        self.assertEqual(notice.activity_count, len(told))
        self.assertEqual(notice.reached_count, notice.recipient_count - len(told))
        mine.with_user(self.user_housekeeper).action_done()
        notice.invalidate_recordset()
        reached = told.filtered("is_reached")
        self.assertEqual(reached.user_id, self.user_housekeeper)
        self.assertTrue(all(reached.mapped("informed_date")))
        self.assertEqual(notice.reached_count, notice.recipient_count - len(told - reached))

    def test_scheduled(self):
        notice = self._create_notice()
        with self.assertRaisesRegex(UserError, "Scheduled For"):
            notice.action_schedule()
        notice.date_scheduled = datetime(2026, 3, 3, 8, 0)
        notice.action_schedule()
        self.assertFalse(self.Notice._cron_send_scheduled(datetime(2026, 3, 3, 7, 0)))
        self.assertEqual(self.Notice._cron_send_scheduled(datetime(2026, 3, 3, 8, 0)), notice)
        self.assertEqual(notice.state, "sent")
        self.assertFalse(self.Notice._cron_send_scheduled(datetime(2026, 3, 3, 9, 0)))

    def test_create_for_property(self):
        now = self.Notice.create_for_property(
            self.property, "Elevator maintenance", "<p>Elevator A stops on Friday.</p>"
        )
        self.assertEqual(now.state, "sent")
        self.assertEqual(now.recipient_ids.partner_id, self.tenant | self.tenant_3)
        later = self.Notice.create_for_property(
            self.property_2, "Inspection", "<p>Fire check.</p>", datetime(2026, 3, 10, 9, 0)
        )
        self.assertEqual(later.state, "scheduled")
        self.assertFalse(later.recipient_ids)

    def test_create_for_property_in_each_language(self):
        """The translations are set before sending: the Chinese tenant's e-mail is in Chinese
        from the first send, whatever the sender's own language."""
        notice = self.Notice.with_context(lang="zh_CN").create_for_property(
            self.property,
            "Elevator maintenance",
            "<p>Elevator A stops on Friday.</p>",
            translations={"zh_CN": ("电梯维护", "<p>A 号电梯周五停运。</p>")},
        )
        self.assertEqual(notice.with_context(lang="en_US").name, "Elevator maintenance")
        self.assertEqual(notice.with_context(lang="zh_CN").name, "电梯维护")
        self.assertIn("Elevator A stops", notice.with_context(lang="en_US").body)
        self.assertIn("A 号电梯周五停运", notice.with_context(lang="zh_CN").body)
        mail = notice.recipient_ids.filtered(lambda r: r.partner_id == self.tenant).mail_id
        self.assertEqual(mail.subject, "电梯维护")
        self.assertIn("A 号电梯周五停运", mail.body_html)

    def test_state_guard_and_bad_floor(self):
        notice = self._create_notice()
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            notice.with_user(self.user_housekeeper).write({"state": "sent"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            notice.write({"floor": 10**6})


@tagged("post_install", "-at_install")
class TestNoticePortal(NoticeCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.notice = cls._create_notice()
        cls.notice.action_send()
        cls.other = cls._create_notice(property_ids=[(6, 0, cls.property_2.ids)])
        cls.other.action_send()
        mail_new_test_user(
            cls.env,
            login="zhang_notice",
            password="zhang_notice_pw",
            partner_id=cls.tenant.id,
            groups="base.group_portal",
        )

    def test_read_receipt_and_isolation(self):
        mine = self.notice.recipient_ids.filtered(lambda r: r.partner_id == self.tenant)
        foreign = self.other.recipient_ids
        self.authenticate("zhang_notice", "zhang_notice_pw")
        listing = self.url_open("/my/notices")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(f'data-recipient-id="{mine.id}"', listing.text)
        self.assertNotIn(f'data-recipient-id="{foreign.id}"', listing.text)
        self.assertIn("周二停水", listing.text, "in the tenant's language")
        self.assertEqual(self.url_open(f"/my/notices/{foreign.id}").status_code, 404)
        self.assertFalse(foreign.read_date)
        page = self.url_open(f"/my/notices/{mine.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("9:00 至 12:00 停水", page.text)
        mine.invalidate_recordset()
        self.assertTrue(mine.is_read)
        self.notice.invalidate_recordset()
        self.assertEqual(self.notice.read_count, 1)


@tagged("post_install", "-at_install")
class TestNoticeCronBatches(CronBatchMixin, NoticeCommon):
    def test_scheduled_notices_in_batches(self):
        now = datetime(2026, 3, 3, 8, 0)
        self.Notice._cron_send_scheduled(now)  # the database's own due notices first
        notices = self.Notice.concat(
            *(self._create_notice(name=f"Notice {i}", date_scheduled=now) for i in range(5))
        )
        notices.action_schedule()
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.cron_batch_size", 2)
        xmlid = "apartment_crm_notice.ir_cron_send_scheduled_notices"
        calls = []
        for _call in range(5):
            progress = self._scheduler_call(xmlid, "_cron_send_scheduled", now)
            calls.append((progress.done, progress.remaining))
            if not progress.remaining:
                break
        self.assertEqual(calls, [(2, 3), (2, 1), (1, 0)])
        self.assertEqual(set(notices.mapped("state")), {"sent"})
        # Each tenant got each notice once.
        self.assertEqual(len(notices.recipient_ids), 5 * notices[0].recipient_count)
        self.assertEqual(
            len(notices.recipient_ids),
            len(
                set(
                    notices.recipient_ids.mapped(
                        lambda recipient: (recipient.notice_id.id, recipient.partner_id.id)
                    )
                )
            ),
        )
