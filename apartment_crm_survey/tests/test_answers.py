# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import SurveyCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 08:00:00")
class TestSurveyAnswers(SurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.action_start()
        cls.inv_1 = cls.campaign.invitation_ids.filtered(lambda i: i.partner_id == cls.tenant)
        cls.inv_3 = cls.campaign.invitation_ids.filtered(lambda i: i.partner_id == cls.tenant_3)

    def test_answer_maps_to_tenant_campaign_building(self):
        self._answer(self.inv_1, [5, 4, 5, 4, 5], comment="Great housekeeper")
        self.assertTrue(self.inv_1.answered)
        self.assertFalse(self.inv_3.answered)
        self.assertEqual(self.inv_1.user_input_id.partner_id, self.tenant)
        self.assertEqual(self.inv_1.campaign_id, self.campaign)
        self.assertEqual(self.inv_1.property_id, self.property)
        self.assertEqual(self.inv_1.lease_id, self.lease)
        self.assertAlmostEqual(self.inv_1.score_average, 4.6)
        self.assertEqual(self.inv_1.score_min, 4)
        self.assertFalse(self.inv_1.low_score)
        self.assertEqual(self.campaign.answered_count, 1)
        self.assertEqual(self.campaign.response_rate, 50.0)
        # The tenant form shows the latest scores.
        self.assertEqual(self.tenant.survey_last_invitation_id, self.inv_1)
        self.assertAlmostEqual(self.tenant.survey_last_score, 4.6)
        self.assertFalse(self.tenant_3.survey_last_invitation_id)

    def test_latest_score_follows_newest_campaign(self):
        self._answer(self.inv_1, [5, 5, 5, 5, 5])
        later = self._create_campaign(name="Satisfaction H2 2026")
        later.action_start()
        self._answer(self._invitation(self.tenant, later), [3, 3, 3, 3, 3])
        self.tenant.invalidate_recordset()
        self.assertAlmostEqual(self.tenant.survey_last_score, 3.0)

    def test_low_score_activity_and_churn_signal(self):
        Activity = self.env["mail.activity"]
        before = Activity.search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.tenant.id)]
        )
        self._answer(self.inv_1, [4, 1, 4, 4, 4])
        self.assertTrue(self.inv_1.low_score)
        activity = (
            Activity.search([("res_model", "=", "res.partner"), ("res_id", "=", self.tenant.id)])
            - before
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_housekeeper)
        self.assertIn("Low survey score", activity.summary)
        self.assertIn(self.scale_questions[1].title, str(activity.note))
        signal = self.env.ref("apartment_crm_survey.churn_signal_low_survey_score")
        values = signal._get_churn_signal_low_survey_score(
            self.tenant | self.tenant_3, date(2026, 3, 2)
        )
        self.assertEqual(values.get(self.tenant.id), 1)
        self.assertFalse(values.get(self.tenant_3.id))
        # Out of the window: no signal.
        self.assertFalse(
            signal._get_churn_signal_low_survey_score(self.tenant, date(2026, 12, 1)).get(
                self.tenant.id
            )
        )
        self.env["apartment.churn.signal"]._evaluate_partners(self.tenant, date(2026, 3, 2))
        self.assertIn(signal.name, self.tenant.churn_reasons)

    def test_threshold_configurable(self):
        self.campaign.low_score_threshold = 3
        self._answer(self.inv_1, [4, 3, 4, 4, 4])
        self.assertTrue(self.inv_1.low_score)

    def test_answering_clears_the_send_activity(self):
        activity = self.inv_3.activity_id
        self.assertTrue(activity)
        self._answer(self.inv_3, [4, 4, 4, 4, 4])
        self.assertFalse(activity.exists())

    def test_result_report_per_building_and_question(self):
        unit = self.env["apartment.unit"].create(
            {"name": "104", "property_id": self.property.id, "list_rent": 3000}
        )
        extra = self.env["res.partner"].create({"name": "Wu Fan", "email": "wu@example.com"})
        self._create_lease(partner_id=extra.id, unit_id=unit.id).action_activate()
        self.campaign.action_send_invitations()
        self._answer(self.inv_1, [5, 5, 5, 5, 5])
        self._answer(self.inv_3, [2, 3, 4, 5, 1])
        self.env.flush_all()
        Report = self.env["apartment.survey.result.report"]
        rows = Report._read_group(
            [("campaign_id", "=", self.campaign.id)],
            ["property_id", "question_id"],
            [
                "__count",
                "response_rate:avg",
                "score:avg",
                "promoter_rate:avg",
                "detractor_rate:avg",
            ],
        )
        self.assertEqual(len(rows), 5, "one group per scale question of the building")
        by_question = {question: values for __, question, *values in rows}
        facilities = by_question[self.scale_questions[0]]
        count, response, score, promoters, detractors = facilities
        self.assertEqual(count, 3, "three invited tenants")
        self.assertAlmostEqual(response, 200 / 3)
        self.assertAlmostEqual(score, 3.5)
        self.assertAlmostEqual(promoters, 50.0)
        self.assertAlmostEqual(detractors, 50.0)
        security = by_question[self.scale_questions[2]]
        self.assertAlmostEqual(security[2], 4.5)
        self.assertAlmostEqual(security[3], 50.0)
        self.assertAlmostEqual(security[4], 0.0, msg="4 out of 5 is passive")

    def test_report_trend_across_campaigns(self):
        self._answer(self.inv_1, [4, 4, 4, 4, 4])
        later = self._create_campaign(name="H2", date_start="2026-09-01", date_end="2026-09-30")
        with freeze_time("2026-09-02"):
            later.action_start()
        self._answer(self._invitation(self.tenant, later), [5, 5, 5, 5, 5])
        self.env.flush_all()
        rows = self.env["apartment.survey.result.report"]._read_group(
            [("partner_id", "=", self.tenant.id), ("answered", "=", True)],
            ["campaign_date:month"],
            ["score:avg"],
        )
        self.assertEqual([score for __, score in rows], [4.0, 5.0])

    def test_dashboard_satisfaction_figure(self):
        self._answer(self.inv_1, [4, 4, 4, 4, 4])
        self._answer(self.inv_3, [2, 2, 2, 2, 2])
        sections = self.env["apartment.dashboard"]._get_dashboard_sections()
        voice = next(s for s in sections if s["key"] == "voice")
        figures = {f["key"]: f for f in voice["figures"]}
        self.assertEqual(figures["satisfaction_score"]["value"], "3.00 / 5")
        self.assertEqual(figures["survey_response_rate"]["value"], "100.0 %")
        self.assertEqual(figures["survey_low_scores"]["value"], "1")
        self.assertTrue(figures["satisfaction_score"]["action"])

    def test_housekeeper_reads_portal_does_not_see_others(self):
        self._answer(self.inv_1, [4, 4, 4, 4, 4])
        invitations = self.env["apartment.survey.invitation"].with_user(self.user_housekeeper)
        self.assertEqual(
            invitations.search([("campaign_id", "=", self.campaign.id)]), self.inv_1 | self.inv_3
        )
        portal = self._create_portal_user(self.tenant, "survey_portal_1")
        own = self.env["apartment.survey.invitation"].with_user(portal).search([])
        self.assertEqual(own, self.inv_1)
        self.assertFalse(
            self.env["apartment.survey.result.report"].with_user(portal).has_access("read")
        )
