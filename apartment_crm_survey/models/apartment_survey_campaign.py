# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from contextlib import nullcontext
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.apartment_crm.tools import (
    check_state,
    check_workflow_fields,
    concurrent_batch,
    get_batch_size,
    is_scheduler_run,
    take_batch,
    workflow_write,
)

_logger = logging.getLogger(__name__)

PULSE_KINDS = ("pulse_move_in", "pulse_renewal")
# Renewal window of a tenant without a tier (days before the lease ends).
DEFAULT_RENEWAL_LEAD_DAYS = 60


class ApartmentSurveyCampaign(models.Model):
    """One round of a tenant survey: a survey sent to the tenants of chosen buildings and tiers.

    Satisfaction and needs campaigns invite, when they start (and on "Invite newcomers"), every
    tenant with an active lease in the buildings, once per campaign. Pulse campaigns run
    continuously: a daily cron invites each lease once, 30 days after move-in or before its
    renewal window opens.
    """

    _name = "apartment.survey.campaign"
    _description = "Tenant Survey Campaign"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(
        [
            ("satisfaction", "Satisfaction survey"),
            ("needs", "Needs survey"),
            ("pulse_move_in", "Pulse after move-in"),
            ("pulse_renewal", "Pulse before renewal"),
        ],
        required=True,
        default="satisfaction",
        tracking=True,
        help="Satisfaction (half-yearly) and needs (quarterly) campaigns invite all targeted "
        "tenants at once; pulse campaigns invite each lease once, when its moment comes.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        required=True,
        ondelete="restrict",
        domain=[("access_mode", "=", "token")],
        help="The Odoo survey the tenants answer; its access must be 'Invited people only' so "
        "each tenant answers through their own invitation.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    property_ids = fields.Many2many(
        "apartment.property",
        string="Buildings",
        check_company=True,
        help="Tenants with an active lease in these buildings are invited; empty: every building "
        "of the company.",
    )
    tier_ids = fields.Many2many(
        "apartment.tenant.tier",
        string="Tiers",
        help="Only tenants of these tiers are invited; empty: every tier (and tenants without).",
    )
    date_start = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True, index=True
    )
    date_end = fields.Date(
        string="Deadline", tracking=True, help="No reminders after this day; empty: no deadline."
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("closed", "Closed")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        help="Gets the follow-up activities of tenants without a housekeeper.",
    )
    reminder_interval_days = fields.Integer(
        string="Remind Every (days)",
        default=7,
        help="Days between the invitation (or the last reminder) and the next reminder.",
    )
    reminder_max = fields.Integer(
        string="Reminders", default=2, help="At most this many reminders per tenant; 0: none."
    )
    low_score_threshold = fields.Integer(
        default=2,
        help="An answer on a scale at or below this value is a low score: the housekeeper gets "
        "a follow-up activity and the tenant's churn risk counts it.",
    )
    pulse_offset_days = fields.Integer(
        string="Pulse Offset (days)",
        default=30,
        help="Pulse after move-in: days after the lease starts. Pulse before renewal: days "
        "before the tenant's renewal window opens (the tier's renewal lead days before the "
        "lease ends).",
    )
    invitation_ids = fields.One2many("apartment.survey.invitation", "campaign_id")
    invitation_count = fields.Integer(compute="_compute_stats")
    answered_count = fields.Integer(compute="_compute_stats")
    response_rate = fields.Float(compute="_compute_stats", digits=(16, 1), string="Response %")
    score_average = fields.Float(compute="_compute_stats", digits=(16, 2))

    _sql_constraints = [
        (
            "reminder_interval_range",
            "CHECK(reminder_interval_days BETWEEN 1 AND 365)",
            "The reminder interval of a survey campaign must be between 1 and 365 days.",
        ),
        (
            "reminder_max_range",
            "CHECK(reminder_max BETWEEN 0 AND 10)",
            "A survey campaign sends between 0 and 10 reminders.",
        ),
        (
            "low_score_range",
            "CHECK(low_score_threshold BETWEEN 0 AND 10)",
            "The low-score threshold of a survey campaign must be between 0 and 10 (the scale "
            "of the survey's questions).",
        ),
        (
            "pulse_offset_range",
            "CHECK(pulse_offset_days BETWEEN 0 AND 365)",
            "The pulse offset of a survey campaign must be between 0 and 365 days.",
        ),
        (
            "dates_order",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "The deadline of a survey campaign cannot be before its start.",
        ),
    ]

    def _compute_stats(self):
        groups = self.env["apartment.survey.invitation"]._read_group(
            [("campaign_id", "in", self.ids)],
            ["campaign_id", "answered"],
            ["__count", "score_average:avg"],
        )
        stats = {}
        for campaign, answered, count, average in groups:
            entry = stats.setdefault(campaign.id, {"all": 0, "done": 0, "avg": 0.0})
            entry["all"] += count
            if answered:
                entry["done"] += count
                entry["avg"] = average or 0.0
        for campaign in self:
            entry = stats.get(campaign.id, {"all": 0, "done": 0, "avg": 0.0})
            campaign.invitation_count = entry["all"]
            campaign.answered_count = entry["done"]
            campaign.response_rate = 100.0 * entry["done"] / entry["all"] if entry["all"] else 0.0
            campaign.score_average = entry["avg"]

    @api.constrains("survey_id")
    def _check_survey_access(self):
        for campaign in self:
            if campaign.survey_id.access_mode != "token":
                raise ValidationError(
                    self.env._(
                        "Survey campaign %(campaign)s: the survey %(survey)s must be open to "
                        "invited people only (survey option Access Mode: 'Invited people "
                        "only'), so that each tenant answers through their own invitation.",
                        campaign=campaign.name,
                        survey=campaign.survey_id.title,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "draft") != "draft":
                check_workflow_fields(self, vals, ["state"], self._get_workflow_message())
        return super().create(vals_list)

    def write(self, vals):
        check_workflow_fields(self, vals, ["state"], self._get_workflow_message())
        return super().write(vals)

    def _get_workflow_message(self):
        return self.env._(
            "%(fields)s of survey campaign %(record)s cannot be written directly: use the "
            "buttons Start, Close and Reopen."
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invited(self):
        for campaign in self:
            if campaign.invitation_ids:
                raise UserError(
                    self.env._(
                        "Survey campaign %(campaign)s has invitations and cannot be deleted: "
                        "close it (or archive its survey) so the tenants' answers are kept.",
                        campaign=campaign.name,
                    )
                )

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------
    def _check_state(self, allowed, action_label):
        check_state(
            self,
            allowed,
            action_label,
            self.env._(
                "Cannot %(action)s survey campaign %(record)s: it is %(state)s; only "
                "%(allowed)s campaigns can be %(action)s."
            ),
        )

    def action_start(self):
        """draft -> running; satisfaction and needs campaigns invite their tenants now."""
        self._check_state(("draft",), self.env._("start"))
        workflow_write(self, {"state": "running"})
        self.filtered(lambda c: c.kind not in PULSE_KINDS)._send_invitations()
        return True

    def action_send_invitations(self):
        """Invite the targeted tenants not invited yet (e.g. tenants who moved in since the
        start); nobody is invited twice."""
        self._check_state(("running",), self.env._("send"))
        if self.filtered(lambda c: c.kind in PULSE_KINDS):
            raise UserError(
                self.env._(
                    "Pulse campaigns invite each lease when its moment comes (daily job); "
                    "there is nothing to send by hand."
                )
            )
        self._send_invitations()
        return True

    def action_close(self):
        """running -> closed: no more invitations nor reminders; answers stay."""
        self._check_state(("running",), self.env._("close"))
        workflow_write(self, {"state": "closed"})
        return True

    def action_reopen(self):
        self._check_state(("closed",), self.env._("reopen"))
        workflow_write(self, {"state": "running"})
        return True

    def action_view_invitations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm_survey.apartment_survey_invitation_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def action_view_results(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm_survey.apartment_survey_result_report_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------------------------------
    # Targeting and sending
    # ------------------------------------------------------------------------------------------
    def _get_target_lease_domain(self, date):
        """Active leases running on ``date`` in the campaign's buildings and company."""
        self.ensure_one()
        domain = [
            ("state", "=", "active"),
            ("date_start", "<=", date),
            ("date_end", ">=", date),
            ("company_id", "=", self.company_id.id),
        ]
        if self.property_ids:
            domain.append(("property_id", "in", self.property_ids.ids))
        if self.tier_ids:
            domain.append(("partner_id.tenant_tier_id", "in", self.tier_ids.ids))
        return domain

    def _get_target_leases(self, date):
        """One lease per tenant (the earliest): a tenant is invited once per campaign."""
        self.ensure_one()
        leases = (
            self.env["apartment.lease"]
            .sudo()
            .search(self._get_target_lease_domain(date), order="date_start, id")
        )
        by_partner = {}
        for lease in leases:
            by_partner.setdefault(lease.partner_id.commercial_partner_id.id, lease)
        return self.env["apartment.lease"].sudo().union(*by_partner.values())

    def _send_invitations(self, date=None):
        """Invite the campaign's target tenants not invited yet, in one batch per campaign."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        Invitation = self.env["apartment.survey.invitation"]
        invitations = Invitation
        for campaign in self:
            leases = campaign._get_target_leases(date)
            invitations |= Invitation._create_for_leases(campaign, leases, date)
        invitations._dispatch()
        return invitations

    # ------------------------------------------------------------------------------------------
    # Pulse surveys
    # ------------------------------------------------------------------------------------------
    def _get_pulse_leases(self, date):
        """The leases whose pulse moment (move-in + offset, or renewal window - offset) falls
        between the campaign's start and ``date``."""
        self.ensure_one()
        domain = self._get_target_lease_domain(date)
        # Pulse moments lie within the lease: replace the "running on date" bounds.
        domain = [term for term in domain if term[0] not in ("date_start", "date_end")]
        domain.append(("date_end", ">=", date))
        if self.kind == "pulse_move_in":
            latest = date - timedelta(days=self.pulse_offset_days)
            earliest = self.date_start - timedelta(days=self.pulse_offset_days)
            domain += [("date_start", "<=", latest), ("date_start", ">=", earliest)]
            return self.env["apartment.lease"].sudo().search(domain)
        leases = self.env["apartment.lease"].sudo().search(domain)

        def moment(lease):
            tier = lease.partner_id.tenant_tier_id
            lead = tier.renewal_lead_days if tier else DEFAULT_RENEWAL_LEAD_DAYS
            return lease.date_end - timedelta(days=lead + self.pulse_offset_days)

        return leases.filtered(lambda lease: self.date_start <= moment(lease) <= date)

    def _get_pulse_pending_leases(self, date):
        """The leases of ``_get_pulse_leases`` not invited yet (by their key in the
        campaign): one query for the existing keys."""
        self.ensure_one()
        Invitation = self.env["apartment.survey.invitation"]
        leases = self._get_pulse_leases(date).sorted("id")
        keys = {Invitation._get_key(self, lease): lease for lease in leases}
        existing = set(
            Invitation.sudo()
            .search([("campaign_id", "=", self.id), ("key", "in", list(keys))])
            .mapped("key")
        )
        return leases.browse([lease.id for key, lease in keys.items() if key not in existing])

    @api.model
    def _cron_send_pulse_surveys(self, date=None):
        """Daily: invite each lease whose pulse moment came, once (the invitation key is the
        lease, unique in the campaign). E-mails go through the mail queue and activities are
        created without assignment mail: nothing is sent in the batch's transaction.

        Run by the scheduler, one call invites at most ``apartment_crm.cron_batch_size``
        leases (default 200) among those not invited yet and reports the rest through
        ``ir.cron._notify_progress``: an invited lease has its key, so the next call resumes
        after it. Each campaign's part of the batch runs in a savepoint: a part a concurrent
        run made fail (the same invitation, followers) is skipped, logged and retried in a few
        minutes; a campaign that fails otherwise (e.g. a broken template) is logged and
        skipped, the others go on. Called by hand it invites everyone due at once. Returns
        the new invitations.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        campaigns = self.sudo().search(
            [
                ("state", "=", "running"),
                ("kind", "in", PULSE_KINDS),
                ("date_start", "<=", date),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", date),
            ],
            order="id",
        )
        scheduled = is_scheduler_run(self.env)
        size = get_batch_size(self.env, "apartment_crm.cron_batch_size", 200)
        Invitation = self.env["apartment.survey.invitation"]
        invitations = Invitation
        remaining = 0
        for campaign in campaigns:
            try:
                leases = campaign._get_pulse_pending_leases(date)
                batch = leases[: size - len(invitations)] if scheduled else leases
                label = f"Pulse survey campaign {campaign.id}"
                # One savepoint per campaign: concurrent_batch's in a scheduler run, ours
                # otherwise (a transaction of many savepoints that wrote gets slow).
                with (
                    nullcontext() if scheduled else self.env.cr.savepoint(),
                    concurrent_batch(self.env, label, batch) as state,
                ):
                    new = Invitation._create_for_leases(campaign, batch)
                    new._dispatch()
            except Exception:
                _logger.exception("Pulse survey campaign %s: invitations failed", campaign.id)
                continue
            remaining += len(leases) - (0 if state["skipped"] else len(batch))
            if not state["skipped"]:
                invitations |= new
        self.env["ir.cron"]._notify_progress(done=len(invitations), remaining=remaining)
        return invitations

    @api.model
    def _cron_send_reminders(self, date=None):
        """Daily: remind the invited tenants who have not answered (running campaigns).

        Run by the scheduler, one call reminds at most ``apartment_crm.cron_batch_size``
        invitations (200) and reports the rest through ``ir.cron._notify_progress``; a
        reminded invitation is not due again that day, and ``done`` counts the reminders
        sent, so a call whose campaigns all fail ends the job."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        Invitation = self.env["apartment.survey.invitation"].sudo()
        invitations = Invitation.search(Invitation._get_reminder_domain(date), order="id")
        due = invitations.filtered(lambda i: i._is_reminder_due(date))
        due, remaining = take_batch(
            self.env, due, param="apartment_crm.cron_batch_size", default=200
        )
        sent = Invitation
        # One batch per campaign; a campaign that fails (e.g. a broken template) is logged and
        # skipped, the others go on.
        for campaign, batch in due.grouped("campaign_id").items():
            try:
                with self.env.cr.savepoint():
                    batch._send_reminders(date)
                    sent |= batch
            except Exception:
                _logger.exception("Survey campaign %s: reminders failed", campaign.id)
        self.env["ir.cron"]._notify_progress(done=len(sent), remaining=remaining)
        return sent
