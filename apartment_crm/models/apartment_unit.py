# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..tools import (
    concurrent_batch,
    lock_scheduler_batch,
    not_done_on,
    stamp_done,
)

# Units one scheduler call of the daily state refresh takes (apartment_crm.unit_state_batch_size).
UNIT_STATE_BATCH_SIZE = 2000


class ApartmentUnit(models.Model):
    """A rentable room or flat (房间 / 房源) of a property."""

    _name = "apartment.unit"
    _description = "Apartment Unit"
    _check_company_auto = True
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "property_id, floor, name, id"

    name = fields.Char(string="Room Number", required=True, tracking=True)
    property_id = fields.Many2one(
        "apartment.property",
        check_company=True,
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    company_id = fields.Many2one(
        related="property_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)
    floor = fields.Integer()
    area = fields.Float(string="Area (m²)", digits=(10, 2))
    bedrooms = fields.Integer(default=1)
    unit_type = fields.Selection(
        [
            ("studio", "Studio"),
            ("room", "Room in shared flat"),
            ("one_bedroom", "One-bedroom"),
            ("two_bedroom", "Two-bedroom"),
            ("three_bedroom", "Three-bedroom"),
            ("loft", "Loft"),
        ],
        default="studio",
        required=True,
    )
    list_rent = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        help="Monthly asking rent; new leases start from it.",
    )
    under_maintenance = fields.Boolean(
        tracking=True,
        help="Take the unit off the market while it is being repaired or renovated.",
    )
    lease_ids = fields.One2many("apartment.lease", "unit_id", string="Leases")
    current_lease_id = fields.Many2one(
        "apartment.lease", compute="_compute_state", store=True, index="btree_not_null"
    )
    current_tenant_id = fields.Many2one(
        related="current_lease_id.partner_id", string="Current Tenant"
    )
    state = fields.Selection(
        [
            ("vacant", "Vacant"),
            ("reserved", "Reserved"),
            ("occupied", "Occupied"),
            ("maintenance", "Maintenance"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
        help="Vacant: no lease now or ahead. Reserved: a lease is signed (draft or starting "
        "later). Occupied: a lease runs today. Maintenance: taken off the market by hand.",
    )
    state_refreshed_date = fields.Date(
        string="State Refreshed On",
        readonly=True,
        copy=False,
        help="The day the daily cron last recomputed the state (its batches resume from it).",
    )
    note = fields.Html()
    is_free = fields.Boolean(
        string="Free on the Dates",
        compute="_compute_is_free",
        search="_search_is_free",
        help="Not under maintenance and no signed lease over the dates of the lease being "
        "edited (context free_date_start / free_date_end), or from today when none is given.",
    )

    _sql_constraints = [
        (
            "name_property_uniq",
            "unique(name, property_id)",
            "A room number must be unique within its property.",
        ),
        ("area_positive", "CHECK(area >= 0)", "The area of a unit cannot be negative."),
        (
            "floor_range",
            "CHECK(floor IS NULL OR (floor >= -10 AND floor <= 300))",
            "The floor of a unit must be between -10 (basement) and 300.",
        ),
        (
            "bedrooms_range",
            "CHECK(bedrooms IS NULL OR (bedrooms >= 0 AND bedrooms <= 50))",
            "The number of bedrooms of a unit must be between 0 and 50.",
        ),
        (
            "list_rent_positive",
            "CHECK(list_rent >= 0)",
            "The list rent of a unit cannot be negative.",
        ),
    ]

    @api.depends(
        "under_maintenance",
        "lease_ids.state",
        "lease_ids.date_start",
        "lease_ids.date_end",
    )
    def _compute_state(self):
        # State depends on today's date too: _cron_refresh_state recomputes it daily.
        today = fields.Date.context_today(self)
        for unit in self:
            leases = unit.lease_ids.filtered(lambda lease: lease.state in ("draft", "active"))
            running = leases.filtered(
                lambda lease: lease.state == "active"
                and lease.date_start <= today <= lease.date_end
            )
            upcoming = leases.filtered(lambda lease: lease.date_end >= today) - running
            unit.current_lease_id = running[:1]
            if unit.under_maintenance:
                unit.state = "maintenance"
            elif running:
                unit.state = "occupied"
            elif upcoming:
                unit.state = "reserved"
            else:
                unit.state = "vacant"

    @api.depends("name", "property_id.code")
    def _compute_display_name(self):
        for unit in self:
            code = unit.property_id.code
            unit.display_name = f"{code} / {unit.name}" if code else unit.name

    def write(self, vals):
        if "property_id" in vals:
            self._check_no_live_lease_on_move(vals["property_id"])
        return super().write(vals)

    def _check_no_live_lease_on_move(self, property_id):
        """A unit under a draft or active lease keeps its building (and company): the lease,
        its invoices and its building's reports would point at another company otherwise."""
        moving = self.filtered(lambda unit: unit.property_id.id != property_id)
        if not moving:
            return
        leases = (
            self.env["apartment.lease"]
            .sudo()
            .search([("unit_id", "in", moving.ids), ("state", "in", ("draft", "active"))], limit=1)
        )
        if not leases:
            return
        # Name the lease only to a user who may read it.
        lease = leases.with_env(self.env)
        raise ValidationError(
            self.env._(
                "Unit %(unit)s cannot move to another building while lease %(lease)s is draft "
                "or active: end or cancel the lease first, or lease another unit.",
                unit=leases.unit_id.sudo().display_name,
                lease=lease.name if lease.has_access("read") else self.env._("(a live lease)"),
            )
        )

    @api.depends_context("free_date_start", "free_date_end", "free_exclude_lease_id")
    def _compute_is_free(self):
        units = self.filtered("id")
        free = units.search([("id", "in", units.ids), ("is_free", "=", True)]) if units else units
        for unit in self:
            unit.is_free = unit in free

    def _search_is_free(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Search on “free” with = True or = False."))
        context = self.env.context
        date_start = fields.Date.to_date(context.get("free_date_start")) or (
            fields.Date.context_today(self)
        )
        date_end = fields.Date.to_date(context.get("free_date_end")) or date_start
        lease_domain = self._get_overlapping_leases_domain(date_start, date_end)
        lease_domain[0] = ("unit_id", "!=", False)
        if context.get("free_exclude_lease_id"):
            lease_domain.append(("id", "!=", context["free_exclude_lease_id"]))
        # Occupancy is not secret (units show their state); sudo so that a unit's leases of
        # other teams count too.
        taken = self.env["apartment.lease"].sudo()._search(lease_domain).subselect("unit_id")
        free = ["&", ("under_maintenance", "=", False), ("id", "not in", taken)]
        return free if (operator == "=") == value else ["!", *free]

    @api.model
    def _search_display_name(self, operator, value):
        """Find a unit by its displayed name "SH-GDN / 302", its room or its building."""
        if operator not in ("ilike", "=ilike", "like", "=like", "=") or not isinstance(value, str):
            return super()._search_display_name(operator, value)
        domains = [
            [("name", operator, value)],
            [("property_id.code", operator, value)],
            [("property_id.name", operator, value)],
        ]
        code, sep, room = value.partition("/")
        if sep and code.strip():
            domains.append(
                [("property_id.code", "=ilike", code.strip()), ("name", operator, room.strip())]
            )
        return expression.OR(domains)

    def _is_free_between(self, date_start, date_end, exclude_leases=None):
        """Whether the unit has no draft/active lease overlapping [date_start, date_end]."""
        self.ensure_one()
        domain = self._get_overlapping_leases_domain(date_start, date_end)
        if exclude_leases:
            domain.append(("id", "not in", exclude_leases.ids))
        return not self.env["apartment.lease"].sudo().search_count(domain, limit=1)

    def _get_overlapping_leases_domain(self, date_start, date_end):
        return [
            ("unit_id", "in", self.ids),
            ("state", "in", ("draft", "active")),
            ("date_start", "<=", date_end),
            ("date_end", ">=", date_start),
        ]

    @api.model
    def _cron_refresh_state(self):
        """Daily: leases start and end with the calendar, not only with writes.

        Run by the scheduler, one call refreshes at most ``apartment_crm.unit_state_batch_size``
        (default 2000) units not refreshed today (``state_refreshed_date``), skipping those
        another transaction holds, and reports the rest; the scheduler commits and calls
        again. A batch that a concurrent change makes fail is logged and rolled back, and the
        job runs again in a few minutes. Called by hand it refreshes every unit at once.
        """
        today = fields.Date.context_today(self)
        domain = not_done_on(
            self.env, [("under_maintenance", "=", False)], "state_refreshed_date", today
        )
        units = self.search(domain, order="id")
        batch = lock_scheduler_batch(
            self.env, units, "apartment_crm.unit_state_batch_size", UNIT_STATE_BATCH_SIZE
        )
        with concurrent_batch(self.env, "Unit states", batch) as state:
            batch._refresh_state(today)
        done = 0 if state["skipped"] else len(batch)
        self.env["ir.cron"]._notify_progress(done=done, remaining=len(units) - done)
        return True

    def _refresh_state(self, today):
        """Recompute the state of these units and stamp them refreshed on ``today``."""
        if not self:
            return
        for fname in ("state", "current_lease_id"):
            self.env.add_to_compute(self._fields[fname], self)
        self._recompute_recordset(["state", "current_lease_id"])
        self.flush_recordset()
        # No tracking, no write date on a unit whose state did not move.
        stamp_done(self, "state_refreshed_date", today)

    def action_view_leases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm.apartment_lease_action"
        )
        action["domain"] = [("unit_id", "=", self.id)]
        action["context"] = {"default_unit_id": self.id}
        return action
