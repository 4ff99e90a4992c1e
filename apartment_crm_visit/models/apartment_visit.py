# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date as Date
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.apartment_crm.models.mail_followers import BATCH_ACTIVITY_CONTEXT
from odoo.addons.apartment_crm.tools import (
    check_state,
    check_workflow_fields,
    get_batch_size,
    is_scheduler_run,
    workflow_write,
)

DEFAULT_INTERVAL_MONTHS = 3


class ApartmentVisit(models.Model):
    """A regular visit (定期回访) of a tenant by their housekeeper, one per tenant and period.

    The daily planner gives each tenant with an active lease one visit per calendar period of
    their tier's rhythm (quarterly by default), spread evenly over the working days left in the
    period for each housekeeper, with an activity on the tenant. The housekeeper logs the
    outcome (reached or not, satisfaction, issue raised) with the visit's buttons; the outcome
    is posted on the tenant.
    """

    _name = "apartment.visit"
    _description = "Regular Tenant Visit"
    _order = "date_planned desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Tenant", required=True, index=True, ondelete="cascade"
    )
    lease_id = fields.Many2one("apartment.lease", check_company=True, index="btree_not_null")
    property_id = fields.Many2one(
        related="lease_id.property_id", string="Building", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one("res.users", string="Housekeeper", index=True)
    period_start = fields.Date(required=True, index=True)
    period_end = fields.Date(required=True)
    date_planned = fields.Date(string="Planned On", required=True, index=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("reached", "Reached"),
            ("not_reached", "Not Reached"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="planned",
        readonly=True,
        index=True,
        copy=False,
    )
    date_done = fields.Date(string="Logged On", readonly=True, copy=False)
    satisfaction = fields.Selection(
        [
            ("1", "1 - Very unsatisfied"),
            ("2", "2 - Unsatisfied"),
            ("3", "3 - Neutral"),
            ("4", "4 - Satisfied"),
            ("5", "5 - Very satisfied"),
        ],
        help="How satisfied the tenant said they are.",
    )
    issue = fields.Text(
        string="Issue Raised", help="A problem the tenant raised, e.g. to open a ticket."
    )
    note = fields.Text()
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")

    _sql_constraints = [
        (
            "partner_period_uniq",
            "unique(partner_id, period_start)",
            "A tenant has one regular visit per period.",
        ),
        (
            "period_order",
            "CHECK(period_end >= period_start AND date_planned >= period_start "
            "AND date_planned <= period_end)",
            "A visit is planned within its period.",
        ),
    ]

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for visit in self:
            visit.is_overdue = visit.state == "planned" and visit.date_planned < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [
            ("state", "=", "planned"),
            ("date_planned", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "planned") != "planned":
                check_workflow_fields(self, vals, ["state"], self._get_workflow_message())
        return super().create(vals_list)

    def write(self, vals):
        check_workflow_fields(self, vals, ["state", "date_done"], self._get_workflow_message())
        return super().write(vals)

    def _get_workflow_message(self):
        return self.env._(
            "%(fields)s of visit %(record)s cannot be written directly: use the buttons "
            "Reached, Not Reached and Cancel."
        )

    # ------------------------------------------------------------------------------------------
    # Outcome
    # ------------------------------------------------------------------------------------------
    def _check_state(self, allowed, action_label):
        check_state(
            self,
            allowed,
            action_label,
            self.env._(
                "Cannot %(action)s visit %(record)s: it is %(state)s; only %(allowed)s visits "
                "can be %(action)s."
            ),
        )

    def action_reached(self):
        """The housekeeper met or spoke with the tenant: log the outcome on the tenant."""
        self._check_state(("planned",), self.env._("log as reached"))
        for visit in self:
            if not visit.satisfaction:
                raise UserError(
                    self.env._(
                        "Visit of %(tenant)s: fill in Satisfaction (1 to 5) before logging it "
                        "as reached.",
                        tenant=visit.partner_id.display_name,
                    )
                )
        self._log_outcome("reached")
        return True

    def action_not_reached(self):
        self._check_state(("planned",), self.env._("log as not reached"))
        self._log_outcome("not_reached")
        return True

    def action_cancel(self):
        self._check_state(("planned",), self.env._("cancel"))
        workflow_write(self, {"state": "cancelled"})
        self.activity_id.sudo().unlink()
        return True

    def _log_outcome(self, state):
        today = fields.Date.context_today(self)
        workflow_write(self, {"state": state, "date_done": today})
        for visit in self:
            summary = visit._get_outcome_summary()
            if visit.activity_id:
                visit.activity_id.sudo()._action_done(feedback=summary)
            visit.partner_id.sudo().message_post(
                body=summary, subtype_xmlid="mail.mt_note", author_id=self.env.user.partner_id.id
            )
        self._on_outcome_logged()

    def _on_outcome_logged(self):
        """Hook: after the outcome is logged (bridges add e.g. a ticket for the issue)."""
        return True

    def _get_outcome_summary(self):
        self.ensure_one()
        states = dict(self._fields["state"]._description_selection(self.env))
        levels = dict(self._fields["satisfaction"]._description_selection(self.env))
        lines = [
            self.env._(
                "Regular visit (%(start)s to %(end)s): %(state)s",
                start=self.period_start,
                end=self.period_end,
                state=states[self.state],
            )
        ]
        if self.satisfaction:
            lines.append(self.env._("Satisfaction: %(level)s", level=levels[self.satisfaction]))
        if self.issue:
            lines.append(self.env._("Issue raised: %(issue)s", issue=self.issue))
        if self.note:
            lines.append(self.note)
        return Markup("<br/>").join(lines)

    # ------------------------------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_period(self, day, months):
        """(start, end) of the calendar period of ``months`` months holding ``day``."""
        months = months if months in (1, 2, 3, 4, 6, 12) else DEFAULT_INTERVAL_MONTHS
        start = Date(day.year, (day.month - 1) // months * months + 1, 1)
        return start, start + relativedelta(months=months) - timedelta(days=1)

    @api.model
    def _get_working_days(self, start, end):
        days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        working = [day for day in days if day.weekday() < 5]
        return working or days

    @api.model
    def _get_planning_lease_domain(self, date):
        return [("state", "=", "active"), ("date_start", "<=", date), ("date_end", ">=", date)]

    @api.model
    def _cron_plan_visits(self, date=None):
        """Plan the current period's visit of every tenant with an active lease who has none.

        Idempotent: the key is (tenant, period start), looked up once for the batch and
        guarded by a unique index. Per housekeeper and period, the new visits are spread evenly
        over the working days from ``date`` to the end of the period (tenants in a stable
        order), so a housekeeper's load is even.

        Run by the scheduler, one call plans a batch of housekeeper periods (committed, the
        rest reported through ``ir.cron._notify_progress``); a tenant planned is not planned
        again by the next call."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        leases = (
            self.env["apartment.lease"]
            .sudo()
            .search(self._get_planning_lease_domain(date), order="date_start, id")
        )
        by_partner = {}
        for lease in leases:
            by_partner.setdefault(lease.partner_id.commercial_partner_id, lease)
        periods = {}
        for partner in by_partner:
            months = partner.tenant_tier_id.visit_interval_months or DEFAULT_INTERVAL_MONTHS
            periods[partner] = self._get_period(date, months)
        existing = {
            (partner.id, start)
            for partner, start in self.sudo()._read_group(
                [("partner_id", "in", [p.id for p in by_partner])],
                ["partner_id", "period_start:day"],
            )
        }
        groups = {}
        for partner, lease in by_partner.items():
            start, end = periods[partner]
            if (partner.id, start) in existing:
                continue
            groups.setdefault((lease.user_id, start, end), []).append((partner, lease))
        left = 0
        if is_scheduler_run(self.env):
            # One call plans whole (housekeeper, period) groups, at most
            # apartment_crm.cron_batch_size tenants (a bigger group alone), so each group's
            # visits are spread evenly by one call; the next call finds them planned.
            size = get_batch_size(self.env, "apartment_crm.cron_batch_size", 200)
            taken, count = {}, 0
            for key, items in groups.items():
                if not taken or count + len(items) <= size:
                    taken[key] = items
                    count += len(items)
                else:
                    left += len(items)
            groups = taken
        vals_list = []
        for (user, start, end), items in groups.items():
            days = self._get_working_days(max(start, date), end)
            items.sort(key=lambda item: item[0].id)
            for index, (partner, lease) in enumerate(items):
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "lease_id": lease.id,
                        "company_id": lease.company_id.id,
                        "user_id": user.id,
                        "period_start": start,
                        "period_end": end,
                        "date_planned": days[index * len(days) // len(items)],
                    }
                )
        visits = self.sudo().create(vals_list)
        visits._schedule_activities()
        if is_scheduler_run(self.env):
            self.env["ir.cron"]._notify_progress(done=len(visits), remaining=left)
        return visits

    def _schedule_activities(self):
        if not self:
            return self.env["mail.activity"]
        activity_type = self.env.ref("mail.mail_activity_data_call")
        model_id = self.env["ir.model"]._get_id("res.partner")
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(**BATCH_ACTIVITY_CONTEXT)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": visit.partner_id.id,
                        "activity_type_id": activity_type.id,
                        "user_id": (visit.user_id or self.env.user).id,
                        "date_deadline": visit.date_planned,
                        "summary": self.env._(
                            "Regular visit of %(tenant)s", tenant=visit.partner_id.name
                        ),
                        "note": self.env._(
                            "Visit or call the tenant, then log the outcome on the visit "
                            "(reached or not, satisfaction, issues)."
                        ),
                    }
                    for visit in self
                ]
            )
        )
        for visit, activity in zip(self, activities, strict=True):
            visit.activity_id = activity
        return activities
