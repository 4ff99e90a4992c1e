# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import split_every

from odoo.addons.apartment_crm.tools import (
    check_workflow_fields,
    concurrent_batch,
    lock_scheduler_batch,
    not_done_in_run,
    stamp_done,
    workflow_write,
)

from .apartment_sla_policy import TICKET_KINDS

SLA_TARGETS = ("response", "resolution")
TARGET_STATES = [
    ("none", "No SLA"),
    ("ongoing", "On Track"),
    ("at_risk", "At Risk"),
    ("met", "Met"),
    ("breached", "Breached"),
]
RATINGS = [
    ("1", "Very unhappy"),
    ("2", "Unhappy"),
    ("3", "Neutral"),
    ("4", "Happy"),
    ("5", "Very happy"),
]
# Set by the SLA engine and the rating routes only (``workflow_write``): a user who could write
# them would fake an SLA result or a rating (and its survey points).
SLA_SYSTEM_FIELDS = (
    "sla_start_date",
    "sla_resolution_start_date",
    "sla_response_target",
    "sla_resolution_target",
    "response_deadline",
    "resolution_deadline",
    "first_response_date",
    "resolved_date",
    "reopen_count",
    "sla_paused",
    "sla_response_minutes",
    "sla_resolution_minutes",
    "sla_response_state",
    "sla_resolution_state",
    "sla_state",
    "rating_value",
    "rating_comment",
    "rating_date",
    "rating_token",
    "sla_checked_date",
)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"
    _check_company_auto = True
    _sla_batch_size = 1000
    # Fields whose change can move a ticket in or out of a pausing stage of its policy.
    _SLA_PAUSE_TRIGGERS = frozenset(
        [
            "stage_id",
            "sla_policy_id",
            "ticket_kind",
            "priority",
            "team_id",
            "category_id",
            "property_id",
            "partner_id",
            "tenant_tier_id",
        ]
    )

    priority = fields.Selection(tracking=True)
    ticket_kind = fields.Selection(
        TICKET_KINDS,
        string="Kind",
        default="other",
        required=True,
        tracking=True,
        index=True,
        help="Set at creation by the grading rules; a manual change is kept and tracked.",
    )
    # Where the ticket comes from (filled from the tenant's current lease, editable)
    lease_id = fields.Many2one(
        "apartment.lease",
        compute="_compute_lease_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        check_company=True,
    )
    unit_id = fields.Many2one(
        "apartment.unit",
        compute="_compute_unit_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    property_id = fields.Many2one(
        "apartment.property",
        compute="_compute_property_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        check_company=True,
    )
    tenant_tier_id = fields.Many2one(
        "apartment.tenant.tier",
        compute="_compute_tenant_tier_id",
        store=True,
        precompute=True,
        index=True,
        help="The tenant's tier; follows the tenant while the ticket is open.",
    )
    # SLA
    sla_policy_id = fields.Many2one(
        "apartment.sla.policy",
        string="SLA Policy",
        compute="_compute_sla_policy_id",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    sla_start_date = fields.Datetime(
        string="SLA Start",
        default=fields.Datetime.now,
        copy=False,
        help="When the response clock started (the ticket's creation).",
    )
    sla_resolution_start_date = fields.Datetime(
        string="Resolution Clock Start",
        default=fields.Datetime.now,
        copy=False,
        help="When the resolution clock started: the creation, or the last reopening.",
    )
    sla_response_target = fields.Integer(
        string="Response Target (min)", compute="_compute_sla_deadlines", store=True
    )
    sla_resolution_target = fields.Integer(
        string="Resolution Target (min)", compute="_compute_sla_deadlines", store=True
    )
    response_deadline = fields.Datetime(compute="_compute_sla_deadlines", store=True)
    resolution_deadline = fields.Datetime(compute="_compute_sla_deadlines", store=True)
    first_response_date = fields.Datetime(copy=False, tracking=True)
    resolved_date = fields.Datetime(copy=False, index=True)
    reopen_count = fields.Integer(copy=False, readonly=True)
    sla_paused = fields.Boolean(compute="_compute_sla_paused", store=True)
    sla_pause_ids = fields.One2many("apartment.sla.pause", "ticket_id", string="SLA Pauses")
    sla_response_minutes = fields.Float(
        string="Response Time (working min)",
        compute="_compute_sla_state",
        store=True,
        digits=(16, 1),
        help="Working minutes the response clock ran, pauses excluded.",
    )
    sla_resolution_minutes = fields.Float(
        string="Resolution Time (working min)",
        compute="_compute_sla_state",
        store=True,
        digits=(16, 1),
        help="Working minutes the resolution clock ran, pauses excluded.",
    )
    sla_response_state = fields.Selection(
        TARGET_STATES, string="Response SLA", compute="_compute_sla_state", store=True
    )
    sla_resolution_state = fields.Selection(
        TARGET_STATES, string="Resolution SLA", compute="_compute_sla_state", store=True
    )
    sla_state = fields.Selection(
        TARGET_STATES[:1] + [("paused", "Paused")] + TARGET_STATES[1:],
        string="SLA",
        compute="_compute_sla_state",
        store=True,
        index=True,
    )
    sla_response_remaining = fields.Char(
        string="Response Time Left", compute="_compute_sla_remaining"
    )
    sla_resolution_remaining = fields.Char(
        string="Resolution Time Left", compute="_compute_sla_remaining"
    )
    sla_checked_date = fields.Datetime(
        string="SLA Checked On",
        readonly=True,
        copy=False,
        help="When the escalation cron last refreshed this ticket's SLA state (a run of the "
        "cron in committed batches resumes from it).",
    )
    sla_escalation_log_ids = fields.One2many(
        "apartment.sla.escalation.log", "ticket_id", string="Escalations"
    )
    # Closed loop
    rating_value = fields.Selection(RATINGS, string="Satisfaction", tracking=True, copy=False)
    rating_comment = fields.Text(string="Satisfaction Comment", copy=False)
    rating_date = fields.Datetime(copy=False, readonly=True)
    rating_token = fields.Char(copy=False, groups="base.group_user", readonly=True)
    sla_flagged = fields.Boolean(
        string="Flagged for Manager",
        copy=False,
        tracking=True,
        help="Set by a low satisfaction rating when the company flags instead of reopening.",
    )

    def init(self):
        res = super().init()
        # The escalation cron reads only the open tickets under a policy.
        tools.create_index(
            self.env.cr,
            "helpdesk_ticket_sla_open_idx",
            self._table,
            ["id"],
            where="resolved_date IS NULL AND sla_policy_id IS NOT NULL",
        )
        return res

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("partner_id")
    def _compute_lease_id(self):
        for ticket in self:
            partner = ticket.partner_id.commercial_partner_id or ticket.partner_id
            ticket.lease_id = partner.current_lease_id

    @api.depends("lease_id")
    def _compute_unit_id(self):
        for ticket in self:
            if ticket.lease_id:
                ticket.unit_id = ticket.lease_id.unit_id

    @api.depends("lease_id", "unit_id")
    def _compute_property_id(self):
        for ticket in self:
            source = ticket.unit_id or ticket.lease_id
            if source:
                ticket.property_id = source.property_id

    @api.depends("user_id", "property_id")
    def _compute_team_id(self):
        # The building's service team first, then helpdesk_mgmt's default (the user's team).
        for ticket in self:
            if ticket.property_id.helpdesk_team_id:
                ticket.team_id = ticket.property_id.helpdesk_team_id
        return super()._compute_team_id()

    @api.depends("partner_id")
    def _compute_tenant_tier_id(self):
        for ticket in self:
            partner = ticket.partner_id.commercial_partner_id or ticket.partner_id
            ticket.tenant_tier_id = partner.tenant_tier_id

    @api.depends(
        "ticket_kind",
        "priority",
        "team_id",
        "category_id",
        "tenant_tier_id",
        "property_id",
        "company_id",
    )
    def _compute_sla_policy_id(self):
        policies = self.env["apartment.sla.policy"]._find_for_tickets(self)
        for ticket in self:
            ticket.sla_policy_id = policies[ticket]

    @api.depends("stage_id", "sla_policy_id")
    def _compute_sla_paused(self):
        for ticket in self:
            ticket.sla_paused = bool(
                ticket.stage_id
                and not ticket.stage_id.closed
                and ticket.stage_id in ticket.sla_policy_id.pause_stage_ids
            )

    @api.depends(
        "sla_policy_id",
        "tenant_tier_id",
        "sla_start_date",
        "sla_resolution_start_date",
        "sla_pause_ids.date_start",
        "sla_pause_ids.date_end",
    )
    def _compute_sla_deadlines(self):
        now = self._sla_now()
        requests = []
        for ticket in self:
            policy = ticket.sla_policy_id
            pauses = ticket._sla_get_pauses(now)
            for target in SLA_TARGETS:
                minutes = policy and policy._get_target_minutes(target, ticket.tenant_tier_id)
                ticket[f"sla_{target}_target"] = minutes or 0
                if policy:
                    start = ticket._sla_get_start(target, now)
                    calendar = policy._get_calendar(target)
                    requests.append(((ticket.id, target), calendar, start, minutes, pauses))
        deadlines = self.env["resource.calendar"]._sla_plan_batch(requests)
        for ticket in self:
            for target in SLA_TARGETS:
                ticket[f"{target}_deadline"] = deadlines.get((ticket.id, target), False)

    @api.depends(
        "response_deadline",
        "resolution_deadline",
        "first_response_date",
        "resolved_date",
        "sla_paused",
    )
    def _compute_sla_state(self):
        now = self._sla_now()
        requests = []
        for ticket in self:
            policy = ticket.sla_policy_id
            if not policy:
                continue
            pauses = ticket._sla_get_pauses(now)
            for target in SLA_TARGETS:
                start = ticket._sla_get_start(target, now)
                stop = ticket._sla_get_stop(target) or now
                calendar = policy._get_calendar(target)
                requests.append(((ticket.id, target), calendar, start, stop, pauses))
        consumed = self.env["resource.calendar"]._sla_consumed_batch(requests)
        for ticket in self:
            states = {}
            for target in SLA_TARGETS:
                minutes = consumed.get((ticket.id, target), 0.0)
                ticket[f"sla_{target}_minutes"] = round(minutes, 1)
                states[target] = ticket._sla_get_target_state(target, minutes)
                ticket[f"sla_{target}_state"] = states[target]
            ticket.sla_state = ticket._sla_get_overall_state(states)

    @api.depends("response_deadline", "resolution_deadline", "sla_state")
    def _compute_sla_remaining(self):
        now = self._sla_now()
        for ticket in self:
            for target in SLA_TARGETS:
                ticket[f"sla_{target}_remaining"] = ticket._sla_format_remaining(target, now)

    # ------------------------------------------------------------------
    # SLA helpers (small and overridable)
    # ------------------------------------------------------------------
    def _sla_now(self):
        return self.env.context.get("sla_now") or fields.Datetime.now()

    def _sla_get_pauses(self, now):
        self.ensure_one()
        return sorted(pause._get_interval(now) for pause in self.sla_pause_ids)

    def _sla_get_start(self, target, now):
        self.ensure_one()
        if target == "resolution":
            return self.sla_resolution_start_date or self.sla_start_date or now
        return self.sla_start_date or now

    def _sla_get_stop(self, target):
        self.ensure_one()
        return self.first_response_date if target == "response" else self.resolved_date

    def _sla_get_target_state(self, target, minutes):
        self.ensure_one()
        deadline = self[f"{target}_deadline"]
        if not self.sla_policy_id or not deadline:
            return "none"
        stop = self._sla_get_stop(target)
        if stop:
            return "met" if stop <= deadline else "breached"
        goal = self[f"sla_{target}_target"]
        if minutes >= goal:
            return "breached"
        risk = (self.company_id or self.env.company).sla_at_risk_percent
        if minutes >= goal * risk / 100.0:
            return "at_risk"
        return "ongoing"

    def _sla_get_overall_state(self, states):
        self.ensure_one()
        if not self.sla_policy_id:
            return "none"
        if "breached" in states.values():
            return "breached"
        if self.resolved_date:
            return "met"
        if self.sla_paused:
            return "paused"
        if "at_risk" in states.values():
            return "at_risk"
        return "ongoing"

    def _sla_format_remaining(self, target, now):
        self.ensure_one()
        deadline = self[f"{target}_deadline"]
        if not deadline or self._sla_get_stop(target):
            return False
        minutes = int((deadline - now).total_seconds() // 60)
        text = self._sla_format_minutes(abs(minutes))
        if minutes < 0:
            return self.env._("%(time)s overdue", time=text)
        return self.env._("%(time)s left", time=text)

    @api.model
    def _sla_format_minutes(self, minutes):
        days, rest = divmod(int(minutes), 1440)
        hours, mins = divmod(rest, 60)
        if days:
            return self.env._("%(d)sd %(h)sh %(m)smin", d=days, h=hours, m=mins)
        if hours:
            return self.env._("%(h)sh %(m)smin", h=hours, m=mins)
        return self.env._("%(m)smin", m=mins)

    def _sla_recompute(self, states_only=False):
        """Recompute deadlines (unless states_only) and the live SLA states, in one flush."""
        if not self:
            return
        groups = [] if states_only else [["sla_response_target", "response_deadline"]]
        groups.append(["sla_state"])
        for fnames in groups:
            for fname in fnames:
                self.env.add_to_compute(self._fields[fname], self)
            self._recompute_recordset(fnames)
        self.flush_recordset()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _sla_check_system_fields(self, vals):
        check_workflow_fields(
            self,
            vals,
            SLA_SYSTEM_FIELDS,
            self.env._(
                "%(fields)s of ticket %(record)s cannot be written: the SLA clock sets them "
                "when the ticket moves stage or gets its first answer, and the rating comes "
                "from the tenant (rating link or portal) or from the Record Rating action on "
                "a closed ticket."
            ),
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._sla_check_system_fields(vals)
        graded = self._sla_grade_vals_list(vals_list)
        tickets = super().create(vals_list)
        tickets._sla_sync_pauses()
        tickets._sla_on_stage_change()
        tickets._sla_compute_pending()
        for ticket, rules in zip(tickets, graded, strict=True):
            if rules:
                ticket._message_log(
                    body=self.env._(
                        "Graded by rule(s) %(rules)s: kind %(kind)s, priority %(priority)s.",
                        rules=", ".join(rules.mapped("name")),
                        kind=dict(self._fields["ticket_kind"]._description_selection(self.env))[
                            ticket.ticket_kind
                        ],
                        priority=dict(self._fields["priority"]._description_selection(self.env))[
                            ticket.priority
                        ],
                    )
                )
        return tickets

    def write(self, vals):
        self._sla_check_system_fields(vals)
        res = super().write(vals)
        if self._SLA_PAUSE_TRIGGERS.intersection(vals):
            self._sla_sync_pauses()
        if "stage_id" in vals:
            self._sla_on_stage_change()
        if vals.get("rating_value"):
            self._sla_on_rated()
        self._sla_compute_pending()
        return res

    def _sla_compute_pending(self):
        """Compute pending SLA values now, so that they use the current time."""
        self._recompute_recordset(["response_deadline", "sla_state", "sla_policy_id"])

    def _sla_grade_vals_list(self, vals_list):
        """Apply the grading rules to new tickets' values; return the matched rules of each."""
        # Rules are configuration: every ticket creator (helpdesk user, portal) applies them.
        Rule = self.env["apartment.ticket.grading.rule"].sudo()
        graded = []
        rules_by_company = {}
        for vals in vals_list:
            if self.env.context.get("sla_skip_grading"):
                graded.append(Rule)
                continue
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if company not in rules_by_company:
                rules_by_company[company] = Rule._get_rules(company)
            kind, priority, rules = Rule._grade(
                vals.get("name"),
                vals.get("description"),
                self.env["helpdesk.ticket.category"].browse(vals.get("category_id")),
                partner.commercial_partner_id.tenant_tier_id,
                company,
                rules=rules_by_company[company],
            )
            ungraded = dict(vals)
            # "other" is the field default, which the web form always sends: it means
            # "not classified yet", so the rules may still grade the ticket.
            if kind and vals.get("ticket_kind") in (None, False, "other"):
                vals["ticket_kind"] = kind
            if priority and priority > (vals.get("priority") or "0"):
                vals["priority"] = priority
            if vals.get("sla_policy_id") and (
                vals.get("ticket_kind") != ungraded.get("ticket_kind")
                or vals.get("priority") != ungraded.get("priority")
            ):
                self._sla_drop_stale_policy(vals, ungraded)
            graded.append(rules)
        return graded

    def _sla_drop_stale_policy(self, vals, ungraded):
        """Let the policy follow the grading when the sent one was computed before it.

        The back-office form sends the policy it computed from the ungraded values; a policy
        the user chose on purpose (one that is not the ungraded match and fits the graded
        kind and priority) is kept.
        """
        Policy = self.env["apartment.sla.policy"]
        sent = Policy.browse(vals["sla_policy_id"])
        draft = self.new({key: value for key, value in ungraded.items() if key in self._fields})
        before = Policy._find_for_tickets(draft)[draft]
        draft.update({"ticket_kind": vals.get("ticket_kind"), "priority": vals.get("priority")})
        if sent == before or not sent._matches(draft):
            vals.pop("sla_policy_id")

    def _sla_sync_pauses(self):
        """Open a pause for tickets entering a pausing stage, close it for those leaving."""
        now = self._sla_now()
        # The pause log is system-kept: any user who moves a ticket records it.
        Pause = self.env["apartment.sla.pause"].sudo()
        open_pauses = Pause.search([("ticket_id", "in", self.ids), ("date_end", "=", False)])
        paused_ids = set(open_pauses.ticket_id.ids)
        open_pauses.filtered(lambda p: not p.ticket_id.sla_paused).write({"date_end": now})
        to_open = self.filtered(lambda t: t.sla_paused and t.id not in paused_ids)
        if to_open:
            Pause.create(
                [{"ticket_id": t.id, "stage_id": t.stage_id.id, "date_start": now} for t in to_open]
            )

    def _sla_on_stage_change(self):
        now = self._sla_now()
        by_stage = self.filtered(
            lambda t: not t.first_response_date
            and t.sla_policy_id.response_mode in ("stage", "both")
            and t.stage_id in t.sla_policy_id.response_stage_ids
        )
        if by_stage:
            workflow_write(by_stage, {"first_response_date": now})
        closing = self.filtered(lambda t: t.stage_id.closed and not t.resolved_date)
        reopening = self.filtered(lambda t: not t.stage_id.closed and t.resolved_date)
        if closing:
            closing._sla_close(now)
        if reopening:
            reopening._sla_reopen(now)

    def _sla_close(self, now):
        for ticket in self:
            workflow_write(
                ticket,
                {
                    "resolved_date": now,
                    # Closing answers the tenant at the latest.
                    "first_response_date": ticket.first_response_date or now,
                    "rating_token": secrets.token_urlsafe(24),
                    "rating_value": False,
                    "rating_comment": False,
                    "rating_date": False,
                },
            )
        self._sla_schedule_followup()
        self._sla_send_rating_link()

    def _sla_reopen(self, now):
        for ticket in self:
            workflow_write(
                ticket,
                {
                    "resolved_date": False,
                    "reopen_count": ticket.reopen_count + 1,
                    "sla_resolution_start_date": now,
                    "rating_token": False,
                },
            )
            ticket._message_log(
                body=self.env._(
                    "Ticket reopened (%(count)s): the resolution clock restarts and "
                    "escalations go one level higher.",
                    count=ticket.reopen_count,
                )
            )

    def _sla_get_followup_user(self):
        self.ensure_one()
        return self.user_id or self.team_id.user_id or self.env.user

    def _sla_schedule_followup(self):
        delay = (self.company_id[:1] or self.env.company).sla_followup_delay_days
        deadline = fields.Date.context_today(self) + timedelta(days=delay)
        for ticket in self:
            ticket.activity_schedule(
                "apartment_crm_sla.mail_activity_type_sla_followup",
                date_deadline=deadline,
                summary=self.env._("Follow-up visit: confirm the fix with the tenant"),
                user_id=ticket._sla_get_followup_user().id,
            )

    def _sla_get_rating_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/helpdesk/rate/{self.id}/{self.sudo().rating_token}"

    def _sla_send_rating_link(self):
        for ticket in self.filtered("partner_id"):
            ticket.message_post(
                body=Markup("<p>%s</p><p><a href='%s'>%s</a></p>")
                % (
                    self.env._("Your request is closed. How satisfied are you with our service?"),
                    ticket._sla_get_rating_url(),
                    self.env._("Rate the service"),
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
            )

    # ------------------------------------------------------------------
    # First response by message
    # ------------------------------------------------------------------
    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        if self._sla_is_response_message(message):
            self.filtered(
                lambda t: not t.first_response_date
                and t.sla_policy_id.response_mode in ("message", "both")
            )._sla_write_first_response(message.date or self._sla_now())
        return res

    def _sla_write_first_response(self, date):
        workflow_write(self, {"first_response_date": date})

    def _sla_is_response_message(self, message):
        """A public comment (not a note) written by an internal user who is not the tenant."""
        if message.message_type != "comment" or not message.subtype_id:
            return False
        if message.subtype_id.internal:
            return False
        author = message.author_id
        if not author or author in self.partner_id:
            return False
        return any(not user.share for user in author.sudo().user_ids)

    # ------------------------------------------------------------------
    # Rating
    # ------------------------------------------------------------------
    def _sla_rate(self, value, comment=False):
        """Record the tenant's rating (1-5); single use of the rating token."""
        self.ensure_one()
        if not self.resolved_date:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is not closed yet: it can be rated once it is resolved.",
                    ticket=self.display_name,
                )
            )
        workflow_write(
            self,
            {
                "rating_value": str(value),
                "rating_comment": comment or False,
                "rating_token": False,
            },
        )
        return True

    def action_record_rating(self, value, comment=False):
        """Staff record the rating the tenant gave them (phone, visit) on a closed ticket; the
        chatter keeps who did."""
        self.ensure_one()
        self.check_access("write")
        if not str(value).isdigit() or not 1 <= int(value) <= 5:
            raise UserError(
                self.env._("Satisfaction: give a rating from 1 (very unhappy) to 5 (very happy).")
            )
        if self.rating_value:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is already rated %(value)s/5: a rating is recorded once.",
                    ticket=self.display_name,
                    value=self.rating_value,
                )
            )
        self._sla_rate(int(value), comment if isinstance(comment, str) else False)
        self._message_log(
            body=self.env._(
                "Rated %(value)s/5 by %(user)s on behalf of the tenant.",
                value=int(value),
                user=self.env.user.display_name,
            )
        )
        return True

    def _sla_on_rated(self):
        workflow_write(self, {"rating_date": self._sla_now()})
        for ticket in self:
            company = ticket.company_id or self.env.company
            if int(ticket.rating_value) > company.sla_low_rating_threshold:
                continue
            if company.sla_low_rating_action == "reopen" and ticket.resolved_date:
                ticket._sla_reopen_for_low_rating()
            else:
                ticket._sla_flag_for_manager()

    def _sla_reopen_for_low_rating(self):
        self.ensure_one()
        stage = self.team_id._get_applicable_stages().filtered(lambda s: not s.closed)[:1]
        if not stage:
            return self._sla_flag_for_manager()
        self.write({"stage_id": stage.id})
        self._message_log(
            body=self.env._(
                "Reopened after a low satisfaction rating (%(value)s/5).", value=self.rating_value
            )
        )

    def _sla_get_manager_user(self):
        self.ensure_one()
        return self.property_id.manager_id or self.team_id.user_id or self.user_id

    def _sla_flag_for_manager(self):
        self.ensure_one()
        self.sla_flagged = True
        manager = self._sla_get_manager_user()
        if manager:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._(
                    "Low satisfaction rating %(value)s/5: call the tenant", value=self.rating_value
                ),
                note=self.rating_comment or "",
                user_id=manager.id,
            )

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------
    @api.model
    def _get_sla_escalation_domain(self):
        return [
            ("resolved_date", "=", False),
            ("sla_policy_id", "!=", False),
        ]

    @api.model
    def _cron_escalate_sla(self, now=None):
        """Refresh the SLA states of the open tickets and fire the escalation steps due.

        Idempotent: each step fires once per ticket, target and reopening (unique index).
        Run by the scheduler, one call takes at most ``apartment_crm.sla_batch_size`` (default
        1000) open tickets not checked by this run yet (``sla_checked_date``), skipping those
        another transaction holds, and reports the rest; the scheduler commits and calls
        again. A batch that a concurrent change makes fail is logged and rolled back, and the
        job runs again in a few minutes. Called by hand, it checks every open ticket at once.
        """
        now = now or fields.Datetime.now()
        tickets = self.with_context(sla_now=now)
        steps = self.env["apartment.sla.escalation.step"].search([("active", "=", True)])
        domain = not_done_in_run(self.env, self._get_sla_escalation_domain(), "sla_checked_date")
        todo = tickets.search(domain, order="id")
        batch = lock_scheduler_batch(
            self.env, todo, "apartment_crm.sla_batch_size", self._sla_batch_size
        )
        with concurrent_batch(self.env, "SLA escalation", batch) as state:
            for batch_ids in split_every(self._sla_batch_size, batch.ids):
                part = tickets.browse(batch_ids)
                part._sla_recompute(states_only=True)
                part._sla_escalate(steps, now)
            batch._sla_mark_checked()
        done = 0 if state["skipped"] else len(batch)
        self.env["ir.cron"]._notify_progress(done=done, remaining=len(todo) - done)
        return True

    def _sla_mark_checked(self):
        """Stamp these tickets as checked now (real time, whatever ``sla_now`` says): one
        UPDATE, not ``write``, so no tracking, no write date and no SLA hooks."""
        stamp_done(self, "sla_checked_date", fields.Datetime.now())

    # Long on purpose: one escalation step per breached ticket, one batch.
    def _sla_escalate(self, steps, now):
        if not steps:
            return
        Log = self.env["apartment.sla.escalation.log"].sudo()
        done = {
            (log.ticket_id.id, log.target, log.step_id.id, log.reopen_count)
            for log in Log.search([("ticket_id", "in", self.ids)])
        }
        ladder = list(steps)
        log_vals, activity_vals = [], []
        for ticket in self:
            if ticket.sla_paused:
                continue
            fired = []
            for target in SLA_TARGETS:
                for step, level in ticket._sla_get_due_steps(target, ladder, done):
                    users = ticket._sla_get_escalation_users(ladder[level])
                    fired.append((target, step, ladder[level], users))
                    log_vals.append(
                        {
                            "ticket_id": ticket.id,
                            "target": target,
                            "step_id": step.id,
                            "reopen_count": ticket.reopen_count,
                            "level": level,
                            "date": now,
                            "user_ids": [fields.Command.set(users.ids)],
                        }
                    )
            # Steps passed in the same pass (a late pass, both clocks) notify each person
            # once per ticket, for the highest step.
            notified = self.env["res.users"]
            for target, step, level_step, users in sorted(fired, key=lambda item: -item[2].percent):
                activity_vals += ticket._sla_prepare_escalation_activity_vals(
                    step, level_step, target, users - notified, now
                )
                notified |= users
        if log_vals:
            Log.create(log_vals)
        if activity_vals:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                activity_vals
            )

    def _sla_get_due_steps(self, target, ladder, done):
        """[(step, level)] of the steps of `ladder` due now on `target` and not yet fired."""
        self.ensure_one()
        goal = self[f"sla_{target}_target"]
        if not goal or self._sla_get_stop(target):
            return []
        percent = 100.0 * self[f"sla_{target}_minutes"] / goal
        due = []
        for rank, step in enumerate(ladder):
            key = (self.id, target, step.id, self.reopen_count)
            if key in done or not step._applies_to(target) or percent < step.percent:
                continue
            due.append((step, min(rank + self.reopen_count, len(ladder) - 1)))
        return due

    def _sla_get_escalation_users(self, step):
        self.ensure_one()
        if step.notify == "leaders":
            users = self.team_id.user_id | self.property_id.manager_id
            return users or self.user_id
        return self.user_id or self.team_id.user_id

    def _sla_prepare_escalation_activity_vals(self, step, level_step, target, users, now):
        self.ensure_one()
        model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
        deadline = self[f"{target}_deadline"]
        Log = self.env["apartment.sla.escalation.log"]
        target = dict(Log._fields["target"]._description_selection(self.env))[target]
        summary = self.env._(
            "SLA %(target)s %(percent)s%%: %(step)s",
            target=target,
            percent=step.percent,
            step=level_step.name,
        )
        note = self.env._(
            "Ticket %(ticket)s: %(target)s deadline %(deadline)s.",
            ticket=self.display_name,
            target=target,
            deadline=deadline and tools.format_datetime(self.env, deadline) or "-",
        )
        activity_type = level_step.activity_type_id or step.activity_type_id
        return [
            {
                "res_model_id": model_id,
                "res_id": self.id,
                "activity_type_id": activity_type.id,
                "user_id": user.id,
                "summary": summary,
                "note": note,
                "date_deadline": (deadline or now).date(),
            }
            for user in users
        ]
