# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class ApartmentSurveyResultReport(models.Model):
    """Survey results: one row per invitation and scale question of its survey.

    Averaged, the measures give per building / question / campaign the response rate (share
    of invited tenants who answered), the average score and the NPS-style shares of promoters
    (top of the scale) and detractors (two points or more below the top: 1-3 on a 1-5
    scale); grouped by campaign date they show the trend across campaigns.
    """

    _name = "apartment.survey.result.report"
    _description = "Tenant Survey Results"
    _auto = False
    _order = "campaign_date desc, id"
    _rec_name = "question_id"

    invitation_id = fields.Many2one("apartment.survey.invitation", readonly=True)
    campaign_id = fields.Many2one("apartment.survey.campaign", readonly=True)
    campaign_kind = fields.Selection(
        [
            ("satisfaction", "Satisfaction survey"),
            ("needs", "Needs survey"),
            ("pulse_move_in", "Pulse after move-in"),
            ("pulse_renewal", "Pulse before renewal"),
        ],
        readonly=True,
    )
    campaign_date = fields.Date(readonly=True)
    property_id = fields.Many2one("apartment.property", string="Building", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Tenant", readonly=True)
    tier_id = fields.Many2one("apartment.tenant.tier", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    question_id = fields.Many2one("survey.question", readonly=True)
    answered = fields.Boolean(readonly=True)
    score = fields.Float(readonly=True, aggregator="avg", digits=(16, 2))
    response_rate = fields.Float(string="Response %", readonly=True, aggregator="avg")
    promoter_rate = fields.Float(string="Promoters %", readonly=True, aggregator="avg")
    detractor_rate = fields.Float(string="Detractors %", readonly=True, aggregator="avg")

    def _query(self):
        return SQL(
            """
            SELECT row_number() OVER (ORDER BY inv.id, q.id) AS id,
                   inv.id AS invitation_id,
                   inv.campaign_id AS campaign_id,
                   c.kind AS campaign_kind,
                   c.date_start AS campaign_date,
                   inv.property_id AS property_id,
                   inv.partner_id AS partner_id,
                   p.tenant_tier_id AS tier_id,
                   inv.company_id AS company_id,
                   q.id AS question_id,
                   line.value_scale IS NOT NULL AS answered,
                   line.value_scale AS score,
                   CASE WHEN line.value_scale IS NULL THEN 0.0 ELSE 100.0 END AS response_rate,
                   CASE WHEN line.value_scale IS NULL THEN NULL
                        WHEN line.value_scale >= q.scale_max THEN 100.0 ELSE 0.0
                   END AS promoter_rate,
                   CASE WHEN line.value_scale IS NULL THEN NULL
                        WHEN line.value_scale <= q.scale_max - 2 THEN 100.0 ELSE 0.0
                   END AS detractor_rate
              FROM apartment_survey_invitation inv
              JOIN apartment_survey_campaign c ON c.id = inv.campaign_id
              JOIN res_partner p ON p.id = inv.partner_id
              JOIN survey_question q
                ON q.survey_id = c.survey_id AND q.question_type = 'scale'
               AND NOT COALESCE(q.is_page, FALSE)
         LEFT JOIN survey_user_input ui ON ui.id = inv.user_input_id AND ui.state = 'done'
         LEFT JOIN LATERAL (
                    SELECT l.value_scale
                      FROM survey_user_input_line l
                     WHERE l.user_input_id = ui.id AND l.question_id = q.id
                       AND l.answer_type = 'scale' AND NOT COALESCE(l.skipped, FALSE)
                     LIMIT 1
                   ) line ON TRUE
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
