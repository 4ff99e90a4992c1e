# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ApartmentPortal(CustomerPortal):
    """Tenant portal: the tenant's leases (record rules restrict them to their own)."""

    _portal_error_key = "apartment_portal_error"

    def _portal_error_ref(self, text):
        """Keep a form post's error text for the next page in the session: the redirect's URL
        carries only ``error=1``, so a crafted link cannot make a page show its own text."""
        request.session[self._portal_error_key] = str(text)
        return "1"

    def _portal_pop_error(self, error):
        """The error text the last form post of this session left (when the URL asks for
        it); never a text taken from the URL."""
        text = request.session.pop(self._portal_error_key, None)
        return text if error else None

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "lease_count" in counters:
            Lease = request.env["apartment.lease"]
            values["lease_count"] = (
                Lease.search_count(self._get_portal_leases_domain())
                if Lease.has_access("read")
                else 0
            )
        if not counters:
            # The /my page itself (the counters route always names the badges it wants):
            # a tenant gets the mobile home, each capability addon adds its card's values.
            values.update(self._prepare_tenant_home_base_values())
        return values

    def _prepare_tenant_home_base_values(self):
        user = request.env.user
        Lease = request.env["apartment.lease"]
        if not user.share or not Lease.has_access("read"):
            return {"tenant_home": False}
        leases = Lease.search(self._get_portal_leases_domain(), order="state, date_start desc")
        if not leases:
            return {"tenant_home": False}
        partner = user.partner_id.commercial_partner_id
        values = {"tenant_home": True, "home_lease": leases[:1].sudo()}
        values.update(self._prepare_tenant_home_values(partner, leases[:1].sudo()))
        return values

    def _prepare_tenant_home_values(self, partner, lease_sudo):
        """Hook: the values of the tenant home's cards (``partner``: the tenant's commercial
        partner, ``lease_sudo``: the current lease, active first). Capability addons add their
        card's values with super() and their card to ``apartment_crm.portal_tenant_home``."""
        housekeeper = lease_sudo.user_id.sudo()
        return {
            "home_housekeeper": housekeeper,
            "home_housekeeper_phone": housekeeper.partner_id.mobile
            or housekeeper.partner_id.phone
            or False,
            "home_housekeeper_email": housekeeper.partner_id.email or False,
        }

    def _portal_confirm_page(self, title, summary, action, fields, confirm_label, back_url):
        """A confirm step that works without JavaScript: a page repeating what the tenant is
        about to do, whose form POSTs ``fields`` again with ``confirmed=1``. The action routes
        act only on a confirmed post (and stay idempotent for a second one)."""
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="confirm",
            confirm_title=title,
            confirm_summary=summary,
            confirm_action=action,
            confirm_fields={key: value for key, value in fields.items() if value},
            confirm_label=confirm_label,
            confirm_back_url=back_url,
        )
        return request.render("apartment_crm.portal_confirm", values)

    def _portal_run(self, action, redirect, message, errors=(UserError,), rollback=False):
        """Run ``action`` (no argument) for a tenant's form post and answer with
        ``redirect(message=...)``, or with ``redirect(error=<the error's text>)`` when it raises
        one of ``errors`` (``rollback``: drop what the request wrote before the redirect)."""
        try:
            action()
        except errors as error:
            if rollback:
                request.env.cr.rollback()
            return redirect(error=error.args[0])
        return redirect(message=message)

    def _get_portal_leases_domain(self):
        # The record rules already limit a portal user to their own leases; the domain also
        # hides drafts and cancelled ones, which are not the tenant's business yet.
        partner = request.env.user.partner_id
        return [
            ("partner_id", "in", partner._get_commercial_family_query()),
            ("state", "in", ("active", "ended")),
        ]

    @http.route(
        ["/my/leases", "/my/leases/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_leases(self, page=1, **kw):
        Lease = request.env["apartment.lease"]
        domain = self._get_portal_leases_domain()
        lease_count = Lease.search_count(domain)
        pager = portal_pager(
            url="/my/leases", total=lease_count, page=page, step=self._items_per_page
        )
        leases = Lease.search(
            domain, order="date_start desc", limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update({"leases": leases, "page_name": "lease", "pager": pager})
        return request.render("apartment_crm.portal_my_leases", values)

    @http.route(["/my/leases/<int:lease_id>"], type="http", auth="public", website=True)
    def portal_my_lease(self, lease_id, access_token=None, **kw):
        try:
            lease_sudo = self._document_check_access("apartment.lease", lease_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            lease_sudo,
            access_token,
            {
                "lease": lease_sudo,
                "page_name": "lease",
                **self._prepare_lease_portal_values(lease_sudo),
            },
            "my_leases_history",
            False,
            **kw,
        )
        return request.render("apartment_crm.portal_my_lease", values)

    def _prepare_lease_portal_values(self, lease_sudo):
        """Hook: extra values of the lease page (capability addons add theirs with super())."""
        return {}
