# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.apartment_crm.controllers.portal import ApartmentPortal


class PortalNotices(ApartmentPortal):
    """/my/notices: the notices sent to the tenant; opening one records the read receipt.

    Searches run as the portal user (record rules: their own receipts only)."""

    def _get_my_notice_recipients(self, domain=None):
        partner = request.env.user.partner_id
        return request.env["apartment.notice.recipient"].search(
            [
                ("partner_id", "in", (partner | partner.commercial_partner_id).ids),
                ("notice_id.active", "=", True),
                *(domain or []),
            ],
            order="id desc",
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "notice_unread_count" in counters:
            Recipient = request.env["apartment.notice.recipient"]
            values["notice_unread_count"] = (
                len(self._get_my_notice_recipients([("is_read", "=", False)]))
                if Recipient.has_access("read")
                else 0
            )
        return values

    def _prepare_tenant_home_values(self, partner, lease_sudo):
        """The home's notices card: the latest notices of the tenant's building."""
        values = super()._prepare_tenant_home_values(partner, lease_sudo)
        Recipient = request.env["apartment.notice.recipient"]
        values["home_notices"] = (
            self._get_my_notice_recipients()[:3].sudo()
            if Recipient.has_access("read")
            else Recipient
        )
        return values

    @http.route("/my/notices", type="http", auth="user", website=True)
    def portal_my_notices(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(page_name="notices", recipients=self._get_my_notice_recipients().sudo())
        return request.render("apartment_crm_notice.portal_my_notices", values)

    @http.route("/my/notices/<int:recipient_id>", type="http", auth="user", website=True)
    def portal_my_notice(self, recipient_id, **kw):
        recipient = self._get_my_notice_recipients([("id", "=", recipient_id)])
        if not recipient:
            raise NotFound()
        recipient._mark_read()
        values = self._prepare_portal_layout_values()
        values.update(page_name="notices", recipient=recipient.sudo())
        return request.render("apartment_crm_notice.portal_my_notice", values)
