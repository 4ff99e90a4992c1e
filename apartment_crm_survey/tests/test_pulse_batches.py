# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The pulse survey cron works in committed batches when Odoo's scheduler runs it."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.apartment_crm.tests.common import CronBatchMixin

from .common import SurveyCommon

CRON = "apartment_crm_survey.ir_cron_send_pulse_surveys"
CRON_LOGGER = "odoo.addons.apartment_crm.tools.cron"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 08:00:00")
class TestPulseSurveyBatches(CronBatchMixin, SurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The three leases started on 2026-01-01: their day 30 is 2026-01-31.
        cls.move_in = cls._create_campaign(
            name="Pulse after move-in",
            kind="pulse_move_in",
            survey_id=cls.env.ref("apartment_crm_survey.survey_tenant_pulse").id,
            property_ids=[(6, 0, (cls.property | cls.property_2).ids)],
            date_start="2026-01-15",
            date_end=False,
            pulse_offset_days=30,
        )
        cls.move_in.action_start()
        cls.leases = cls.lease | cls.lease_2 | cls.lease_3

    def test_pulse_in_batches_and_resumes(self):
        day = fields.Date.to_date("2026-01-31")
        Campaign = self.env["apartment.survey.campaign"]
        running = Campaign.search([("state", "=", "running"), ("kind", "like", "pulse_")])
        total = sum(len(campaign._get_pulse_pending_leases(day)) for campaign in running)
        self.assertGreaterEqual(total, 3)
        size = 1 if total <= 3 else total - 2
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.cron_batch_size", size)
        self._assert_batched_run(
            CRON, "_cron_send_pulse_surveys", (day,), size, total, "nobody invited twice"
        )
        invitations = self.move_in.invitation_ids
        self.assertEqual(invitations.lease_id, self.leases)
        self.assertEqual(len(invitations), 3, "one invitation per lease (its key)")
        # Mails through the queue, activities for the other channels: nothing sent here.
        emails = invitations.filtered(lambda i: i.channel == "email")
        self.assertTrue(emails)
        self.assertEqual(set(emails.mail_id.mapped("state")), {"outgoing"})
        self.assertTrue(invitations.filtered(lambda i: i.channel == "activity").activity_id)
        progress = self._scheduler_call(CRON, "_cron_send_pulse_surveys", day)
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        self.assertFalse(Campaign._cron_send_pulse_surveys(day), "by hand: nothing left")

    def test_manual_run_invites_everyone_at_once(self):
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.cron_batch_size", 1)
        invitations = self.env["apartment.survey.campaign"]._cron_send_pulse_surveys(
            fields.Date.to_date("2026-01-31")
        )
        self.assertEqual(invitations.filtered(lambda i: i.campaign_id == self.move_in), invitations)
        self.assertEqual(invitations.lease_id, self.leases)

    def test_failing_campaign_is_skipped_and_does_not_keep_the_job_running(self):
        day = fields.Date.to_date("2026-01-31")
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.cron_batch_size", 1)
        template = self.env.ref("apartment_crm_survey.mail_template_survey_invitation")
        template.body_html = "<p t-out='object.no_such_field'/>"
        with mute_logger("odoo.addons.apartment_crm_survey.models.apartment_survey_campaign"):
            progress = self._scheduler_call(CRON, "_cron_send_pulse_surveys", day)
        self.assertFalse(self.move_in.invitation_ids, "the campaign's batch rolled back")
        self.assertEqual((progress.done, progress.remaining), (0, 0))


@tagged("post_install", "-at_install")
class TestPulseSurveyConcurrency(TransactionCase):
    """Two runs invite the same lease: the second one's batch hits the invitation key, is
    skipped with a log naming the leases, and the job is called again in a few minutes.

    The campaign is committed (the second connection must see it), then removed."""

    # Long on purpose: one scenario over two connections, sharing fixtures and cleanup.
    def test_same_invitation_from_a_concurrent_run_is_skipped(self):
        dbname = self.env.cr.dbname
        lease = self.env["apartment.lease"].search(
            [("state", "=", "active"), ("date_end", ">", "2000-01-01")], order="id", limit=1
        )
        if not lease:
            self.skipTest("needs a committed active lease")
        day = lease.date_start + timedelta(days=30)
        if lease.date_end < day:
            self.skipTest("needs a committed lease of more than 30 days")
        ids = {}
        with db_connect(dbname).cursor() as setup_cr:
            env = self.env(cr=setup_cr)
            campaign = env["apartment.survey.campaign"].create(
                {
                    "name": "Racing pulse",
                    "kind": "pulse_move_in",
                    "survey_id": env.ref("apartment_crm_survey.survey_tenant_pulse").id,
                    "company_id": lease.company_id.id,
                    "property_ids": [(6, 0, lease.property_id.ids)],
                    "date_start": day,
                    "date_end": False,
                    "pulse_offset_days": 30,
                }
            )
            campaign.action_start()
            ids["campaign"] = campaign.id
        try:
            with db_connect(dbname).cursor() as cr1, db_connect(dbname).cursor() as cr2:
                env2 = self.env(cr=cr2)
                cron = env2.ref(CRON)
                cron, progress = cron.with_context(cron_id=cron.id)._add_progress()
                env2 = env2(context={"cron_id": cron.id, "ir_cron_progress_id": progress.id})
                Trigger = env2["ir.cron.trigger"].sudo()
                triggers = Trigger.search_count([("cron_id", "=", cron.id)])
                # cr2's snapshot is taken; another run invites the lease and commits.
                env1 = self.env(cr=cr1)
                first = env1["apartment.survey.invitation"]._create_for_leases(
                    env1["apartment.survey.campaign"].browse(ids["campaign"]),
                    env1["apartment.lease"].browse(lease.id),
                )
                self.assertEqual(len(first), 1)
                ids["answer"] = first.user_input_id.id
                cr1.commit()
                with self.assertLogs(CRON_LOGGER, "WARNING") as logs, mute_logger("odoo.sql_db"):
                    invitations = env2["apartment.survey.campaign"]._cron_send_pulse_surveys(day)
                self.assertFalse(invitations.filtered(lambda i: i.lease_id == lease))
                log = "\n".join(logs.output)
                self.assertIn(f"Pulse survey campaign {ids['campaign']}", log)
                self.assertIn(str(lease.id), log)
                self.assertEqual(progress.done, len(invitations))
                self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1)
                cr2.execute("SELECT 1")  # the transaction goes on
                cr2.rollback()
        finally:
            with db_connect(dbname).cursor() as cleanup_cr:
                cleanup_cr.execute(
                    SQL(
                        "DELETE FROM mail_message WHERE model = %s AND res_id = %s",
                        "apartment.survey.campaign",
                        ids["campaign"],
                    )
                )
                cleanup_cr.execute(
                    SQL("DELETE FROM apartment_survey_campaign WHERE id = %s", ids["campaign"])
                )
                if ids.get("answer"):
                    cleanup_cr.execute(
                        SQL("DELETE FROM survey_user_input WHERE id = %s", ids["answer"])
                    )
