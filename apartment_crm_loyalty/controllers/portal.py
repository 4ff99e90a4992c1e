# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
import uuid

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import format_amount

from odoo.addons.apartment_crm.controllers.portal import ApartmentPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ApartmentLoyaltyPortal(ApartmentPortal):
    """Tenant portal: points balance, history, points expiring soon, and redemption."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "loyalty_balance" in counters:
            partner = request.env.user.partner_id.commercial_partner_id
            values["loyalty_balance"] = int(partner.sudo().loyalty_balance)
        return values

    # Points the home offers to redeem in one tap (those the tenant can afford).
    _HOME_REWARD_POINTS = (100, 200, 500, 1000, 2000, 5000)

    def _prepare_tenant_home_values(self, partner, lease_sudo):
        """The home's points card: the balance, what it is worth, and the rent credits the
        tenant can afford now (each one goes through the redeem confirm step)."""
        values = super()._prepare_tenant_home_values(partner, lease_sudo)
        tenant = partner.sudo()
        company = request.env.company
        currency = company.currency_id
        balance = tenant.loyalty_balance
        rewards = []
        if company.loyalty_portal_redeem and company.loyalty_point_value > 0:
            for points in self._HOME_REWARD_POINTS:
                credit = currency.round(points * company.loyalty_point_value)
                if points > balance or (
                    company.loyalty_credit_cap and credit > company.loyalty_credit_cap
                ):
                    break
                rewards.append({"points": points, "credit": credit})
        values.update(
            loyalty_tenant=tenant,
            loyalty_company=company,
            loyalty_rewards=rewards[-3:],
        )
        return values

    def _get_portal_loyalty_domain(self):
        # The portal record rule already limits entries to the tenant's own.
        partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "=", partner.id)]

    @http.route(
        ["/my/points", "/my/points/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_points(self, page=1, message=None, error=None, **kw):
        Entry = request.env["apartment.loyalty.entry"]
        partner = request.env.user.partner_id.commercial_partner_id
        domain = self._get_portal_loyalty_domain()
        pager = portal_pager(
            url="/my/points", total=Entry.search_count(domain), page=page, step=self._items_per_page
        )
        entries = Entry.search(
            domain, order="date desc, id desc", limit=self._items_per_page, offset=pager["offset"]
        )
        company = request.env.company
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "points",
                "pager": pager,
                "entries": entries,
                "tenant": partner.sudo(),
                "company": company,
                "can_redeem": company.loyalty_portal_redeem and partner.sudo().loyalty_balance > 0,
                "message": message,
                "error": self._portal_pop_error(error),
            }
        )
        return request.render("apartment_crm_loyalty.portal_my_points", values)

    @staticmethod
    def _parse_portal_points(text):
        """The number of points typed in the form ("1,000" and "1 000" are a thousand), or
        None when it is not a finite number."""
        text = str(text or "").strip().replace(",", "").replace(" ", "").replace("_", "")
        try:
            points = float(text)
        except ValueError:
            return None
        return points if math.isfinite(points) else None

    @http.route(["/my/points/redeem"], type="http", auth="user", methods=["POST"], website=True)
    def portal_redeem_points(self, points=None, confirmed=None, redeem_key=None, **kw):
        """Turn points into a rent credit on the tenant's next rent invoice (POST, CSRF): a
        first post shows the confirm step, the confirmed one redeems."""
        partner = request.env.user.partner_id.commercial_partner_id
        if not request.env.company.loyalty_portal_redeem:
            return request.redirect("/my/points")
        points = self._parse_portal_points(points)
        if points is None:
            error = request.env._("Enter the number of points to redeem as a number, e.g. 500.")
            return request.redirect(f"/my/points?error={self._portal_error_ref(error)}")
        try:
            wizard = (
                request.env["apartment.loyalty.redeem"]
                .sudo()
                .with_context(loyalty_portal_redeem=True)
                .create(
                    {
                        "partner_id": partner.id,
                        "points": points,
                        "redeem_type": "rent_credit",
                    }
                )
            )
        except (UserError, ValidationError) as error:
            request.env.cr.rollback()
            return request.redirect(f"/my/points?error={self._portal_error_ref(error.args[0])}")
        if not confirmed:
            return self._redeem_confirm_page(wizard)
        # One redemption per confirm page: a second post of the same page (double tap, back
        # and submit again) finds its key used and changes nothing.
        if not redeem_key or request.session.get(self._redeem_key_session) != redeem_key:
            return request.redirect("/my/points?message=already_redeemed")
        request.session.pop(self._redeem_key_session, None)
        try:
            # The wizard checks the balance (row lock), the cap and the invoice to credit.
            wizard._redeem()
        except (UserError, ValidationError) as error:
            request.env.cr.rollback()
            return request.redirect(f"/my/points?error={self._portal_error_ref(error.args[0])}")
        return request.redirect("/my/points?message=redeemed")

    _redeem_key_session = "apartment_redeem_key"

    def _redeem_confirm_page(self, wizard):
        """The confirm step of a redemption, once every check passed (else the points page
        with the check's message)."""
        try:
            wizard._check_redeem()
        except (UserError, ValidationError) as error:
            request.env.cr.rollback()
            return request.redirect(f"/my/points?error={self._portal_error_ref(error.args[0])}")
        key = uuid.uuid4().hex
        request.session[self._redeem_key_session] = key
        Entry = request.env["apartment.loyalty.entry"]
        points = Entry._format_points(wizard.points)
        env = request.env
        return self._portal_confirm_page(
            env._("Redeem %(points)s points?", points=points),
            env._(
                "%(points)s points become a rent credit of %(amount)s on %(target)s. "
                "Redeemed points cannot be given back.",
                points=points,
                amount=format_amount(env, wizard.credit_amount, wizard.currency_id),
                target=wizard.invoice_display,
            ),
            "/my/points/redeem",
            {"points": points.replace(",", ""), "redeem_key": key},
            env._("Yes, redeem"),
            "/my/points",
        )
