# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import errors as pg_errors
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.apartment_crm.controllers.portal import ApartmentPortal


class PortalEvents(ApartmentPortal):
    """/my/events: the community events a tenant may join, their registrations and groups.

    Everything runs as the portal user: the record rules show them only their own
    registrations, and event.registration itself refuses what they may not do (another
    building's tenant-only event, a closed deadline, a full event, someone else's seat).
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "community_event_count" in counters:
            Event = request.env["event.event"]
            values["community_event_count"] = (
                Event.search_count(self._get_my_events_domain()) if Event.has_access("read") else 0
            )
        return values

    def _prepare_tenant_home_values(self, partner, lease_sudo):
        """The home's events card: the next events of the tenant's building and groups, with
        one-tap registration."""
        values = super()._prepare_tenant_home_values(partner, lease_sudo)
        Event = request.env["event.event"]
        events = (
            Event.search(self._get_my_events_domain(), order="date_begin, id", limit=3)
            if Event.has_access("read")
            else Event
        )
        live = self._get_my_registrations().filtered(
            lambda r: r.event_id in events and r.state in ("draft", "open", "done")
        )
        values.update(
            home_events=events.sudo(),
            home_registration_by_event={r.event_id.id: r for r in live.sudo()},
            home_now=fields.Datetime.now(),
        )
        return values

    def _get_my_events_domain(self):
        return request.env["event.event"]._get_portal_events_domain(request.env.user.partner_id)

    def _get_my_registrations(self):
        partner = request.env.user.partner_id
        return request.env["event.registration"].search(
            [("partner_id", "in", (partner | partner.commercial_partner_id).ids)],
            order="id desc",
        )

    def _prepare_my_events_values(self, message=None, error=None):
        values = self._prepare_portal_layout_values()
        events = request.env["event.event"].search(self._get_my_events_domain())
        registrations = self._get_my_registrations()
        now = fields.Datetime.now()
        live = registrations.filtered(lambda r: r.state in ("draft", "open", "done"))
        partner = request.env.user.partner_id
        groups = request.env["apartment.interest.group"].search([])
        values.update(
            page_name="community_events",
            # Read for display as superuser: the search above decided what the tenant sees.
            events=events.sudo(),
            registration_by_event={r.event_id.id: r for r in live.sudo()},
            attended=registrations.sudo().filtered(lambda r: r.state == "done"),
            now=now,
            groups=groups.sudo(),
            my_group_ids=set(partner.sudo().interest_group_ids.ids),
            message=message,
            error=self._portal_pop_error(error),
        )
        return values

    @http.route("/my/events", type="http", auth="user", website=True)
    def portal_my_events(self, message=None, error=None, **kw):
        return request.render(
            "apartment_crm_event.portal_my_events", self._prepare_my_events_values(message, error)
        )

    def _redirect(self, message=None, error=None):
        query = {"message": message} if message else {"error": self._portal_error_ref(error)}
        return request.redirect("/my/events?" + http.url_encode(query))

    def _portal_event_run(self, action, message):
        # No savepoint: Odoo's event mail schedulers may commit after a registration. The
        # checks raise before anything is written, and the request is rolled back.
        return self._portal_run(
            action,
            self._redirect,
            message,
            errors=(AccessError, UserError, ValidationError),
            rollback=True,
        )

    @http.route(
        "/my/events/<int:event_id>/register",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_event_register(self, event_id, **kw):
        event = request.env["event.event"].search(
            self._get_my_events_domain() + [("id", "=", event_id)]
        )
        if not event:
            raise NotFound()
        partner = request.env.user.partner_id
        Registration = request.env["event.registration"]
        registrations = Registration.search(
            [("event_id", "=", event.id), ("partner_id", "=", partner.id)], order="id desc"
        )
        # Idempotent: a second post (double click, two tabs, a retry) does not register twice.
        if registrations.filtered(lambda r: r.state in Registration._LIVE_STATES):
            return self._redirect(message="already_registered")
        cancelled = registrations[:1]

        def register():
            if cancelled:
                cancelled.write({"state": "open"})
            else:
                Registration.create({"event_id": event.id, "partner_id": partner.id})

        try:
            return self._portal_event_run(register, "registered")
        except pg_errors.UniqueViolation:
            # A simultaneous post of the same tenant registered first (the unique index on
            # live registrations refused ours): same answer as above, nothing written.
            request.env.cr.rollback()
            return self._redirect(message="already_registered")

    @http.route(
        "/my/events/registration/<int:registration_id>/cancel",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_event_cancel(self, registration_id, **kw):
        registration = self._get_my_registrations().filtered(lambda r: r.id == registration_id)
        if not registration:
            raise NotFound()
        if not kw.get("confirmed"):
            event = registration.sudo().event_id
            return self._portal_confirm_page(
                request.env._("Cancel your registration?"),
                request.env._(
                    "You give back your seat at %(event)s (%(when)s). You can register again "
                    "while registrations are open.",
                    event=event.name,
                    when=event.date_begin_located,
                ),
                f"/my/events/registration/{registration.id}/cancel",
                {},
                request.env._("Yes, cancel my registration"),
                "/my/events",
            )
        return self._portal_event_run(lambda: registration.write({"state": "cancel"}), "cancelled")

    @http.route(
        "/my/events/groups/<int:group_id>/<any(join,leave):action>",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_interest_group(self, group_id, action, **kw):
        group = request.env["apartment.interest.group"].search([("id", "=", group_id)])
        if not group:
            raise NotFound()
        partner = request.env.user.partner_id
        # Tenants join or leave themselves only; the group's other members stay hidden.
        command = (
            fields.Command.link(partner.id)
            if action == "join"
            else fields.Command.unlink(partner.id)
        )
        group.sudo().write({"partner_ids": [command]})
        return self._redirect(message=f"group_{action}")
