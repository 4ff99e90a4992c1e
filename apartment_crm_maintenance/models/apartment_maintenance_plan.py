# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import math
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.apartment_crm.tools import not_done_on, take_batch

_logger = logging.getLogger(__name__)

# Bounds of the plan's numbers (also in SQL): a plan every 1,000 units at most, requests
# created at most a year ahead, at most 1,000 hours of work per occurrence.
MAX_INTERVAL = 1000
MAX_HORIZON_DAYS = 366
MAX_DURATION = 1000.0
# Advisory lock namespace of the plan generation (any constant distinct from other locks).
PLAN_LOCK_KEY = 7317


class ApartmentMaintenancePlan(models.Model):
    """A preventive maintenance plan (定期巡检计划): every N days / weeks / months / years,
    for one piece of equipment or every piece of a category (optionally in one building).

    The plan creates its maintenance requests ahead of time (``horizon_days``), one per
    equipment and occurrence date: the key (plan, equipment, date) is unique in SQL, so two
    cron runs or two workers never create an occurrence twice.
    """

    _name = "apartment.maintenance.plan"
    _description = "Preventive Maintenance Plan"
    _inherit = ["mail.thread"]
    _check_company_auto = True
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    category_id = fields.Many2one(
        "maintenance.equipment.category",
        string="Equipment Category",
        check_company=True,
        index="btree_not_null",
        help="The plan applies to every piece of equipment of this category (in the building "
        "below, if set), unless one piece of equipment is chosen.",
    )
    property_id = fields.Many2one(
        "apartment.property",
        string="Building",
        check_company=True,
        help="Limit a category plan to the equipment of one building.",
    )
    equipment_id = fields.Many2one(
        "maintenance.equipment",
        check_company=True,
        index="btree_not_null",
        help="The plan applies to this piece of equipment only.",
    )
    interval = fields.Integer(string="Every", default=1, required=True, tracking=True)
    interval_unit = fields.Selection(
        [("day", "Days"), ("week", "Weeks"), ("month", "Months"), ("year", "Years")],
        default="month",
        required=True,
        tracking=True,
    )
    start_date = fields.Date(
        string="First Occurrence",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    horizon_days = fields.Integer(
        string="Plan Ahead (days)",
        default=30,
        required=True,
        help="Maintenance requests are created this many days before their date.",
    )
    duration = fields.Float(string="Duration (hours)", default=1.0)
    maintenance_team_id = fields.Many2one(
        "maintenance.team",
        string="Team",
        check_company=True,
        help="Team of the requests; empty: the team of each piece of equipment.",
    )
    checklist = fields.Html(
        translate=True,
        help="What the technician checks at each occurrence; copied into each request.",
    )
    request_ids = fields.One2many("maintenance.request", "apartment_plan_id", string="Requests")
    request_count = fields.Integer(compute="_compute_request_count")
    next_date = fields.Date(
        string="Next Occurrence",
        compute="_compute_next_date",
        help="The first occurrence from today on.",
    )
    requests_generated_date = fields.Date(
        string="Requests Generated On",
        readonly=True,
        copy=False,
        help="Technical: the day the scheduled action last generated this plan's requests (its "
        "committed batches resume with the plans not done that day).",
    )

    _sql_constraints = [
        (
            "interval_bounds",
            f"CHECK(interval > 0 AND interval <= {MAX_INTERVAL})",
            "The plan's interval (Every) must be between 1 and 1000.",
        ),
        (
            "horizon_bounds",
            f"CHECK(horizon_days >= 0 AND horizon_days <= {MAX_HORIZON_DAYS})",
            "Plan Ahead (days) must be between 0 and 366.",
        ),
        (
            "duration_bounds",
            f"CHECK(duration >= 0 AND duration <= {MAX_DURATION})",
            "The Duration (hours) of a plan must be between 0 and 1000.",
        ),
        (
            "target_set",
            "CHECK(category_id IS NOT NULL OR equipment_id IS NOT NULL)",
            "A plan needs an Equipment Category or a piece of Equipment.",
        ),
    ]

    def _compute_request_count(self):
        counts = dict(
            self.env["maintenance.request"]._read_group(
                [("apartment_plan_id", "in", self.ids)], ["apartment_plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.request_count = counts.get(plan, 0)

    @api.depends("start_date", "interval", "interval_unit")
    def _compute_next_date(self):
        today = fields.Date.context_today(self)
        for plan in self:
            dates = plan._get_occurrence_dates(today, today + relativedelta(years=2))
            plan.next_date = dates[0] if dates else False

    @api.constrains("interval", "horizon_days", "duration")
    def _check_bounds(self):
        for plan in self:
            if not 0 < plan.interval <= MAX_INTERVAL:
                raise ValidationError(
                    self.env._(
                        "Plan %(plan)s: the interval (Every) must be between 1 and %(max)s.",
                        plan=plan.name,
                        max=MAX_INTERVAL,
                    )
                )
            if not 0 <= plan.horizon_days <= MAX_HORIZON_DAYS:
                raise ValidationError(
                    self.env._(
                        "Plan %(plan)s: Plan Ahead (days) must be between 0 and %(max)s.",
                        plan=plan.name,
                        max=MAX_HORIZON_DAYS,
                    )
                )
            if not (math.isfinite(plan.duration) and 0 <= plan.duration <= MAX_DURATION):
                raise ValidationError(
                    self.env._(
                        "Plan %(plan)s: the Duration (hours) must be a number between 0 and "
                        "%(max)s.",
                        plan=plan.name,
                        max=int(MAX_DURATION),
                    )
                )

    @api.constrains("equipment_id", "category_id", "property_id")
    def _check_target(self):
        for plan in self.filtered("equipment_id"):
            equipment = plan.equipment_id
            if plan.category_id and equipment.category_id != plan.category_id:
                raise ValidationError(
                    self.env._(
                        "Plan %(plan)s: equipment %(equipment)s is not of category "
                        "%(category)s; clear the category or choose another equipment.",
                        plan=plan.name,
                        equipment=equipment.display_name,
                        category=plan.category_id.display_name,
                    )
                )

    def write(self, vals):
        if "requests_generated_date" in vals and not self.env.su:
            # Only the scheduled action writes it: a user setting it would make the scheduler
            # skip the plan for the day.
            raise UserError(
                self.env._("Requests Generated On is set by the scheduled action only.")
            )
        return super().write(vals)

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------
    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "maintenance.hr_equipment_request_action"
        )
        action.update(
            {
                "domain": [("apartment_plan_id", "=", self.id)],
                "context": {"default_apartment_plan_id": self.id},
                "view_mode": "list,kanban,form,calendar",
                "views": [(False, "list"), (False, "kanban"), (False, "form"), (False, "calendar")],
            }
        )
        return action

    def action_generate_requests(self):
        """Create the requests of the coming horizon now (what the daily cron does)."""
        self._generate_requests(fields.Date.context_today(self))
        return True

    # ------------------------------------------------------------------------------------------
    # Occurrences and generation
    # ------------------------------------------------------------------------------------------
    def _get_step(self, count=1):
        self.ensure_one()
        return relativedelta(**{f"{self.interval_unit}s": self.interval * count})

    def _get_first_index(self, date_from):
        """An index k with start + k·step <= date_from (or 0), so iterating from it is short."""
        self.ensure_one()
        if date_from <= self.start_date:
            return 0
        if self.interval_unit in ("day", "week"):
            days = self.interval * (7 if self.interval_unit == "week" else 1)
            return (date_from - self.start_date).days // days
        months = (date_from.year - self.start_date.year) * 12 + (
            date_from.month - self.start_date.month
        )
        months_per_step = self.interval * (12 if self.interval_unit == "year" else 1)
        return max(months // months_per_step - 1, 0)

    def _get_occurrence_dates(self, date_from, date_to):
        """The occurrence dates of the plan within [date_from, date_to], each computed from the
        start date (start + k·step, so the 31st stays the month's last day, without drift)."""
        self.ensure_one()
        if not (self.start_date and self.interval_unit) or self.interval <= 0:
            return []
        dates = []
        index = self._get_first_index(date_from)
        while True:
            occurrence = self.start_date + self._get_step(index)
            if occurrence > date_to:
                return dates
            if occurrence >= date_from:
                dates.append(occurrence)
            index += 1

    def _get_plan_equipment(self):
        """{plan: equipment recordset} for the plans of ``self``, with one search for all the
        category plans."""
        result = {plan: plan.equipment_id for plan in self.filtered("equipment_id")}
        category_plans = self - self.filtered("equipment_id")
        if not category_plans:
            return result
        equipment = self.env["maintenance.equipment"].search(
            [("category_id", "in", category_plans.category_id.ids)], order="id"
        )
        by_key = defaultdict(list)
        for item in equipment:
            by_key[item.category_id.id, item.company_id.id].append(item.id)
        Equipment = self.env["maintenance.equipment"]
        for plan in category_plans:
            items = Equipment.browse(by_key[plan.category_id.id, plan.company_id.id])
            if plan.property_id:
                items = items.filtered(lambda e, p=plan.property_id: e.property_id == p)
            result[plan] = items
        return result

    def _lock_for_generation(self):
        """The plans of ``self`` that no other transaction is generating right now (a
        transaction-scoped advisory lock each, taken without waiting)."""
        if not self:
            return self
        self.env.cr.execute(
            SQL(
                "SELECT id FROM unnest(%s::int[]) AS id WHERE pg_try_advisory_xact_lock(%s, id)",
                self.ids,
                PLAN_LOCK_KEY,
            )
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    def _get_existing_occurrences(self, date_from, date_to):
        """{(plan id, equipment id, date)} already created in the window, in one query."""
        self.env["maintenance.request"].flush_model(
            ["apartment_plan_id", "equipment_id", "apartment_occurrence_date"]
        )
        self.env.cr.execute(
            SQL(
                "SELECT apartment_plan_id, equipment_id, apartment_occurrence_date "
                "FROM maintenance_request WHERE apartment_plan_id = ANY(%s) "
                "AND apartment_occurrence_date BETWEEN %s AND %s",
                self.ids,
                date_from,
                date_to,
            )
        )
        return set(self.env.cr.fetchall())

    def _get_schedule_datetime(self, occurrence):
        """09:00 on the occurrence date, in the company's time zone, as naive UTC."""
        self.ensure_one()
        tz = pytz.timezone(self.company_id.partner_id.tz or self.env.user.tz or "UTC")
        local = tz.localize(datetime.combine(occurrence, time(9, 0)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _prepare_request_vals(self, equipment, occurrence):
        """Values of the request of one occurrence (meant to be extended)."""
        self.ensure_one()
        vals = {
            "name": self.env._(
                "%(plan)s - %(equipment)s", plan=self.name, equipment=equipment.name
            ),
            "company_id": equipment.company_id.id or self.company_id.id,
            "equipment_id": equipment.id,
            "maintenance_type": "preventive",
            "apartment_plan_id": self.id,
            "apartment_occurrence_date": occurrence,
            "request_date": occurrence,
            "schedule_date": self._get_schedule_datetime(occurrence),
            "duration": self.duration,
            "description": self.checklist,
            "owner_user_id": False,
        }
        team = self.maintenance_team_id or equipment.maintenance_team_id
        if team:  # else the request's default team
            vals["maintenance_team_id"] = team.id
        return vals

    def _generate_requests(self, date):
        """Create the missing requests of the plans of ``self`` with a date in
        [date, date + horizon]. Plans another worker is generating are skipped (it makes
        them); a plan whose occurrence another worker committed meanwhile is skipped on the
        unique key. Returns the created requests."""
        plans = self.filtered("active")._lock_for_generation()
        if not plans:
            return self.env["maintenance.request"]
        date_to = date + timedelta(days=max(plans.mapped("horizon_days")))
        existing = plans._get_existing_occurrences(date, date_to)
        targets = plans._get_plan_equipment()
        Request = self.env["maintenance.request"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, apartment_plan_batch=True
        )
        created = Request
        # Odoo's default stage is a search per request: once for the batch.
        stage = Request._default_stage()
        for plan in plans:
            vals_list = [
                {"stage_id": stage.id, **plan._prepare_request_vals(equipment, occurrence)}
                for occurrence in plan._get_occurrence_dates(
                    date, date + timedelta(days=plan.horizon_days)
                )
                for equipment in targets.get(plan, ())
                if (plan.id, equipment.id, occurrence) not in existing
            ]
            if not vals_list:
                continue
            try:
                with self.env.cr.savepoint():
                    created |= Request.create(vals_list)
            except UniqueViolation:
                _logger.info("Plan %s: occurrences created meanwhile by another worker", plan.id)
        created._schedule_plan_activities()
        return created

    @api.model
    def _cron_generate_requests(self, date=None):
        """Daily: generate the requests of every plan up to its horizon (idempotent: a unique
        key per plan, equipment and occurrence).

        Run by the scheduler, one call handles at most ``apartment_crm.cron_batch_size`` (200)
        plans not done that day (``requests_generated_date``) and reports the rest through
        ``ir.cron._notify_progress``; the scheduler commits and calls again while plans remain.
        """
        date = date or fields.Date.context_today(self)
        domain = not_done_on(
            self.env,
            [("start_date", "<=", date + timedelta(days=MAX_HORIZON_DAYS))],
            "requests_generated_date",
            date,
        )
        plans = self.search(domain, order="id")
        plans, remaining = take_batch(
            self.env, plans, param="apartment_crm.cron_batch_size", default=200
        )
        for company, company_plans in plans.grouped("company_id").items():
            company_plans.with_company(company)._generate_requests(date)
        plans.sudo().write({"requests_generated_date": date})
        self.env["ir.cron"]._notify_progress(done=len(plans), remaining=remaining)
        return True
