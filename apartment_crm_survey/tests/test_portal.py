# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyPortal(SurveyCommon, HttpCase):
    """The portal lists a tenant's own invitations; a tenant answers only their own, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.write({"date_start": "2020-01-01", "date_end": False})
        cls.campaign.action_start()
        cls.inv_1 = cls.campaign.invitation_ids.filtered(lambda i: i.partner_id == cls.tenant)
        cls.inv_3 = cls.campaign.invitation_ids.filtered(lambda i: i.partner_id == cls.tenant_3)
        for partner, login in ((cls.tenant, "zhang_survey"), (cls.tenant_3, "lina_survey")):
            mail_new_test_user(
                cls.env,
                login=login,
                password=f"{login}_pw",
                partner_id=partner.id,
                groups="base.group_portal",
            )

    def _json(self, url, params=None):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params or {}}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()["result"]

    def _submit(self, invitation, scores):
        answer = invitation.user_input_id
        survey = invitation.survey_id
        base = f"{survey.access_token}/{answer.access_token}"
        self._json(f"/survey/begin/{base}")
        params = {
            str(question.id): str(score)
            for question, score in zip(self.scale_questions, scores, strict=True)
        }
        return self._json(f"/survey/submit/{base}", params)

    def test_my_surveys_lists_only_own(self):
        self.authenticate("zhang_survey", "zhang_survey_pw")
        response = self.url_open("/my/surveys")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'data-invitation-id="{self.inv_1.id}"', response.text)
        self.assertNotIn(f'data-invitation-id="{self.inv_3.id}"', response.text)
        home = self.url_open("/my")
        self.assertIn("/my/surveys", home.text)

    def test_foreign_invitation_404(self):
        self.authenticate("zhang_survey", "zhang_survey_pw")
        response = self.url_open(f"/my/surveys/{self.inv_3.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        response = self.url_open("/my/surveys/999999999", allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        own = self.url_open(f"/my/surveys/{self.inv_1.id}", allow_redirects=False)
        self.assertEqual(own.status_code, 303)
        self.assertIn(self.inv_1.user_input_id.access_token, own.headers["Location"])

    def test_answer_own_invitation_once(self):
        self.authenticate("zhang_survey", "zhang_survey_pw")
        result = self._submit(self.inv_1, [5, 4, 5, 4, 5])
        self.assertNotIn("error", result[1])
        self.inv_1.invalidate_recordset()
        self.assertTrue(self.inv_1.answered)
        self.assertAlmostEqual(self.inv_1.score_average, 4.6)
        # A second submission is refused and changes nothing.
        again = self._json(
            f"/survey/submit/{self.survey.access_token}/{self.inv_1.user_input_id.access_token}",
            {str(self.scale_questions[0].id): "1"},
        )
        self.assertEqual(again[1]["error"], "unauthorized")
        self.inv_1.invalidate_recordset()
        self.assertAlmostEqual(self.inv_1.score_average, 4.6)
        self.assertFalse(self.inv_1.low_score)

    def test_cannot_answer_someone_elses_invitation(self):
        self.authenticate("zhang_survey", "zhang_survey_pw")
        base = f"{self.survey.access_token}/{self.inv_3.user_input_id.access_token}"
        result = self._json(f"/survey/submit/{base}", {str(self.scale_questions[0].id): "1"})
        self.assertEqual(result[1]["error"], "answer_wrong_user")
        self.inv_3.invalidate_recordset()
        self.assertFalse(self.inv_3.answered)
        self.assertFalse(self.inv_3.user_input_id.user_input_line_ids)

    def test_no_token_no_answer(self):
        result = self._json(f"/survey/submit/{self.survey.access_token}/not-a-token", {})
        self.assertEqual(result[1]["error"], "token_wrong")

    def test_portal_page_narrow_screen(self):
        """Mobile layout: the list stacks (flex-column below sm) and the button spans."""
        self.authenticate("zhang_survey", "zhang_survey_pw")
        page = self.url_open("/my/surveys").text
        self.assertIn("flex-column flex-sm-row", page)
        self.assertIn("btn btn-primary btn-sm w-100", page)


@tagged("post_install", "-at_install")
class TestSurveyPortalTour(SurveyCommon, HttpCase):
    """The whole flow in a browser on a phone-sized screen."""

    browser_size = "375x667"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.write({"date_start": "2020-01-01", "date_end": False})
        cls.campaign.action_start()
        mail_new_test_user(
            cls.env,
            login="zhang_tour",
            password="zhang_tour_pw",
            partner_id=cls.tenant.id,
            groups="base.group_portal",
        )

    def test_answer_on_a_phone(self):
        self.start_tour("/my", "apartment_crm_survey_portal", login="zhang_tour")
        invitation = self._invitation(self.tenant)
        self.assertTrue(invitation.answered)
        self.assertAlmostEqual(invitation.score_average, 4.0)
