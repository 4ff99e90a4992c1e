# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.apartment_crm.tests.common import CronBatchMixin

from .common import SurveyCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 08:00:00")
class TestSurveyCampaign(SurveyCommon):
    def test_start_invites_building_tenants_once(self):
        self.campaign.action_start()
        self.assertEqual(self.campaign.state, "running")
        invitations = self.campaign.invitation_ids
        self.assertEqual(invitations.partner_id, self.tenant | self.tenant_3)
        self.assertEqual(invitations.property_id, self.property)
        self.assertEqual(len(invitations.user_input_id), 2)
        self.assertEqual(invitations.user_input_id.survey_id, self.survey)
        # Sending again (and again) invites nobody twice, and queues no second e-mail.
        self.campaign.action_send_invitations()
        self.campaign.action_send_invitations()
        self.assertEqual(self.campaign.invitation_ids, invitations)
        mails = self.env["mail.mail"].search(
            [("model", "=", "apartment.survey.invitation"), ("res_id", "in", invitations.ids)]
        )
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.state, "outgoing", "queued, not sent synchronously")

    def test_newcomer_invited_on_resend(self):
        self.campaign.action_start()
        newcomer = self.env["res.partner"].create({"name": "New Niu", "email": "niu@example.com"})
        unit = self.env["apartment.unit"].create(
            {"name": "103", "property_id": self.property.id, "list_rent": 3000}
        )
        self._create_lease(partner_id=newcomer.id, unit_id=unit.id).action_activate()
        self.campaign.action_send_invitations()
        self.assertEqual(
            self.campaign.invitation_ids.partner_id, self.tenant | self.tenant_3 | newcomer
        )

    def test_unique_key_in_sql(self):
        self.campaign.action_start()
        invitation = self._invitation(self.tenant)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            invitation.copy({"user_input_id": False})

    def test_all_buildings_and_tier_filter(self):
        mine = self.property | self.property_2
        campaign = self._create_campaign(property_ids=[(6, 0, mine.ids)])
        campaign.action_start()
        self.assertEqual(
            campaign.invitation_ids.partner_id, self.tenant | self.tenant_2 | self.tenant_3
        )
        tier = self.env["apartment.tenant.tier"].search([], limit=1)
        self.tenant_2.sudo().with_context(tier_engine=True).tenant_tier_id = tier
        by_tier = self._create_campaign(
            property_ids=[(6, 0, mine.ids)], tier_ids=[(6, 0, tier.ids)]
        )
        by_tier.action_start()
        self.assertEqual(by_tier.invitation_ids.partner_id, self.tenant_2)

    def test_ended_lease_not_invited(self):
        self.lease_3.action_end()
        self.campaign.action_start()
        self.assertEqual(self.campaign.invitation_ids.partner_id, self.tenant)

    def test_preferred_channel(self):
        self.campaign.action_start()
        email = self._invitation(self.tenant)
        phone = self._invitation(self.tenant_3)
        self.assertEqual(email.channel, "email")
        self.assertTrue(email.mail_id)
        self.assertTrue(email.survey_url.startswith("http"), "absolute link in the e-mail")
        self.assertIn(email.survey_url, email.mail_id.body_html)
        self.assertEqual(phone.channel, "activity")
        self.assertEqual(phone.activity_id.user_id, self.user_housekeeper)
        self.assertEqual(phone.activity_id.res_id, self.tenant_3.id)
        self.assertEqual(
            phone.activity_id.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )

    def test_reminders_stop_on_answer_and_at_max(self):
        self.campaign.write({"reminder_interval_days": 7, "reminder_max": 2})
        self.campaign.action_start()
        Campaign = self.env["apartment.survey.campaign"]
        answered, silent = self._invitation(self.tenant), self._invitation(self.tenant_3)
        self._answer(answered, [4, 4, 4, 4, 4])
        self.assertFalse(Campaign._cron_send_reminders(date(2026, 3, 5)), "too early")
        self.assertEqual(Campaign._cron_send_reminders(date(2026, 3, 9)), silent)
        self.assertFalse(Campaign._cron_send_reminders(date(2026, 3, 9)), "same day: idempotent")
        self.assertEqual(Campaign._cron_send_reminders(date(2026, 3, 16)), silent)
        self.assertFalse(Campaign._cron_send_reminders(date(2026, 3, 30)), "max reached")
        self.assertEqual(silent.reminder_count, 2)
        self.assertEqual(answered.reminder_count, 0)

    def test_reminder_email_and_none_after_deadline(self):
        self.campaign.action_start()
        invitation = self._invitation(self.tenant)
        Campaign = self.env["apartment.survey.campaign"]
        self.assertFalse(Campaign._cron_send_reminders(date(2026, 4, 15)), "after the deadline")
        Campaign._cron_send_reminders(date(2026, 3, 9))
        reminders = self.env["mail.mail"].search(
            [("res_id", "=", invitation.id), ("model", "=", invitation._name)]
        )
        self.assertEqual(len(reminders), 2, "invitation + reminder")

    def test_closed_campaign_sends_no_reminder(self):
        self.campaign.action_start()
        self.campaign.action_close()
        self.assertFalse(
            self.env["apartment.survey.campaign"]._cron_send_reminders(date(2026, 3, 9))
        )
        with self.assertRaisesRegex(UserError, "only Running"):
            self.campaign.action_send_invitations()

    def test_state_only_through_actions(self):
        with self.assertRaisesRegex(UserError, "Start, Close and Reopen"):
            self.campaign.with_user(self.user_manager).write({"state": "running"})
        with self.assertRaisesRegex(UserError, "only Draft"):
            self.campaign.action_start()
            self.campaign.action_start()

    def test_housekeeper_cannot_start(self):
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.user_housekeeper).action_start()

    def test_bad_input(self):
        for field, value in (
            ("reminder_max", -1),
            ("reminder_max", 10**6),
            ("reminder_interval_days", 0),
            ("low_score_threshold", 11),
            ("pulse_offset_days", -5),
        ):
            with (
                self.subTest(field=field, value=value),
                mute_logger("odoo.sql_db"),
                self.assertRaises(IntegrityError),
                self.cr.savepoint(),
            ):
                self.campaign.write({field: value})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.campaign.write({"date_end": "2026-01-01"})
        public = self.survey.copy({"access_mode": "public"})
        with self.assertRaisesRegex(ValidationError, "Invited people only"):
            self._create_campaign(survey_id=public.id)

    def test_delete_guard(self):
        self.campaign.action_start()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.campaign.unlink()

    def test_other_company_tenants_not_invited(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        campaign = self._create_campaign(property_ids=[(5,)], company_id=other.id)
        campaign.action_start()
        self.assertFalse(campaign.invitation_ids)

    def test_batch_send_query_count(self):
        """Sending scales by batch: more tenants, (almost) the same number of queries."""
        units = self.env["apartment.unit"].create(
            [
                {"name": f"3{i:02d}", "property_id": self.property_2.id, "list_rent": 3000}
                for i in range(20)
            ]
        )
        partners = self.env["res.partner"].create(
            [{"name": f"Tenant {i}", "email": f"t{i}@example.com"} for i in range(20)]
        )
        leases = self.env["apartment.lease"].concat(
            *(
                self._create_lease(partner_id=p.id, unit_id=u.id)
                for p, u in zip(partners, units, strict=True)
            )
        )
        leases.action_activate()
        small = self._create_campaign(property_ids=[(6, 0, self.property.ids)])
        big = self._create_campaign(property_ids=[(6, 0, self.property_2.ids)])
        counts = []
        for campaign in (small, big):
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.cr.sql_log_count
            campaign.action_start()
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(len(small.invitation_ids), 2)
        self.assertEqual(len(big.invitation_ids), 21)
        # 19 more tenants cost fewer than 4 queries each (no per-tenant search or send).
        self.assertLess(counts[1] - counts[0], 19 * 4, counts)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 08:00:00")
class TestSurveyReminderBatches(CronBatchMixin, SurveyCommon):
    def test_reminders_in_batches(self):
        day = date(2026, 3, 9)
        Campaign = self.env["apartment.survey.campaign"]
        Campaign._cron_send_reminders(day)  # the database's own due reminders first
        self.campaign.write({"reminder_interval_days": 7, "reminder_max": 2})
        self.campaign.action_start()
        invitations = self.campaign.invitation_ids
        self.assertGreaterEqual(len(invitations), 2)
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.cron_batch_size", 1)
        xmlid = "apartment_crm_survey.ir_cron_send_survey_reminders"
        calls = []
        for _call in range(len(invitations) + 2):
            progress = self._scheduler_call(xmlid, "_cron_send_reminders", day)
            calls.append((progress.done, progress.remaining))
            if not progress.remaining:
                break
        self.assertEqual(calls[0], (1, len(invitations) - 1), "one batch per call")
        self.assertEqual(calls[-1], (1, 0))
        self.assertEqual(len(calls), len(invitations))
        self.assertEqual(set(invitations.mapped("reminder_count")), {1}, "each reminded once")
        progress = self._scheduler_call(xmlid, "_cron_send_reminders", day)
        self.assertEqual((progress.done, progress.remaining), (0, 0))
