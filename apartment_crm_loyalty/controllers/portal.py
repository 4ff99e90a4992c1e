# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

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
    def portal_redeem_points(self, points=None, **kw):
        """Turn points into a rent credit on the tenant's next rent invoice (POST, CSRF)."""
        partner = request.env.user.partner_id.commercial_partner_id
        if not request.env.company.loyalty_portal_redeem:
            return request.redirect("/my/points")
        points = self._parse_portal_points(points)
        if points is None:
            error = request.env._("Enter the number of points to redeem as a number, e.g. 500.")
            return request.redirect(f"/my/points?error={self._portal_error_ref(error)}")
        try:
            # The wizard checks the balance (row lock), the cap and the invoice to credit.
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
            wizard._redeem()
        except (UserError, ValidationError) as error:
            request.env.cr.rollback()
            return request.redirect(f"/my/points?error={self._portal_error_ref(error.args[0])}")
        return request.redirect("/my/points?message=redeemed")
