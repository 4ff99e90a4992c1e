# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    survey_invitation_ids = fields.One2many(
        "apartment.survey.invitation", "partner_id", string="Survey Invitations"
    )
    survey_last_invitation_id = fields.Many2one(
        "apartment.survey.invitation",
        compute="_compute_survey_last",
        string="Latest Survey Answer",
    )
    survey_last_score = fields.Float(
        compute="_compute_survey_last",
        digits=(16, 2),
        string="Latest Survey Score",
        help="Average of the tenant's latest answered survey (1-5 scales).",
    )
    survey_last_date = fields.Datetime(compute="_compute_survey_last", string="Latest Survey On")

    def _compute_survey_last(self):
        Invitation = self.env["apartment.survey.invitation"]
        rows = Invitation._read_group(
            [("partner_id", "in", self.ids), ("answered", "=", True)],
            ["partner_id"],
            ["id:max"],
        )
        latest = Invitation.browse(last_id for __, last_id in rows)
        by_partner = {invitation.partner_id.id: invitation for invitation in latest}
        for partner in self:
            invitation = by_partner.get(partner.id, Invitation)
            partner.survey_last_invitation_id = invitation
            partner.survey_last_score = invitation.score_average
            partner.survey_last_date = invitation.answer_date

    def action_view_survey_invitations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm_survey.apartment_survey_invitation_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"search_default_filter_answered": 1}
        return action
