# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.apartment_crm.tests.common import ApartmentCommon


class SurveyCommon(ApartmentCommon):
    """Three tenants with active leases: two in Riverside (one prefers the phone), one in
    Garden; the default satisfaction survey; a draft campaign on Riverside."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tenant_3 = cls.env["res.partner"].create(
            {"name": "Li Na 李娜", "email": "li.na@example.com", "preferred_channel": "phone"}
        )
        cls.lease = cls._create_lease(user_id=cls.user_housekeeper.id)
        cls.lease_2 = cls._create_lease(partner_id=cls.tenant_2.id, unit_id=cls.unit_c.id)
        cls.lease_3 = cls._create_lease(
            partner_id=cls.tenant_3.id, unit_id=cls.unit_b.id, user_id=cls.user_housekeeper.id
        )
        (cls.lease | cls.lease_2 | cls.lease_3).action_activate()
        cls.survey = cls.env.ref("apartment_crm_survey.survey_tenant_satisfaction")
        cls.scale_questions = cls.survey.question_ids.filtered(lambda q: q.question_type == "scale")
        cls.campaign = cls._create_campaign()

    @classmethod
    def _create_campaign(cls, **vals):
        return cls.env["apartment.survey.campaign"].create(
            {
                "name": "Satisfaction H1 2026",
                "survey_id": cls.survey.id,
                "property_ids": [(6, 0, cls.property.ids)],
                "date_start": "2026-03-01",
                "date_end": "2026-03-31",
                **vals,
            }
        )

    def _invitation(self, partner, campaign=None):
        return (campaign or self.campaign).invitation_ids.filtered(
            lambda i: i.partner_id == partner
        )

    def _answer(self, invitation, scores, comment=None):
        """Complete the invitation's survey with ``scores`` (one per scale question)."""
        answer = invitation.user_input_id
        questions = invitation.survey_id.question_ids.filtered(lambda q: q.question_type == "scale")
        for question, score in zip(questions, scores, strict=True):
            answer._save_lines(question, str(score))
        if comment:
            text = invitation.survey_id.question_ids.filtered(
                lambda q: q.question_type == "text_box"
            )[:1]
            answer._save_lines(text, comment)
        answer._mark_done()
        return answer
