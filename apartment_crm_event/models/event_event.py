# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.apartment_crm.tools import OverlapGuard, OverlapRow

# Two booked events never hold one venue at the same time ([begin, end): back to back is free).
VENUE_OVERLAP = OverlapGuard(
    table="event_event",
    resource="venue_id",
    start="date_begin",
    end="date_end",
    live=SQL("other.venue_booked"),
    depends=("venue_booked",),
    closed=False,
)

_logger = logging.getLogger(__name__)


class EventEvent(models.Model):
    """Community events (社区活动) of the operator's buildings, on top of Odoo's events."""

    _inherit = "event.event"
    _check_company_auto = True

    property_ids = fields.Many2many(
        "apartment.property",
        "event_event_apartment_property_rel",
        "event_id",
        "property_id",
        string="Buildings",
        help="Buildings the event is for; empty for every building of the company.",
        check_company=True,
    )
    property_id = fields.Many2one(
        "apartment.property",
        string="Main Building",
        compute="_compute_property_id",
        store=True,
        index="btree_not_null",
        help="First building of the event, used to colour and filter the calendar.",
        check_company=True,
    )
    interest_group_id = fields.Many2one(
        "apartment.interest.group",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        help="Interest group organising the event; its members are invited.",
        check_company=True,
    )
    tenant_only = fields.Boolean(
        tracking=True,
        help="Only tenants with an active lease at one of the event's buildings may register "
        "(checked on the server for every registration).",
    )
    host_partner_id = fields.Many2one(
        "res.partner",
        string="Host Tenant",
        index="btree_not_null",
        tracking=True,
        help="Tenant hosting the event (a photo exhibition, a career talk...).",
    )
    venue_id = fields.Many2one(
        "apartment.venue",
        string="Common Room",
        index="btree_not_null",
        tracking=True,
        copy=False,
        ondelete="restrict",
        help="Common room booked for the event; a venue cannot hold two events at once.",
        check_company=True,
    )
    venue_booked = fields.Boolean(
        compute="_compute_venue_booked",
        store=True,
        precompute=True,
        help="Technical: the event holds its venue (it has one, is active and not cancelled).",
    )
    attendance_points = fields.Integer(
        tracking=True,
        help="Loyalty points awarded once to each attendee when their registration is marked "
        "attended; set by managers only, up to the company's maximum.",
    )
    registration_deadline = fields.Datetime(
        tracking=True,
        help="Tenants cannot register or cancel on the portal after this moment; empty for "
        "until the event starts.",
    )
    tier_ids = fields.Many2many(
        "apartment.tenant.tier",
        string="Tenant Tiers",
        help="Events for some tiers only (customised events for core tenants, short-stay events "
        "for transient ones): only the tenants of these tiers see the event on their portal, may "
        "register there and are invited. Empty: every tenant of the event's buildings.",
    )
    portal_published = fields.Boolean(
        string="Published",
        copy=False,
        tracking=True,
        index=True,
        help="Shown to the tenants it is for on their portal, and invitations sent.",
    )
    invitation_ids = fields.One2many("apartment.event.invitation", "event_id", readonly=True)
    invitation_count = fields.Integer(compute="_compute_invitation_count")
    schedule_id = fields.Many2one(
        "apartment.event.schedule",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        help="Recurring schedule that generated this occurrence.",
        check_company=True,
    )
    occurrence_date = fields.Date(
        readonly=True,
        copy=False,
        help="Local date of the occurrence within its schedule (unique per schedule).",
    )
    attendance_rate = fields.Float(
        compute="_compute_attendance_rate",
        help="Attended registrations / (registered + attended), in percent.",
    )

    _sql_constraints = [
        (
            "attendance_points_positive",
            "CHECK(attendance_points >= 0)",
            "The attendance points of an event cannot be negative.",
        ),
        (
            "seats_max_positive",
            "CHECK(seats_max IS NULL OR seats_max >= 0)",
            "The maximum number of attendees of an event cannot be negative (0 means no limit).",
        ),
        (
            "schedule_occurrence_uniq",
            "unique(schedule_id, occurrence_date)",
            "A schedule cannot generate two events on the same date.",
        ),
        # The database refuses two events holding one venue over overlapping times, also when
        # two users book at the same moment (btree_gist, created by apartment.lease too).
        (
            "venue_no_overlap",
            "EXCLUDE USING gist (venue_id WITH =, tsrange(date_begin, date_end, '[)') WITH &&)"
            " WHERE (venue_booked)",
            "This venue is already booked by another event at overlapping times: choose "
            "another time or another venue.",
        ),
    ]

    def _auto_init(self):
        self.env.cr.execute(SQL("CREATE EXTENSION IF NOT EXISTS btree_gist"))
        return super()._auto_init()

    @api.depends("property_ids")
    def _compute_property_id(self):
        for event in self:
            event.property_id = event.property_ids[:1]

    @api.model
    def _get_cancelled_stage_ids(self):
        stage = self.env.ref("event.event_stage_cancelled", raise_if_not_found=False)
        return stage.ids if stage else []

    @api.depends("venue_id", "active", "stage_id")
    def _compute_venue_booked(self):
        cancelled = self._get_cancelled_stage_ids()
        for event in self:
            event.venue_booked = bool(
                event.venue_id and event.active and event.stage_id.id not in cancelled
            )

    def _compute_invitation_count(self):
        counts = dict(
            self.env["apartment.event.invitation"]._read_group(
                [("event_id", "in", self.ids)], ["event_id"], ["__count"]
            )
        )
        for event in self:
            event.invitation_count = counts.get(event, 0)

    @api.depends("registration_ids.state")
    def _compute_attendance_rate(self):
        groups = self.env["event.registration"]._read_group(
            [("event_id", "in", self.ids), ("state", "in", ("open", "done"))],
            ["event_id", "state"],
            ["__count"],
        )
        counts = {}
        for event, state, count in groups:
            counts.setdefault(event.id, {})[state] = count
        for event in self:
            by_state = counts.get(event.id, {})
            total = sum(by_state.values())
            event.attendance_rate = 100.0 * by_state.get("done", 0) / total if total else 0.0

    # ------------------------------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------------------------------
    @api.constrains("venue_id", "property_ids")
    def _check_venue_property(self):
        for event in self:
            if (
                event.venue_id
                and event.property_ids
                and (event.venue_id.property_id not in event.property_ids)
            ):
                raise ValidationError(
                    self.env._(
                        "Event %(event)s: the venue %(venue)s is in building %(building)s, "
                        "which is not one of the event's buildings. Add that building or choose "
                        "a venue of %(buildings)s.",
                        event=event.name,
                        venue=event.venue_id.name,
                        building=event.venue_id.property_id.name,
                        buildings=", ".join(event.property_ids.mapped("name")),
                    )
                )

    @api.constrains("venue_id", "seats_limited", "seats_max")
    def _check_venue_capacity(self):
        for event in self:
            capacity = event.venue_id.capacity
            if capacity and (not event.seats_limited or event.seats_max > capacity):
                raise ValidationError(
                    self.env._(
                        "Event %(event)s: the venue %(venue)s holds %(capacity)s people. Limit "
                        "the attendees to at most %(capacity)s, or choose a larger venue.",
                        event=event.name,
                        venue=event.venue_id.display_name,
                        capacity=capacity,
                    )
                )

    @api.constrains("registration_deadline", "date_end")
    def _check_registration_deadline(self):
        for event in self:
            if event.registration_deadline and event.registration_deadline > event.date_end:
                raise ValidationError(
                    self.env._(
                        "Event %(event)s: the registration deadline (%(deadline)s) must be "
                        "before the end of the event (%(end)s).",
                        event=event.name,
                        deadline=event.registration_deadline,
                        end=event.date_end,
                    )
                )

    def _get_venue_rows(self, candidates):
        """The candidates that would hold a venue, as rows of the venue overlap guard;
        ``candidates`` are the (record or None, vals) about to be written."""
        cancelled = self._get_cancelled_stage_ids()
        rows = []
        for index, (event, vals) in enumerate(candidates):
            venue_id = vals.get("venue_id", event.venue_id.id if event else False)
            active = vals.get("active", event.active if event else True)
            stage_id = vals.get("stage_id", event.stage_id.id if event else False)
            begin = fields.Datetime.to_datetime(vals.get("date_begin", event and event.date_begin))
            end = fields.Datetime.to_datetime(vals.get("date_end", event and event.date_end))
            if venue_id and active and stage_id not in cancelled and begin and end and end > begin:
                name = vals.get("name") or (event.name if event else False)
                rows.append(OverlapRow(index, event or self.browse(), venue_id, begin, end, name))
        return rows

    def _check_venue_overlap(self, candidates):
        """Refuse two events holding one venue at overlapping times, naming the other event
        when the user may read it (see ``VENUE_OVERLAP``)."""
        overlap = VENUE_OVERLAP.first_overlap(self, self._get_venue_rows(candidates))
        if overlap:
            self._raise_venue_overlap(*overlap)

    def _raise_venue_overlap(self, row, other):
        tz = (row.record and row.record.date_tz) or self.env.user.tz or "UTC"
        params = {
            "venue": self.env["apartment.venue"].sudo().browse(row.resource_id).display_name,
            "begin": fields.Datetime.to_string(self._to_tz(other.start, tz)),
            "end": fields.Datetime.to_string(self._to_tz(other.end, tz)),
            "event": row.name or self.env._("New"),
        }
        if not VENUE_OVERLAP.can_read(self, other):
            # Not even the name of an event the user may not read.
            raise ValidationError(
                self.env._(
                    "The venue %(venue)s is already booked by another event from %(begin)s to "
                    "%(end)s, which overlaps the event %(event)s. Choose another time or another "
                    "venue.",
                    **params,
                )
            )
        raise ValidationError(
            self.env._(
                "The venue %(venue)s is already booked by the event %(other)s from %(begin)s to "
                "%(end)s, which overlaps the event %(event)s. Choose another time or another "
                "venue, or cancel the other event.",
                other=(other.name or self.env._("New"))
                if other.index is not None
                else other.record.name,
                **params,
            )
        )

    @api.model
    def _to_tz(self, value, tz):
        """A naive UTC datetime shown as naive local time of ``tz``."""
        return fields.Datetime.context_timestamp(self.with_context(tz=tz), value).replace(
            tzinfo=None
        )

    @api.constrains("attendance_points", "company_id")
    def _check_attendance_points(self):
        for event in self:
            event.company_id._check_attendance_points_cap(event.attendance_points)

    @api.model
    def _check_attendance_points_manager(self):
        """Attendance points leave the ledger's rules: set by managers only (the schedule
        cron and the superuser pass)."""
        if self.env.su or self.env.user.has_group("apartment_crm.group_apartment_manager"):
            return
        raise AccessError(
            self.env._(
                "Only apartment managers can set the Attendance Points of an event or "
                "schedule; ask a manager."
            )
        )

    # ------------------------------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        schedules = self.env["apartment.event.schedule"].browse(
            {vals["schedule_id"] for vals in vals_list if vals.get("schedule_id")}
        )
        for vals in vals_list:
            points = vals.get("attendance_points")
            # An occurrence takes the points its schedule got from a manager.
            if points and points != schedules.browse(vals.get("schedule_id")).attendance_points:
                self._check_attendance_points_manager()
        venues = self.env["apartment.venue"].browse(
            {vals["venue_id"] for vals in vals_list if vals.get("venue_id")}
        )
        capacities = {venue.id: venue.capacity for venue in venues}
        for vals in vals_list:
            # A venue's capacity is the event's default limit.
            capacity = capacities.get(vals.get("venue_id"))
            if capacity and "seats_max" not in vals and "event_type_id" not in vals:
                vals.update(seats_limited=True, seats_max=capacity)
        self._check_venue_overlap([(None, vals) for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        if "attendance_points" in vals:
            self._check_attendance_points_manager()
        if {"venue_id", "date_begin", "date_end", "active", "stage_id"} & set(vals):
            self._check_venue_overlap([(event, vals) for event in self])
        return super().write(vals)

    @api.onchange("venue_id")
    def _onchange_venue_id(self):
        if self.venue_id.capacity:
            self.seats_limited = True
            if not self.seats_max or self.seats_max > self.venue_id.capacity:
                self.seats_max = self.venue_id.capacity
        if self.venue_id and not self.property_ids:
            self.property_ids = self.venue_id.property_id

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------
    def action_publish_and_invite(self):
        """Publish the events on the tenants' portal and invite the matching tenants."""
        cancelled = self._get_cancelled_stage_ids()
        for event in self:
            if event.stage_id.id in cancelled or event.is_finished:
                raise UserError(
                    self.env._(
                        "Event %(event)s is cancelled or finished: it cannot be published.",
                        event=event.name,
                    )
                )
        self.filtered(lambda e: not e.portal_published).write({"portal_published": True})
        self._send_invitations()
        return True

    def action_unpublish(self):
        self.write({"portal_published": False})
        return True

    def action_view_invitations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm_event.apartment_event_invitation_action"
        )
        action["domain"] = [("event_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------------------------------
    # Eligibility (tenant-only, portal listing)
    # ------------------------------------------------------------------------------------------
    def _is_partner_eligible(self, partner, lease_properties):
        """Whether ``partner`` may join this event; ``lease_properties`` maps partner ids to the
        ids of the buildings where they hold an active lease (see res.partner)."""
        self.ensure_one()
        if not self.tenant_only:
            return True
        buildings = lease_properties.get(partner.id, set()) | lease_properties.get(
            partner.commercial_partner_id.id, set()
        )
        if not self.property_ids:
            return bool(buildings)
        return bool(buildings & set(self.property_ids.ids))

    def _is_partner_tier_eligible(self, partner):
        """Whether ``partner`` (or their company) is of one of the event's tiers, if it has
        any."""
        self.ensure_one()
        event = self.sudo()
        if not event.tier_ids:
            return True
        partner = partner.sudo()
        return bool((partner | partner.commercial_partner_id).tenant_tier_id & event.tier_ids)

    @api.model
    def _get_portal_events_domain(self, partner, date=None):
        """Upcoming published events ``partner`` may see and join on the portal: those of the
        buildings where they hold an active lease (or of no building), and those of their
        interest groups; tenant-only events only at their own buildings."""
        now = date or fields.Datetime.now()
        partners = partner.commercial_partner_id | partner
        lease_properties = partners._get_active_lease_properties(now.date())
        buildings = sorted(set().union(*lease_properties.values()))
        groups = (
            self.env["apartment.interest.group"]
            .sudo()
            .search([("partner_ids", "in", partners.ids)])
        )
        if buildings:
            eligible = [
                "|",
                ("tenant_only", "=", False),
                "|",
                ("property_ids", "=", False),
                ("property_ids", "in", buildings),
            ]
        else:
            eligible = [("tenant_only", "=", False)]
        # Tier events (customised / short-stay events) only for the tenants of their tiers.
        tiers = partners.sudo().tenant_tier_id
        eligible = expression.AND(
            [eligible, ["|", ("tier_ids", "=", False), ("tier_ids", "in", tiers.ids)]]
        )
        return expression.AND(
            [
                [
                    ("portal_published", "=", True),
                    ("date_end", ">", now),
                    ("stage_id", "not in", self._get_cancelled_stage_ids()),
                ],
                [
                    "|",
                    "|",
                    ("property_ids", "=", False),
                    ("property_ids", "in", buildings),
                    ("interest_group_id", "in", groups.ids),
                ],
                eligible,
            ]
        )

    # ------------------------------------------------------------------------------------------
    # Invitations
    # ------------------------------------------------------------------------------------------
    def _get_invitation_partners(self, date=None):
        """{event: partners to invite} for the events in self (opt-outs excluded, those
        already invited included: ``_send_invitations`` skips them)."""
        date = date or fields.Date.context_today(self)
        lease_properties = self.env["res.partner"]._get_active_lease_properties(date)
        tenants = (
            self.env["res.partner"]
            .sudo()
            .browse(lease_properties)
            .filtered(lambda p: not p.event_invitation_opt_out)
        )
        result = {}
        for event in self:
            buildings = set(event.property_ids.ids)
            partners = tenants.filtered(
                lambda p, buildings=buildings: not buildings
                or bool(lease_properties[p.id] & buildings)
            )
            if event.interest_group_id:
                partners &= event.interest_group_id.sudo().partner_ids
            if event.tier_ids:
                partners = partners.filtered(event._is_partner_tier_eligible)
            result[event] = partners
        return result

    @api.model
    def _get_invitation_channel(self, partner):
        """'email', 'activity' (for the housekeeper to phone / message), or False to skip."""
        if partner.preferred_channel in ("phone", "wechat", "sms"):
            return "activity"
        if not partner.email:
            return "activity"
        if partner.is_blacklisted:
            return False
        return "email"

    def _send_invitations(self, date=None):
        """Invite each matching tenant once per event (logged in apartment.event.invitation,
        unique per event and tenant): by email, or by an activity for the housekeeper."""
        invitations = (
            self.env["apartment.event.invitation"]
            .sudo()
            .create(self._get_invitations_to_send(date))
        )
        invitations._dispatch()
        return invitations

    def _get_invitations_to_send(self, date=None):
        """The values of the invitations not sent yet (event, partner, channel)."""
        events = self.filtered("portal_published")
        if not events:
            return []
        Invitation = self.env["apartment.event.invitation"].sudo()
        done = {
            (invitation.event_id.id, invitation.partner_id.id)
            for invitation in Invitation.search([("event_id", "in", events.ids)])
        }
        vals_list = []
        for event, partners in events._get_invitation_partners(date).items():
            for partner in partners:
                if (event.id, partner.id) in done:
                    continue
                channel = self._get_invitation_channel(partner)
                if channel:
                    vals_list.append(
                        {"event_id": event.id, "partner_id": partner.id, "channel": channel}
                    )
        return vals_list

    @api.model
    def _cron_send_event_invitations(self, date=None, batch_size=None):
        """Invite the tenants who became eligible since publication (new move-ins, new group
        members) to the upcoming published events.

        One call sends at most ``batch_size`` invitations (default: the system parameter
        ``apartment_crm.cron_batch_size``, 200) and reports the rest to the scheduler, which
        commits and calls again; invitations are unique per event and tenant, so a batch is
        never sent twice. E-mails are queued.
        """
        now = date or fields.Datetime.now()
        batch_size = batch_size or int(
            self.env["ir.config_parameter"].sudo().get_param("apartment_crm.cron_batch_size", 200)
        )
        events = self.search(
            [
                ("portal_published", "=", True),
                ("date_begin", ">", now),
                ("stage_id", "not in", self._get_cancelled_stage_ids()),
            ]
        )
        vals_list = events._get_invitations_to_send(date=fields.Date.to_date(now))
        invitations = self.env["apartment.event.invitation"].sudo().create(vals_list[:batch_size])
        invitations._dispatch()
        self.env["ir.cron"]._notify_progress(
            done=len(invitations), remaining=max(len(vals_list) - batch_size, 0)
        )
        return True
