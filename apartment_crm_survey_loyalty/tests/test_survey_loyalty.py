# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.apartment_crm_survey.tests.common import SurveyCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 08:00:00")
class TestSurveyLoyalty(SurveyCommon):
    """Answering a campaign's survey earns the 'survey answered' points, once per campaign."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls.env.ref("apartment_crm_loyalty.loyalty_rule_survey_answered")
        cls.rule.write({"active": True, "points": 30, "points_mode": "fixed"})
        cls.campaign.action_start()

    def _entries(self, partner):
        return self.env["apartment.loyalty.entry"].search(
            [("partner_id", "=", partner.id), ("rule_id", "=", self.rule.id)]
        )

    def test_points_once_per_campaign(self):
        invitation = self._invitation(self.tenant)
        self._answer(invitation, [5, 5, 5, 5, 5])
        entries = self._entries(self.tenant)
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.points, 30)
        self.assertEqual(entries.res_model, "apartment.survey.invitation")
        self.assertEqual(entries.res_id, invitation.id)
        # The hook running again (a second completion, a retry) awards nothing more.
        invitation._on_answered()
        self.assertEqual(self._entries(self.tenant), entries)
        self.assertFalse(self._entries(self.tenant_3), "no answer, no points")

    def test_next_campaign_earns_again(self):
        self._answer(self._invitation(self.tenant), [4, 4, 4, 4, 4])
        later = self._create_campaign(name="H2")
        later.action_start()
        self._answer(self._invitation(self.tenant, later), [4, 4, 4, 4, 4])
        self.assertEqual(len(self._entries(self.tenant)), 2)

    def test_inactive_rule_no_points(self):
        self.rule.active = False
        self._answer(self._invitation(self.tenant), [4, 4, 4, 4, 4])
        self.assertFalse(self._entries(self.tenant))
