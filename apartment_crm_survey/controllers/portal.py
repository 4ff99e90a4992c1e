# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.apartment_crm.controllers.portal import ApartmentPortal


class PortalSurveys(ApartmentPortal):
    """/my/surveys: the tenant's own survey invitations, with the link to answer each once.

    The search runs as the portal user (record rule: their own invitations only); the answer
    itself goes through Odoo's survey routes with the invitation's personal token, which refuse
    another logged-in user and a second submission."""

    def _get_my_survey_invitations_domain(self):
        partner = request.env.user.partner_id
        return [
            ("partner_id", "in", (partner | partner.commercial_partner_id).ids),
            ("campaign_id.state", "in", ("running", "closed")),
        ]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "tenant_survey_count" in counters:
            Invitation = request.env["apartment.survey.invitation"]
            values["tenant_survey_count"] = (
                Invitation.search_count(
                    [*self._get_my_survey_invitations_domain(), ("answered", "=", False)]
                )
                if Invitation.has_access("read")
                else 0
            )
        return values

    def _prepare_tenant_home_values(self, partner, lease_sudo):
        """The home's surveys card: the surveys waiting for the tenant's answer."""
        values = super()._prepare_tenant_home_values(partner, lease_sudo)
        Invitation = request.env["apartment.survey.invitation"]
        values["home_survey_invitations"] = (
            Invitation.search(
                [
                    *self._get_my_survey_invitations_domain(),
                    ("answered", "=", False),
                    ("campaign_id.state", "=", "running"),
                ],
                limit=3,
            ).sudo()
            if Invitation.has_access("read")
            else Invitation
        )
        return values

    @http.route("/my/surveys", type="http", auth="user", website=True)
    def portal_my_surveys(self, **kw):
        invitations = request.env["apartment.survey.invitation"].search(
            self._get_my_survey_invitations_domain()
        )
        values = self._prepare_portal_layout_values()
        values.update(page_name="tenant_surveys", invitations=invitations.sudo())
        return request.render("apartment_crm_survey.portal_my_surveys", values)

    @http.route("/my/surveys/<int:invitation_id>", type="http", auth="user", website=True)
    def portal_my_survey_answer(self, invitation_id, **kw):
        """Open the tenant's own survey (404 for anyone else's, or a closed campaign)."""
        invitation = request.env["apartment.survey.invitation"].search(
            [
                *self._get_my_survey_invitations_domain(),
                ("id", "=", invitation_id),
                ("campaign_id.state", "=", "running"),
            ]
        )
        if not invitation or not invitation.sudo().user_input_id:
            raise NotFound()
        return request.redirect(invitation.sudo().user_input_id.get_start_url())
