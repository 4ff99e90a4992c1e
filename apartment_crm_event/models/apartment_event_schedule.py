# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import calendar
import logging
from datetime import datetime, time, timedelta

import pytz
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.apartment_crm.tools import is_scheduler_run, lock_batch, not_done_on, take_batch
from odoo.addons.base.models.res_partner import _tz_get

from .event_event import VENUE_OVERLAP

_logger = logging.getLogger(__name__)

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class ApartmentEventSchedule(models.Model):
    """A recurring community event (a weekly reading club, a monthly board-game night) that
    generates its occurrences as events ahead of time."""

    _name = "apartment.event.schedule"
    _description = "Apartment Event Schedule"
    _check_company_auto = True
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    # Template of the occurrences
    event_type_id = fields.Many2one(
        "event.type",
        string="Event Template",
        help="Odoo event template (mail schedulers, questions, tickets) of the occurrences.",
    )
    interest_group_id = fields.Many2one(
        "apartment.interest.group", ondelete="restrict", check_company=True
    )
    property_ids = fields.Many2many(
        "apartment.property",
        "apartment_event_schedule_property_rel",
        "schedule_id",
        "property_id",
        string="Buildings",
    )
    venue_id = fields.Many2one("apartment.venue", ondelete="restrict", check_company=True)
    host_partner_id = fields.Many2one("res.partner", string="Host Tenant")
    tenant_only = fields.Boolean()
    attendance_points = fields.Integer()
    seats_max = fields.Integer(
        string="Maximum Attendees", help="0 for no limit (or the venue's capacity)."
    )
    description = fields.Html(translate=True)
    auto_publish = fields.Boolean(
        help="Publish the generated occurrences on the portal and invite the tenants at once."
    )
    # Rule
    rule_type = fields.Selection(
        [("weekly", "Weekly"), ("monthly", "Monthly")],
        required=True,
        default="weekly",
        tracking=True,
    )
    weekday = fields.Selection(WEEKDAYS, required=True, default="5", tracking=True)
    month_week = fields.Selection(
        [("1", "First"), ("2", "Second"), ("3", "Third"), ("4", "Fourth"), ("-1", "Last")],
        string="Week of the Month",
        default="1",
        help="Monthly schedules fall on this weekday of the month, e.g. the first Saturday.",
    )
    hour = fields.Float(string="Time", required=True, default=19.0, help="Local start time.")
    duration = fields.Float(required=True, default=2.0, help="Duration in hours.")
    tz = fields.Selection(
        _tz_get,
        string="Timezone",
        required=True,
        default=lambda self: self.env.user.tz or "Asia/Shanghai",
    )
    date_start = fields.Date(
        string="Start Date", required=True, default=lambda self: fields.Date.context_today(self)
    )
    date_until = fields.Date(string="Until", help="Last possible date; empty for no end.")
    horizon_days = fields.Integer(
        string="Horizon (days)",
        default=60,
        required=True,
        help="Occurrences are generated this many days ahead.",
    )
    event_ids = fields.One2many("event.event", "schedule_id", string="Occurrences")
    event_count = fields.Integer(compute="_compute_event_count")
    skipped_dates = fields.Json(
        readonly=True,
        copy=False,
        help="Technical: occurrence dates skipped because their venue was booked (reported once).",
    )
    occurrences_generated_date = fields.Date(
        string="Occurrences Generated On",
        readonly=True,
        copy=False,
        help="Technical: the day the scheduled action last generated this schedule's "
        "occurrences (its committed batches resume with the schedules not done that day).",
    )

    _sql_constraints = [
        ("horizon_positive", "CHECK(horizon_days > 0)", "The horizon must be at least one day."),
        ("duration_positive", "CHECK(duration > 0)", "The duration must be positive."),
        (
            "seats_max_positive",
            "CHECK(seats_max IS NULL OR seats_max >= 0)",
            "The maximum number of attendees cannot be negative (0 means no limit).",
        ),
        (
            "hour_valid",
            "CHECK(hour >= 0 AND hour < 24)",
            "The time of day must be between 00:00 and 23:59.",
        ),
        (
            "attendance_points_positive",
            "CHECK(attendance_points >= 0)",
            "The attendance points of a schedule cannot be negative.",
        ),
    ]

    def _compute_event_count(self):
        counts = dict(
            self.env["event.event"]
            .with_context(active_test=False)
            ._read_group([("schedule_id", "in", self.ids)], ["schedule_id"], ["__count"])
        )
        for schedule in self:
            schedule.event_count = counts.get(schedule, 0)

    @api.constrains("attendance_points", "company_id")
    def _check_attendance_points(self):
        for schedule in self:
            schedule.company_id._check_attendance_points_cap(schedule.attendance_points)

    @api.constrains("date_start", "date_until")
    def _check_dates(self):
        for schedule in self:
            if schedule.date_until and schedule.date_until < schedule.date_start:
                raise ValidationError(
                    self.env._(
                        "Schedule %(schedule)s: the until date (%(until)s) must be on or after "
                        "the start date (%(start)s).",
                        schedule=schedule.name,
                        until=schedule.date_until,
                        start=schedule.date_start,
                    )
                )

    @api.constrains("venue_id", "property_ids")
    def _check_venue_property(self):
        for schedule in self:
            if (
                schedule.venue_id
                and schedule.property_ids
                and (schedule.venue_id.property_id not in schedule.property_ids)
            ):
                raise ValidationError(
                    self.env._(
                        "Schedule %(schedule)s: the venue %(venue)s is in building "
                        "%(building)s, which is not one of the schedule's buildings. Add that "
                        "building or choose another venue.",
                        schedule=schedule.name,
                        venue=schedule.venue_id.name,
                        building=schedule.venue_id.property_id.name,
                    )
                )

    @api.constrains("rule_type", "month_week")
    def _check_month_week(self):
        for schedule in self:
            if schedule.rule_type == "monthly" and not schedule.month_week:
                raise ValidationError(
                    self.env._(
                        "Schedule %(schedule)s: a monthly schedule needs its week of the month "
                        "(e.g. first Saturday).",
                        schedule=schedule.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("attendance_points") for vals in vals_list):
            self.env["event.event"]._check_attendance_points_manager()
        return super().create(vals_list)

    def write(self, vals):
        if "attendance_points" in vals:
            self.env["event.event"]._check_attendance_points_manager()
        if "occurrences_generated_date" in vals and not self.env.su:
            # Only the scheduled action writes it: a user setting it would make the scheduler
            # skip the schedule for the day.
            raise UserError(
                self.env._(
                    "Occurrences Generated On is set by the scheduled action only; use "
                    "'Generate Occurrences' on the schedule instead."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------------------------------
    # Occurrences
    # ------------------------------------------------------------------------------------------
    def _get_occurrence_dates(self, date_from, date_to):
        """Local dates of the occurrences between date_from and date_to (both included)."""
        self.ensure_one()
        start = max(date_from, self.date_start)
        end = min(date_to, self.date_until) if self.date_until else date_to
        weekday = int(self.weekday)
        dates = []
        if start > end:
            return dates
        if self.rule_type == "weekly":
            day = start + timedelta(days=(weekday - start.weekday()) % 7)
            while day <= end:
                dates.append(day)
                day += timedelta(days=7)
            return dates
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            day = self._nth_weekday(year, month, weekday, int(self.month_week))
            if start <= day <= end:
                dates.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return dates

    @api.model
    def _nth_weekday(self, year, month, weekday, nth):
        """The nth (1..4, or -1 for the last) given weekday of a month."""
        weeks = [
            week[weekday] for week in calendar.monthcalendar(year, month) if week[weekday] != 0
        ]
        return fields.Date.to_date(
            f"{year:04d}-{month:02d}-{weeks[nth if nth < 0 else nth - 1]:02d}"
        )

    def _get_occurrence_datetimes(self, day):
        """(begin, end) of the occurrence on local ``day``, as naive UTC datetimes."""
        self.ensure_one()
        minutes = round(self.hour * 60)
        local = pytz.timezone(self.tz).localize(
            datetime.combine(day, time(minutes // 60, minutes % 60))
        )
        begin = local.astimezone(pytz.utc).replace(tzinfo=None)
        return begin, begin + timedelta(minutes=round(self.duration * 60))

    def _prepare_event_vals(self, day):
        self.ensure_one()
        begin, end = self._get_occurrence_datetimes(day)
        vals = {
            "name": self.name,
            "schedule_id": self.id,
            "occurrence_date": day,
            "date_begin": begin,
            "date_end": end,
            "date_tz": self.tz,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "interest_group_id": self.interest_group_id.id,
            "property_ids": [fields.Command.set(self.property_ids.ids)],
            "venue_id": self.venue_id.id,
            "host_partner_id": self.host_partner_id.id,
            "tenant_only": self.tenant_only,
            "attendance_points": self.attendance_points,
        }
        if self.event_type_id:
            vals["event_type_id"] = self.event_type_id.id
        seats = self.seats_max or self.venue_id.capacity
        if seats:
            vals.update(seats_limited=True, seats_max=seats)
        if self.description:
            vals["description"] = self.description
        return vals

    def _generate_occurrences(self, date=None):
        """Create the missing occurrences up to each schedule's horizon, idempotently: dates that
        already have an event (also archived ones: archiving an occurrence cancels it for good)
        are skipped, and so are those whose venue is booked (reported once in the chatter).
        Returns the new events."""
        today = fields.Date.to_date(date) or fields.Date.context_today(self)
        Event = self.env["event.event"].with_context(active_test=False)
        existing = {
            (schedule.id, day)
            for schedule, day in Event._read_group(
                [("schedule_id", "in", self.ids), ("occurrence_date", ">=", today)],
                ["schedule_id", "occurrence_date:day"],
            )
        }
        candidates = []
        for schedule in self:
            horizon = today + timedelta(days=schedule.horizon_days)
            for day in schedule._get_occurrence_dates(today, horizon):
                if (schedule.id, day) not in existing:
                    candidates.append((schedule, day, schedule._prepare_event_vals(day)))
        if not candidates:
            return Event.browse()
        skipped = self._find_booked_occurrences(
            Event, Event._get_venue_rows([(None, vals) for __, __, vals in candidates])
        )
        vals_list = [
            vals for index, (__, __, vals) in enumerate(candidates) if index not in skipped
        ]
        events = Event.create(vals_list) if vals_list else Event.browse()
        self._report_skipped(
            {index: candidates[index][:2] + (name,) for index, name in skipped.items()}, today
        )
        to_publish = events.filtered(lambda e: e.schedule_id.auto_publish)
        if to_publish:
            to_publish.action_publish_and_invite()
        return events

    @api.model
    def _find_booked_occurrences(self, Event, rows):
        """{candidate index: name of the event holding the venue} for the occurrences whose
        venue is booked, by a stored event or by an earlier occurrence of the same run."""
        conflicts = VENUE_OVERLAP.find_stored(Event, rows)
        skipped = {}
        accepted = []
        for row in rows:
            other = conflicts.get(row.index)
            clash = next((prev for prev in accepted if VENUE_OVERLAP.overlaps(prev, row)), None)
            if other or clash:
                skipped[row.index] = other.record.name if other else clash.name
            else:
                accepted.append(row)
        return skipped

    def _report_skipped(self, skipped, today):
        """Log the occurrences skipped for a booked venue; post each date once per schedule."""
        by_schedule = {}
        for schedule, day, other in skipped.values():
            by_schedule.setdefault(schedule, []).append((day, other))
        for schedule, items in by_schedule.items():
            # Dates already reported, pruned of the past ones.
            known = {day for day in schedule.skipped_dates or [] if day >= today.isoformat()}
            new = [(day, other) for day, other in items if day.isoformat() not in known]
            _logger.info(
                "Event schedule %s: %d occurrence(s) skipped, venue booked", schedule.id, len(items)
            )
            if not new:
                continue
            schedule.skipped_dates = sorted(known | {day.isoformat() for day, __ in new})
            schedule.message_post(
                body=self.env._(
                    "Occurrences not created because the venue %(venue)s is already booked: "
                    "%(dates)s. Move the other event or book another venue for these dates.",
                    venue=schedule.venue_id.display_name,
                    dates=", ".join(f"{day} ({other})" for day, other in new),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_generate_occurrences(self):
        self._generate_occurrences()
        return self.action_view_events()

    def action_view_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm_event.event_event_action_community"
        )
        action["domain"] = [("schedule_id", "=", self.id)]
        action["context"] = {"search_default_upcoming": 1}
        return action

    @api.model
    def _cron_generate_event_occurrences(self, date=None):
        """Daily: generate the occurrences of every running schedule up to its horizon.

        Run by the scheduler, one call handles at most ``apartment_crm.cron_batch_size`` (200)
        schedules not done that day (``occurrences_generated_date``), locked with SKIP LOCKED
        so that two runs at once take different schedules, and reports the rest through
        ``ir.cron._notify_progress``; the scheduler commits and calls again while schedules
        remain. A misconfigured schedule is logged, noted on it and skipped.
        """
        today = fields.Date.to_date(date) or fields.Date.context_today(self)
        domain = not_done_on(
            self.env,
            ["|", ("date_until", "=", False), ("date_until", ">=", today)],
            "occurrences_generated_date",
            today,
        )
        schedules = self.search(domain, order="id")
        batch, remaining = take_batch(
            self.env, schedules, param="apartment_crm.cron_batch_size", default=200
        )
        if is_scheduler_run(self.env):
            batch = lock_batch(batch, len(batch))
        for schedule in batch:
            schedule._generate_occurrences_savepoint(today)
        batch.sudo().write({"occurrences_generated_date": today})
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return True

    def _generate_occurrences_savepoint(self, today):
        """Generate the schedule's occurrences in a savepoint: one misconfigured schedule, or
        one a concurrent run just generated, must not stop the others."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._generate_occurrences(today)
        except (pg_errors.UniqueViolation, pg_errors.SerializationFailure):
            _logger.warning(
                "Event schedule %s: occurrences generated concurrently by another run; skipped.",
                self.id,
            )
        except (UserError, ValidationError) as error:
            _logger.warning(
                "Event schedule %s (%s): occurrences not generated: %s",
                self.id,
                self.name,
                error,
            )
            self.message_post(
                body=self.env._("Occurrences could not be generated: %(error)s", error=str(error)),
                subtype_xmlid="mail.mt_note",
            )
