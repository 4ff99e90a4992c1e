# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL


class EventRegistration(models.Model):
    _inherit = "event.registration"

    attended_processed = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        help="Technical: the attendance of this registration was processed (points awarded) "
        "once; it is never processed again, even if the registration is reset and re-attended.",
    )
    property_ids = fields.Many2many(related="event_id.property_ids", string="Buildings")
    interest_group_id = fields.Many2one(related="event_id.interest_group_id")

    # Values a portal tenant may send when registering or cancelling (on the portal or by RPC).
    _PORTAL_CREATE_FIELDS = frozenset({"event_id", "partner_id", "name", "email", "phone", "state"})
    _PORTAL_WRITE_FIELDS = frozenset({"state"})

    _LIVE_STATES = ("draft", "open", "done")

    def init(self):
        res = super().init()
        # One live registration per (event, attendee partner): two simultaneous portal posts
        # of one tenant (a double click, two tabs) cannot both register. Cancelled ones do not
        # count, so a tenant may cancel and register again; anonymous attendees are not keyed.
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS event_registration_live_partner_uniq
                    ON event_registration (event_id, partner_id)
                 WHERE partner_id IS NOT NULL AND state IN ('draft', 'open', 'done')
                """
            )
        )
        return res

    def copy_data(self, default=None):
        live = self.filtered(lambda r: r.partner_id and r.state in self._LIVE_STATES)
        if live and "partner_id" not in (default or {}):
            # One live registration per attendee (the unique index above).
            raise ValidationError(
                self.env._(
                    "%(attendee)s is already registered to %(event)s: a registration cannot be "
                    "duplicated for the same attendee. Register another attendee instead.",
                    attendee=live[0].partner_id.display_name,
                    event=live[0].event_id.display_name,
                )
            )
        return super().copy_data(default=default)

    # ------------------------------------------------------------------------------------------
    # Computes: the attendee follows the partner who booked
    # ------------------------------------------------------------------------------------------
    def _reset_attendee_field(self, fname):
        """Forget the previous partner's value, so that Odoo's compute fills the new one."""
        for registration in self:
            if registration.partner_id:
                registration[fname] = False

    @api.depends("partner_id")
    def _compute_name(self):
        self._reset_attendee_field("name")
        return super()._compute_name()

    @api.depends("partner_id")
    def _compute_email(self):
        self._reset_attendee_field("email")
        return super()._compute_email()

    @api.depends("partner_id")
    def _compute_phone(self):
        self._reset_attendee_field("phone")
        return super()._compute_phone()

    # ------------------------------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------------------------------
    @api.constrains("state", "event_id")
    def _check_attended_after_start(self):
        now = fields.Datetime.now()
        early = self.filtered(
            lambda r: r.state == "done" and r.event_id.date_begin and r.event_id.date_begin > now
        )
        if early:
            raise ValidationError(
                self.env._(
                    "%(attendee)s cannot be marked as attended: the event %(event)s has not "
                    "started yet. Mark the attendance once it has begun.",
                    attendee=early[0].name or early[0].partner_id.display_name,
                    event=early[0].event_id.display_name,
                )
            )

    def _check_tenant_only(self, candidates):
        """Tenant-only events take only tenants with an active lease at one of their buildings,
        whoever registers them (portal, RPC, back office).

        ``candidates`` are (event, partner, attendee name) about to be registered. Checked
        before writing (Odoo's mail schedulers may commit right after a registration is
        created), at creation and when a registration is (re)opened or moved to another event or
        partner, not when it is marked attended: a tenant who moved out since registering may
        still have come.
        """
        # As superuser: a portal tenant may not read the buildings of another tenant's lease,
        # and an event's buildings must not look empty to them.
        candidates = [
            (event.sudo(), partner.sudo(), name)
            for event, partner, name in candidates
            if event.sudo().tenant_only
        ]
        if not candidates:
            return
        partners = self.env["res.partner"].union(*(partner for __, partner, __ in candidates))
        lease_properties = (
            partners | partners.commercial_partner_id
        )._get_active_lease_properties()
        for event, partner, name in candidates:
            if not partner or not event._is_partner_eligible(partner, lease_properties):
                raise ValidationError(
                    self.env._(
                        "%(tenant)s cannot register for %(event)s: this event is for tenants "
                        "with an active lease at %(buildings)s only. Choose a tenant of these "
                        "buildings, or untick 'Tenant Only' on the event.",
                        tenant=partner.display_name or name or self.env._("This attendee"),
                        event=event.display_name,
                        buildings=", ".join(event.property_ids.mapped("name"))
                        or self.env._("one of our buildings"),
                    )
                )

    def _check_portal_registration(self, events, partner_ids, vals, creating):
        """What a portal tenant sends is limited to registering themselves to a published,
        open event before its deadline, or to cancelling their registration before it."""
        user = self.env.user
        allowed = self._PORTAL_CREATE_FIELDS if creating else self._PORTAL_WRITE_FIELDS
        forbidden = set(vals) - allowed
        state = vals.get("state", "open" if creating else None)
        if forbidden or state not in (None, "open", "cancel") or (creating and state != "open"):
            raise AccessError(
                self.env._(
                    "You can only register yourself to an event or cancel your registration "
                    "(not allowed: %(fields)s).",
                    fields=", ".join(sorted(forbidden)) or "state=" + str(state),
                )
            )
        own = user.partner_id | user.commercial_partner_id
        if any(pid not in own.ids for pid in partner_ids):
            raise AccessError(self.env._("You can only register yourself to an event."))
        # Unpublished events of others are not even readable (AccessError, no name leaked).
        events.check_access("read")
        now = fields.Datetime.now()
        for event in events.sudo():
            # (Re)registering only: a tenant whose tier changed may still cancel.
            if state == "open" and not event._is_partner_tier_eligible(user.partner_id):
                # Names neither the event's tiers nor the tenant's own tier.
                raise ValidationError(
                    self.env._(
                        "%(event)s is reserved for other tenants: you cannot register for it. "
                        "Choose one of the events on your Community Events page, or ask your "
                        "housekeeper.",
                        event=event.name,
                    )
                )
            deadline = event.registration_deadline or event.date_begin
            if not event.portal_published or now >= deadline:
                raise ValidationError(
                    self.env._(
                        "Registrations for %(event)s are closed (deadline %(deadline)s): ask "
                        "your housekeeper.",
                        event=event.name,
                        deadline=fields.Datetime.to_string(event._to_tz(deadline, event.date_tz)),
                    )
                )

    # ------------------------------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.user._is_internal():
            for vals in vals_list:
                self._check_portal_registration(
                    self.env["event.event"].browse(vals.get("event_id")),
                    [vals.get("partner_id")],
                    vals,
                    creating=True,
                )
        Event, Partner = self.env["event.event"], self.env["res.partner"]
        self._check_tenant_only(
            [
                (
                    Event.browse(vals.get("event_id")),
                    Partner.browse(vals.get("partner_id")),
                    vals.get("name"),
                )
                for vals in vals_list
                if vals.get("state", "open") in ("draft", "open", "done")
            ]
        )
        registrations = super().create(vals_list)
        registrations.filtered(lambda r: r.state == "done")._process_attended()
        return registrations

    def write(self, vals):
        if not self.env.user._is_internal():
            self._check_portal_registration(self.event_id, [], vals, creating=False)
        if {"event_id", "partner_id"} & set(vals) or vals.get("state") in ("draft", "open"):
            event = self.env["event.event"].browse(vals.get("event_id"))
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            self._check_tenant_only(
                [
                    (
                        event if "event_id" in vals else registration.event_id,
                        partner if "partner_id" in vals else registration.partner_id,
                        registration.name,
                    )
                    for registration in self
                    if vals.get("state", registration.state) in ("draft", "open", "done")
                ]
            )
        res = super().write(vals)
        if vals.get("state") == "done":
            self._process_attended()
        return res

    # ------------------------------------------------------------------------------------------
    # Attendance
    # ------------------------------------------------------------------------------------------
    def _process_attended(self):
        """Claim the attended registrations not processed yet (atomically, in one UPDATE, so
        two transactions cannot both process one) and call ``_on_attended`` on them once."""
        candidates = self.filtered(lambda r: r.state == "done" and not r.attended_processed)
        if not candidates:
            return self.browse()
        self.flush_model(["attended_processed"])
        self.env.cr.execute(
            SQL(
                "UPDATE event_registration SET attended_processed = TRUE"
                " WHERE id = ANY(%s) AND attended_processed IS NOT TRUE RETURNING id",
                candidates.ids,
            )
        )
        claimed = self.browse(row[0] for row in self.env.cr.fetchall())
        claimed.invalidate_recordset(["attended_processed"])
        if claimed:
            claimed.sudo()._on_attended()
        return claimed

    def _on_attended(self):
        """Hook called exactly once per registration, on the batch of registrations that just
        became attended (state 'done'); the event-loyalty bridge awards the points with
        super(). Runs as superuser."""
        for registration in self:
            points = registration.event_id.attendance_points
            body = (
                self.env._(
                    "Attended %(event)s: %(points)s loyalty points to award.",
                    event=registration.event_id.name,
                    points=points,
                )
                if points
                else self.env._("Attended %(event)s.", event=registration.event_id.name)
            )
            registration.message_post(body=Markup("<p>%s</p>") % body, subtype_xmlid="mail.mt_note")
        return True
