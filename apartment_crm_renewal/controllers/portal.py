# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from functools import partial

from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import consteq, format_amount, format_date

from odoo.addons.apartment_crm.controllers.portal import ApartmentPortal


class ApartmentRenewalPortal(ApartmentPortal):
    """Tenant portal: see the renewal offer, accept an option or decline with a reason."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "renewal_count" in counters:
            Renewal = request.env["apartment.lease.renewal"]
            values["renewal_count"] = (
                Renewal.search_count(self._get_portal_renewals_domain())
                if Renewal.has_access("read")
                else 0
            )
        return values

    def _prepare_tenant_home_values(self, partner, lease_sudo):
        """The home's renewal card: the offer waiting for the tenant's answer."""
        values = super()._prepare_tenant_home_values(partner, lease_sudo)
        values["home_renewal"] = (
            request.env["apartment.lease.renewal"]
            .search(
                [*self._get_portal_renewals_domain(), ("state", "=", "offered")],
                order="offer_deadline, id",
                limit=1,
            )
            .sudo()
        )
        return values

    def _get_portal_renewals_domain(self):
        partner = request.env.user.partner_id
        return [
            ("partner_id", "in", partner._get_commercial_family_query()),
            ("state", "!=", "draft"),
        ]

    def _prepare_lease_portal_values(self, lease_sudo):
        values = super()._prepare_lease_portal_values(lease_sudo)
        renewal = lease_sudo.renewal_ids.filtered(lambda r: r.state != "draft")[:1]
        values["lease_renewal"] = renewal
        return values

    @http.route(["/my/renewals"], type="http", auth="user", website=True)
    def portal_my_renewals(self, **kw):
        renewals = request.env["apartment.lease.renewal"].search(
            self._get_portal_renewals_domain(), order="offer_date desc, id desc"
        )
        values = self._prepare_portal_layout_values()
        values.update({"renewals": renewals, "page_name": "renewal"})
        return request.render("apartment_crm_renewal.portal_my_renewals", values)

    def _get_renewal_sudo(self, renewal_id, access_token):
        renewal_sudo = self._document_check_access(
            "apartment.lease.renewal", renewal_id, access_token
        )
        if renewal_sudo.state == "draft":
            # Not offered yet: the tenant must not see the staff's work in progress.
            raise MissingError(request.env._("This offer does not exist."))
        return renewal_sudo

    @http.route(["/my/renewals/<int:renewal_id>"], type="http", auth="public", website=True)
    def portal_my_renewal(self, renewal_id, access_token=None, message=None, error=None, **kw):
        try:
            renewal_sudo = self._get_renewal_sudo(renewal_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            renewal_sudo,
            access_token,
            {
                "renewal": renewal_sudo,
                "page_name": "renewal",
                "decline_reasons": request.env["apartment.renewal.decline.reason"]
                .sudo()
                .search([]),
                "message": message,
                "error": self._portal_pop_error(error),
            },
            "my_renewals_history",
            False,
            **kw,
        )
        return request.render("apartment_crm_renewal.portal_my_renewal", values)

    @staticmethod
    def _renewal_date(value):
        return format_date(request.env, value) if value else "-"

    @staticmethod
    def _renewal_own_token(renewal_sudo, access_token):
        """The request's token when it is the offer's own (never a text the request made up)."""
        if (
            access_token
            and renewal_sudo.access_token
            and consteq(str(access_token), renewal_sudo.access_token)
        ):
            return access_token
        return None

    def _renewal_url(self, renewal_sudo, access_token):
        token = self._renewal_own_token(renewal_sudo, access_token)
        if token:
            return f"/my/renewals/{renewal_sudo.id}?{url_encode({'access_token': token})}"
        return f"/my/renewals/{renewal_sudo.id}"

    def _renewal_redirect(self, renewal_sudo, access_token, **params):
        if params.get("error"):
            params["error"] = self._portal_error_ref(params["error"])
        query = {key: value for key, value in params.items() if value}
        # Only the offer's own token goes back in the URL (never a text the request made up).
        if (
            access_token
            and renewal_sudo.access_token
            and consteq(str(access_token), renewal_sudo.access_token)
        ):
            query["access_token"] = access_token
        return request.redirect(f"/my/renewals/{renewal_sudo.id}?{url_encode(query)}")

    def _renewal_already_answered(self, renewal_sudo, access_token):
        """The friendly answer to a second submit (double click, two devices, or the replay of
        the loser of two concurrent answers): the page shows the offer's outcome."""
        return self._renewal_redirect(
            renewal_sudo,
            access_token,
            error=request.env._(
                "This offer was already answered (%(state)s): nothing was changed.",
                state=renewal_sudo._get_state_label(),
            ),
        )

    @http.route(
        ["/my/renewals/<int:renewal_id>/accept"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_renewal_accept(self, renewal_id, option_id=None, access_token=None, **kw):
        try:
            renewal_sudo = self._get_renewal_sudo(renewal_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if renewal_sudo.state != "offered":
            return self._renewal_already_answered(renewal_sudo, access_token)
        option_sudo = renewal_sudo.option_ids.filtered(lambda o: str(o.id) == str(option_id))
        if not option_sudo:
            return self._renewal_redirect(
                renewal_sudo, access_token, error=request.env._("Choose one of the options.")
            )
        if not kw.get("confirmed"):
            return self._portal_confirm_page(
                request.env._("Accept %(option)s?", option=option_sudo.label),
                request.env._(
                    "Your lease is renewed from %(start)s to %(end)s at %(rent)s a month. "
                    "Your answer is final.",
                    start=self._renewal_date(option_sudo.date_start),
                    end=self._renewal_date(option_sudo.date_end),
                    rent=format_amount(
                        request.env, option_sudo.rent_amount, option_sudo.currency_id
                    ),
                ),
                f"/my/renewals/{renewal_sudo.id}/accept",
                {
                    "option_id": option_sudo.id,
                    "access_token": self._renewal_own_token(renewal_sudo, access_token),
                },
                request.env._("Yes, accept"),
                self._renewal_url(renewal_sudo, access_token),
            )

        def accept():
            renewal_sudo._accept_option(option_sudo)
            renewal_sudo.message_post(
                body=request.env._(
                    "The tenant accepted %(option)s in the portal.", option=option_sudo.label
                ),
                author_id=request.env.user.partner_id.id
                if not request.env.user._is_public()
                else False,
            )

        return self._portal_run(
            accept, partial(self._renewal_redirect, renewal_sudo, access_token), "accepted"
        )

    @http.route(
        ["/my/renewals/<int:renewal_id>/decline"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_renewal_decline(
        self, renewal_id, reason_id=None, note=None, access_token=None, **kw
    ):
        try:
            renewal_sudo = self._get_renewal_sudo(renewal_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if renewal_sudo.state != "offered":
            return self._renewal_already_answered(renewal_sudo, access_token)
        reason = (
            request.env["apartment.renewal.decline.reason"].sudo().browse(int(reason_id)).exists()
            if reason_id and str(reason_id).isdigit()
            else None
        )
        if not reason:
            return self._renewal_redirect(
                renewal_sudo,
                access_token,
                error=request.env._("Tell us why, please: choose a reason."),
            )
        if not kw.get("confirmed"):
            return self._portal_confirm_page(
                request.env._("Decline the renewal offer?"),
                request.env._(
                    "Your lease ends on %(end)s and you move out then (reason: %(reason)s). "
                    "Your answer is final.",
                    end=self._renewal_date(renewal_sudo.lease_date_end),
                    reason=reason.name,
                ),
                f"/my/renewals/{renewal_sudo.id}/decline",
                {
                    "reason_id": reason.id,
                    "note": note,
                    "access_token": self._renewal_own_token(renewal_sudo, access_token),
                },
                request.env._("Yes, decline"),
                self._renewal_url(renewal_sudo, access_token),
            )
        return self._portal_run(
            lambda: renewal_sudo.action_decline(reason, note),
            partial(self._renewal_redirect, renewal_sudo, access_token),
            "declined",
        )
