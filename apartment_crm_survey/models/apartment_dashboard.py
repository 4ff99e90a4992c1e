# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ApartmentDashboard(models.AbstractModel):
    _inherit = "apartment.dashboard"

    @api.model
    def _get_dashboard_sections(self):
        sections = super()._get_dashboard_sections()
        if self.env["apartment.survey.invitation"].has_access("read"):
            sections.append(self._get_dashboard_section_voice())
        return sections

    # Long on purpose: a declarative list of figures, one per block.
    @api.model
    def _get_dashboard_section_voice(self):
        """Satisfaction of the last 6 months and the response rate of the running campaigns."""
        Invitation = self.env["apartment.survey.invitation"]
        since = fields.Datetime.now() - relativedelta(months=6)
        answered_domain = [
            ("answered", "=", True),
            ("campaign_id.kind", "=", "satisfaction"),
            ("answer_date", ">=", since),
        ]
        [(count, average)] = Invitation._read_group(
            answered_domain, [], ["__count", "score_average:avg"]
        )
        running_domain = [("campaign_id.state", "=", "running")]
        counts = dict(Invitation._read_group(running_domain, ["answered"], ["__count"]))
        invited = sum(counts.values())
        rate = 100.0 * counts.get(True, 0) / invited if invited else 0.0
        low_domain = [*answered_domain, ("low_score", "=", True)]
        low = Invitation.search_count(low_domain)
        return {
            "key": "voice",
            "title": self.env._("Tenant Voice"),
            "figures": [
                self._figure(
                    "satisfaction_score",
                    self.env._("Satisfaction (6 months)"),
                    f"{average:.2f} / 5" if count else "-",
                    self._action(
                        "apartment_crm_survey.apartment_survey_invitation_action",
                        answered_domain,
                        name=self.env._("Satisfaction answers of the last 6 months"),
                    ),
                    tone="neutral"
                    if not count
                    else ("good" if average >= 4 else ("warning" if average >= 3 else "danger")),
                    hint=self.env._("%(count)s answers", count=count),
                ),
                self._figure(
                    "survey_response_rate",
                    self.env._("Survey response rate"),
                    f"{rate:.1f} %",
                    self._action(
                        "apartment_crm_survey.apartment_survey_invitation_action",
                        running_domain,
                        name=self.env._("Invitations of the running campaigns"),
                    ),
                    hint=self.env._(
                        "%(answered)s of %(invited)s invited tenants",
                        answered=counts.get(True, 0),
                        invited=invited,
                    ),
                ),
                self._figure(
                    "survey_low_scores",
                    self.env._("Low survey scores (6 months)"),
                    str(low),
                    self._action(
                        "apartment_crm_survey.apartment_survey_invitation_action",
                        low_domain,
                        name=self.env._("Low survey scores"),
                    ),
                    tone="danger" if low else "good",
                ),
            ],
        }
