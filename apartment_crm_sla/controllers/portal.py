# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hmac

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.apartment_crm.controllers.portal import ApartmentPortal


class PortalSlaRating(http.Controller):
    """Satisfaction rating of a closed ticket: from the tokenized link sent at closing (no login
    needed, single use) or from the tenant's portal ticket page."""

    def _get_rating_values(self, post):
        try:
            value = int(post.get("rating") or 0)
        except ValueError:
            value = 0
        return value, (post.get("comment") or "").strip()[:2000]

    def _check_token(self, ticket_id, token):
        ticket = request.env["helpdesk.ticket"].sudo().browse(ticket_id).exists()
        stored = ticket.rating_token if ticket else False
        if not stored or not token or not hmac.compare_digest(stored, token):
            raise NotFound()
        user = request.env.user
        # A signed-in tenant can only rate their own ticket, even with someone else's link.
        if (
            not user._is_public()
            and user.share
            and user.commercial_partner_id != ticket.commercial_partner_id
        ):
            raise Forbidden()
        return ticket

    # The secret single-use token in the URL authenticates the request, so the form carries
    # no CSRF token (the link is opened from an e-mail, often without a session).
    @http.route(
        "/helpdesk/rate/<int:ticket_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        website=True,
    )
    def rate_with_token(self, ticket_id, token, **post):
        ticket = self._check_token(ticket_id, token)
        values = {"ticket": ticket, "token": token, "error": False}
        if request.httprequest.method == "POST":
            value, comment = self._get_rating_values(post)
            if not 1 <= value <= 5:
                values["error"] = True
                return request.render("apartment_crm_sla.portal_sla_rating_page", values)
            ticket._sla_rate(value, comment)
            return request.render("apartment_crm_sla.portal_sla_rating_thanks", values)
        return request.render("apartment_crm_sla.portal_sla_rating_page", values)

    @http.route("/my/ticket/<int:ticket_id>/rate", type="http", auth="user", methods=["POST"])
    def rate_from_portal(self, ticket_id, **post):
        ticket = request.env["helpdesk.ticket"].browse(ticket_id)
        try:
            ticket.check_access("read")
        except (AccessError, MissingError) as error:
            raise Forbidden() from error
        ticket = ticket.sudo()
        value, comment = self._get_rating_values(post)
        if not ticket.resolved_date or ticket.rating_value:
            raise Forbidden()
        if not 1 <= value <= 5:
            # The page shows its own message for this code (never a text from the URL).
            return request.redirect(f"/my/ticket/{ticket.id}?rating_error=range")
        ticket._sla_rate(value, comment)
        return request.redirect(f"/my/ticket/{ticket.id}")


class ApartmentSlaHomePortal(ApartmentPortal):
    """The tenant home's tickets card: the open tickets with their SLA clock, New ticket."""

    def _prepare_tenant_home_values(self, partner, lease_sudo):
        values = super()._prepare_tenant_home_values(partner, lease_sudo)
        Ticket = request.env["helpdesk.ticket"]
        values["home_tickets"] = (
            Ticket.search(
                [
                    ("partner_id", "in", partner._get_commercial_family_query()),
                    ("stage_id.closed", "=", False),
                ],
                order="create_date desc, id desc",
                limit=3,
            ).sudo()
            if Ticket.has_access("read")
            else Ticket
        )
        return values
