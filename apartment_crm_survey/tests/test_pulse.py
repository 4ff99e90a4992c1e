# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SurveyCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 08:00:00")
class TestPulseSurveys(SurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pulse = cls.env.ref("apartment_crm_survey.survey_tenant_pulse")
        # All three leases started on 2026-01-01: day 30 is 2026-01-31.
        cls.move_in = cls._create_campaign(
            name="Pulse after move-in",
            kind="pulse_move_in",
            survey_id=cls.pulse.id,
            property_ids=[(6, 0, (cls.property | cls.property_2).ids)],
            date_start="2026-01-15",
            date_end=False,
            pulse_offset_days=30,
        )
        cls.move_in.action_start()
        cls.Campaign = cls.env["apartment.survey.campaign"]

    def test_start_sends_nothing_and_no_manual_send(self):
        self.assertFalse(self.move_in.invitation_ids)
        with self.assertRaisesRegex(UserError, "daily job"):
            self.move_in.action_send_invitations()

    def test_day_30_once_per_lease(self):
        self.assertFalse(self.Campaign._cron_send_pulse_surveys(date(2026, 1, 30)))
        invitations = self.Campaign._cron_send_pulse_surveys(date(2026, 1, 31))
        self.assertEqual(invitations.lease_id, self.lease | self.lease_2 | self.lease_3)
        self.assertFalse(self.Campaign._cron_send_pulse_surveys(date(2026, 2, 1)), "once")
        self.assertFalse(self.Campaign._cron_send_pulse_surveys(date(2026, 3, 1)), "once")

    def test_catch_up_after_missed_days_but_not_before_campaign(self):
        late = self._create_campaign(
            name="Late pulse",
            kind="pulse_move_in",
            survey_id=self.pulse.id,
            property_ids=[(6, 0, (self.property | self.property_2).ids)],
            date_start="2026-02-15",
            date_end=False,
        )
        late.action_start()
        invitations = self.Campaign._cron_send_pulse_surveys(date(2026, 3, 1))
        self.assertFalse(
            invitations.filtered(lambda i: i.campaign_id == late),
            "move-ins whose day 30 came before the campaign started are not surveyed",
        )
        self.assertEqual(
            invitations.filtered(lambda i: i.campaign_id == self.move_in).lease_id,
            self.lease | self.lease_2 | self.lease_3,
            "a run missed on day 30 catches up",
        )

    def test_renewal_pulse_before_window(self):
        renewal = self._create_campaign(
            name="Pulse before renewal",
            kind="pulse_renewal",
            survey_id=self.pulse.id,
            property_ids=[(6, 0, self.property.ids)],
            date_start="2026-01-01",
            date_end=False,
            pulse_offset_days=14,
        )
        renewal.action_start()
        # Leases end on 2026-12-31; without a tier the renewal window opens 60 days before
        # (2026-11-01); the pulse comes 14 days earlier, on 2026-10-18.
        self.assertFalse(
            self.Campaign._cron_send_pulse_surveys(date(2026, 10, 17)).filtered(
                lambda i: i.campaign_id == renewal
            )
        )
        invitations = self.Campaign._cron_send_pulse_surveys(date(2026, 10, 18)).filtered(
            lambda i: i.campaign_id == renewal
        )
        self.assertEqual(invitations.lease_id, self.lease | self.lease_3)
        self.assertFalse(
            self.Campaign._cron_send_pulse_surveys(date(2026, 10, 19)).filtered(
                lambda i: i.campaign_id == renewal
            )
        )

    def test_closed_pulse_campaign_stops(self):
        self.move_in.action_close()
        self.assertFalse(self.Campaign._cron_send_pulse_surveys(date(2026, 1, 31)))
