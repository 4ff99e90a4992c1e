# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.apartment_crm.models.mail_followers import BATCH_ACTIVITY_CONTEXT
from odoo.addons.apartment_crm.tools import (
    check_state,
    check_workflow_fields,
    concurrent_batch,
    is_workflow_write,
    take_batch,
    workflow_write,
)

_logger = logging.getLogger(__name__)

OPEN_STATES = ("draft", "offered")
CLOSED_STATES = ("accepted", "declined", "expired")
# Written only by the renewal's own actions and crons (``workflow_write``).
WORKFLOW_FIELDS = (
    "state",
    "offer_date",
    "reminder_sent",
    "accepted_option_id",
    "successor_lease_id",
    "decline_reason_id",
    "decline_note",
    "decision_date",
    "returning_perk_id",
)
DEFAULT_LEAD_DAYS = 90
DEFAULT_TERMS = (12, 6, 24)


class ApartmentLeaseRenewal(models.Model):
    """The renewal (续租) of a lease: the offer sent to the tenant and its outcome."""

    _name = "apartment.lease.renewal"
    _description = "Lease Renewal"
    _check_company_auto = True
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "offer_deadline desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    lease_id = fields.Many2one(
        "apartment.lease",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        related="lease_id.partner_id", store=True, index=True, string="Tenant"
    )
    property_id = fields.Many2one(related="lease_id.property_id", store=True, index=True)
    unit_id = fields.Many2one(related="lease_id.unit_id", store=True)
    company_id = fields.Many2one(related="lease_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="lease_id.currency_id")
    user_id = fields.Many2one(
        related="lease_id.user_id", store=True, string="Housekeeper", index=True
    )
    lease_date_end = fields.Date(related="lease_id.date_end", string="Lease End")
    tier_id = fields.Many2one(
        "apartment.tenant.tier",
        string="Tier at Opening",
        index=True,
        help="The tenant's tier when the renewal opened; kept for the renewal-rate report.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("offered", "Offered"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    offer_date = fields.Date(readonly=True, copy=False, tracking=True)
    offer_deadline = fields.Date(tracking=True, index=True)
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    option_ids = fields.One2many("apartment.lease.renewal.option", "renewal_id", string="Options")
    accepted_option_id = fields.Many2one(
        "apartment.lease.renewal.option", readonly=True, copy=False, tracking=True
    )
    successor_lease_id = fields.Many2one(
        "apartment.lease",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    decline_reason_id = fields.Many2one(
        "apartment.renewal.decline.reason", readonly=True, copy=False, tracking=True
    )
    decline_note = fields.Text(readonly=True, copy=False)
    decision_date = fields.Date(readonly=True, copy=False)
    days_to_decision = fields.Integer(
        compute="_compute_days_to_decision",
        store=True,
        aggregator="avg",
        help="Days from the offer to the tenant's answer (or to the expiry).",
    )
    returning_perk_id = fields.Many2one("apartment.returning.perk", readonly=True, copy=False)
    # Report measures (stored, so pivot and graph views can aggregate them).
    closed_count = fields.Integer(
        string="Closed Offers", compute="_compute_report_measures", store=True
    )
    accepted_count = fields.Integer(
        string="Accepted Offers", compute="_compute_report_measures", store=True
    )
    renewal_rate = fields.Float(
        string="Renewal Rate (%)",
        compute="_compute_report_measures",
        store=True,
        aggregator="avg",
        help="100 for an accepted offer, 0 for a declined or expired one: its average over "
        "closed offers is the renewal rate.",
    )

    @api.depends("lease_id.name")
    def _compute_name(self):
        # Stored, so not a translated text: the reader's language is in the display name.
        for renewal in self:
            renewal.name = renewal.lease_id.name or "/"

    @api.depends("name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for renewal in self:
            renewal.display_name = self.env._(
                "Renewal of %(lease)s", lease=renewal.lease_id.name or self.env._("New")
            )

    @api.depends("offer_date", "decision_date")
    def _compute_days_to_decision(self):
        for renewal in self:
            if renewal.offer_date and renewal.decision_date:
                renewal.days_to_decision = (renewal.decision_date - renewal.offer_date).days
            else:
                renewal.days_to_decision = 0

    @api.depends("state")
    def _compute_report_measures(self):
        for renewal in self:
            renewal.closed_count = int(renewal.state in CLOSED_STATES)
            renewal.accepted_count = int(renewal.state == "accepted")
            renewal.renewal_rate = 100.0 if renewal.state == "accepted" else 0.0

    def init(self):
        # Exactly one open renewal per lease, also against two crons / users at the same time.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS apartment_lease_renewal_open_lease_uniq"
                " ON apartment_lease_renewal (lease_id) WHERE state IN ('draft', 'offered')"
            )
        )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for renewal in self:
            renewal.access_url = f"/my/renewals/{renewal.id}"
        return res

    @api.constrains("lease_id", "state")
    def _check_one_open_renewal(self):
        open_renewals = self.filtered(lambda r: r.state in OPEN_STATES)
        if not open_renewals:
            return
        groups = self._read_group(
            [("lease_id", "in", open_renewals.lease_id.ids), ("state", "in", OPEN_STATES)],
            ["lease_id"],
            ["__count"],
        )
        for lease, count in groups:
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "Lease %(lease)s already has an open renewal: send, close or cancel it "
                        "before opening another one.",
                        lease=lease.name,
                    )
                )

    def _check_workflow_write(self, vals):
        check_workflow_fields(
            self,
            vals,
            WORKFLOW_FIELDS,
            self.env._(
                "%(fields)s of %(record)s cannot be written directly: use the renewal's "
                "buttons (Send Offer, Accept on an option, Decline, Cancel, Reset to Draft), "
                "which create the successor lease or start the move-out."
            ),
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow_write(self):
            for vals in vals_list:
                vals = dict(vals)
                if vals.get("state", "draft") == "draft":
                    vals.pop("state", None)
                self._check_workflow_write(vals)
        # Refuse a second open renewal with a clear message before the unique index does.
        lease_ids = [
            vals.get("lease_id") for vals in vals_list if vals.get("state", "draft") in OPEN_STATES
        ]
        taken = self.search([("lease_id", "in", lease_ids), ("state", "in", OPEN_STATES)])
        if taken or len(lease_ids) != len(set(lease_ids)):
            lease = taken.lease_id[:1] or self.env["apartment.lease"].browse(
                next(lid for lid in lease_ids if lease_ids.count(lid) > 1)
            )
            raise ValidationError(
                self.env._(
                    "Lease %(lease)s already has an open renewal: send, close or cancel it "
                    "before opening another one.",
                    lease=lease.name,
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        for renewal in self:
            if renewal.state in ("accepted", "declined"):
                raise UserError(
                    self.env._(
                        "%(renewal)s was %(state)s and cannot be deleted: it is part of the "
                        "lease history and of the renewal report.",
                        renewal=renewal.display_name,
                        state=renewal._get_state_label(),
                    )
                )

    # ------------------------------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------------------------------
    def _get_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_renewal_state(self, allowed, action_label):
        check_state(
            self,
            allowed,
            action_label,
            self.env._(
                "Cannot %(action)s %(record)s: it is %(state)s; only %(allowed)s renewals can "
                "be %(action)s."
            ),
        )

    def _get_open_renewals_by_lease(self, leases):
        """{lease_id: renewal} for the leases' open renewals (one query)."""
        renewals = self.search([("lease_id", "in", leases.ids), ("state", "in", OPEN_STATES)])
        return {renewal.lease_id.id: renewal for renewal in renewals}

    # ------------------------------------------------------------------------------------------
    # Opening the renewal window
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_lead_days(self, partner):
        tier = partner.commercial_partner_id.tenant_tier_id or partner.tenant_tier_id
        return tier.renewal_lead_days if tier else DEFAULT_LEAD_DAYS

    @api.model
    def _get_leases_to_renew_domain(self, date):
        tier_leads = self.env["apartment.tenant.tier"]._read_group(
            [], [], ["renewal_lead_days:max"]
        )[0][0]
        max_lead = max(DEFAULT_LEAD_DAYS, tier_leads or 0)
        # Leases already renewed, or with a renewal that is open or decided (an expired offer
        # counts as decided: the cron does not offer again; a cancelled one lets it reopen).
        renewed = self.sudo()._search([("state", "!=", "cancelled")])
        return [
            ("state", "=", "active"),
            ("date_end", ">=", date),
            ("date_end", "<=", date + timedelta(days=max_lead)),
            ("successor_lease_id", "=", False),
            ("id", "not in", renewed.subselect("lease_id")),
        ]

    @api.model
    def _get_leases_to_renew(self, date):
        leases = self.env["apartment.lease"].search(
            self._get_leases_to_renew_domain(date), order="date_end, id"
        )
        return leases.filtered(
            lambda lease: lease.date_end
            <= date + timedelta(days=self._get_lead_days(lease.partner_id))
        )

    @api.model
    def _cron_open_renewals(self, date=None, batch_size=None):
        """Daily: open the renewal of every active lease entering its tier's renewal window.

        One call opens at most ``batch_size`` renewals (default: the system parameter
        ``apartment_crm.cron_batch_size``, 200) and reports the rest to the scheduler, which
        commits and calls again while leases remain; a lease with a renewal is not picked
        again, so a batch that dies is simply redone by the next call. Offer e-mails are
        queued.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        batch_size = batch_size or int(
            self.env["ir.config_parameter"].sudo().get_param("apartment_crm.cron_batch_size", 200)
        )
        leases = self._get_leases_to_renew(date)
        batch = leases[:batch_size]
        renewals = self.browse()
        with concurrent_batch(self.env, "Renewal opening", batch) as state:
            if batch:
                renewals = self._open_renewals(batch, date, force_send=False)
        done = 0 if state["skipped"] else len(batch)
        self.env["ir.cron"]._notify_progress(done=done, remaining=len(leases) - done)
        _logger.info(
            "Renewals: opened %s renewal(s) on %s, %s lease(s) left for the next batch",
            len(renewals),
            date,
            len(leases) - len(batch),
        )
        return renewals

    @api.model
    def _open_renewals(self, leases, date, force_send=True):
        """Create the renewals (with their default options) of ``leases`` and offer them
        (``force_send=False``: the offer e-mails wait in the mail queue)."""
        upgrades = self.env["apartment.lease.renewal.option"]._find_upgrade_units(leases)
        renewals = self.create(
            [self._prepare_renewal_vals(lease, date, upgrades.get(lease.id)) for lease in leases]
        )
        # No assignment e-mail per activity from a batch: the housekeepers see their activities.
        renewals.with_context(
            **(BATCH_ACTIVITY_CONTEXT if not force_send else {})
        )._schedule_housekeeper_activity()
        renewals._action_offer(date, force_send=force_send)
        return renewals

    @api.model
    def _prepare_renewal_vals(self, lease, date, upgrade_unit=None):
        return {
            "lease_id": lease.id,
            "tier_id": lease.partner_id.commercial_partner_id.tenant_tier_id.id
            or lease.partner_id.tenant_tier_id.id,
            "offer_deadline": self._get_offer_deadline(lease, date),
            "option_ids": [
                fields.Command.create(vals)
                for vals in self.env["apartment.lease.renewal.option"]._prepare_default_options(
                    lease, upgrade_unit
                )
            ],
        }

    @api.model
    def _get_offer_deadline(self, lease, date):
        """``renewal_deadline_days`` before the lease end, but at least a week from the offer."""
        company = lease.company_id
        deadline = lease.date_end - timedelta(days=company.renewal_deadline_days)
        minimum = date + timedelta(days=company.renewal_min_answer_days)
        return min(max(deadline, minimum), lease.date_end)

    def _schedule_housekeeper_activity(self):
        for renewal in self:
            renewal.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=renewal.offer_deadline,
                summary=self.env._("Follow up the renewal offer"),
                note=self.env._(
                    "The lease of %(tenant)s ends on %(end)s: present the renewal options.",
                    tenant=renewal.partner_id.name,
                    end=renewal.lease_id.date_end,
                ),
                user_id=renewal.lease_id.user_id.id or self.env.uid,
            )

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------
    def action_offer(self):
        """Send a draft renewal to the tenant."""
        self._check_renewal_state(("draft",), self.env._("offer"))
        for renewal in self:
            if not renewal.option_ids:
                raise UserError(
                    self.env._(
                        "%(renewal)s has no option: add at least one option (term, unit, "
                        "price) before offering it.",
                        renewal=renewal.display_name,
                    )
                )
        self._action_offer(fields.Date.context_today(self))
        return True

    def _action_offer(self, date, force_send=True):
        workflow_write(self, {"state": "offered", "offer_date": date})
        to_mail = self.filtered(lambda r: r.company_id.renewal_send_offer_email)
        to_mail._send_offer_email(force_send=force_send)

    def _send_offer_email(self, force_send=True):
        template = self.env.ref(
            "apartment_crm_renewal.mail_template_renewal_offer", raise_if_not_found=False
        )
        if not template:
            return
        for renewal in self:
            if not renewal.partner_id.email:
                renewal.message_post(
                    body=self.env._(
                        "No offer email sent: the tenant has no email address. Share the "
                        "offer by phone or WeChat."
                    )
                )
                continue
            renewal._portal_ensure_token()
            renewal.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", force_send=force_send
            )

    def action_accept_option(self, option):
        """Accept ``option`` (a record, or its id as RPC callers send it) and open the successor
        lease: an action, never a recordset (XML-RPC cannot return one)."""
        self.ensure_one()
        successor = self._accept_option(self._get_option_arg(option))
        return {
            "type": "ir.actions.act_window",
            "res_model": "apartment.lease",
            "res_id": successor.id,
            "view_mode": "form",
        }

    def _get_option_arg(self, option):
        """The option record of an ``option`` argument (a record or an id); whether it belongs
        to this renewal is ``_check_can_accept``'s."""
        Option = self.env["apartment.lease.renewal.option"]
        if isinstance(option, list | tuple) and len(option) == 1:
            option = option[0]
        if isinstance(option, int) and not isinstance(option, bool):
            option = Option.browse(option)
        if not isinstance(option, type(Option)) or len(option) != 1 or not option.exists():
            raise UserError(
                self.env._(
                    "Renewal %(renewal)s: choose one of its own options to accept.",
                    renewal=self.name,
                )
            )
        return option

    def _accept_option(self, option):
        """Accept ``option``: create the successor lease and close the renewal; returns it."""
        self.ensure_one()
        self._lock_for_answer()
        self._check_can_accept(option)
        lease_vals = self._prepare_successor_lease_vals(option)
        Lease = self.env["apartment.lease"]
        try:
            with self.env.cr.savepoint():
                successor = Lease.create(lease_vals)
                if self.company_id.renewal_successor_state == "active":
                    successor.action_activate()
        except ValidationError as error:
            raise self._unit_taken_error(
                option, detail=error.args[0] if error.args else ""
            ) from error
        workflow_write(
            self,
            {
                "state": "accepted",
                "accepted_option_id": option.id,
                "successor_lease_id": successor.id,
                "decision_date": fields.Date.context_today(self),
            },
        )
        workflow_write(self.lease_id, {"successor_lease_id": successor.id})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        self.message_post(
            body=self.env._(
                "Accepted: %(option)s. Successor lease %(lease)s created.",
                option=option.label,
                lease=successor.name,
            )
        )
        self._on_accepted()
        return successor

    def _lock_for_answer(self):
        """Take the renewals' row locks before answering them. Of two answers at the same time
        (a double click, the tenant and the housekeeper), the second waits here; once the first
        commits, its transaction fails with a serialization error and Odoo replays the request,
        which then finds the offer answered and says so (instead of racing to the successor
        lease's insert and failing on the overlap constraint)."""
        if self.ids:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM apartment_lease_renewal WHERE id IN %s FOR UPDATE",
                    tuple(self.ids),
                )
            )

    def _check_can_accept(self, option):
        self.ensure_one()
        if self.state == "accepted":
            raise UserError(
                self.env._(
                    "%(renewal)s is already accepted (successor lease %(lease)s): it cannot be "
                    "accepted twice.",
                    renewal=self.display_name,
                    lease=self.successor_lease_id.name,
                )
            )
        self._check_renewal_state(OPEN_STATES, self.env._("accept"))
        if option.renewal_id != self:
            raise UserError(
                self.env._(
                    "Option %(option)s does not belong to %(renewal)s.",
                    option=option.label,
                    renewal=self.display_name,
                )
            )
        if not option.unit_id._is_free_between(
            option.date_start, option.date_end, exclude_leases=self.lease_id
        ):
            raise self._unit_taken_error(option)

    def _unit_taken_error(self, option, detail=""):
        """The error for an option whose unit was taken meanwhile (``detail``: the overlap
        check's own message, when it is the one that found out)."""
        message = self.env._(
            "Cannot accept option %(option)s of %(renewal)s: unit %(unit)s is no longer free "
            "from %(start)s to %(end)s. Offer another option.",
            option=option.label,
            renewal=self.display_name,
            unit=option.unit_id.display_name,
            start=option.date_start,
            end=option.date_end,
        )
        return UserError(f"{message} ({detail})" if detail else message)

    def _prepare_successor_lease_vals(self, option):
        lease = self.lease_id
        return {
            "partner_id": lease.partner_id.id,
            "unit_id": option.unit_id.id,
            "date_start": option.date_start,
            "date_end": option.date_end,
            "rent_amount": option.price_monthly,
            # The deposit carries over: the successor keeps the deposit invoice of this lease
            # (no second deposit invoice at activation; settled when the tenant moves out).
            "deposit_amount": lease.deposit_amount,
            "deposit_move_id": lease.deposit_move_id.id,
            "billing_period": lease.billing_period,
            "currency_id": lease.currency_id.id,
            "company_id": lease.company_id.id,
            "user_id": lease.user_id.id,
            "renewal_id": self.id,
            "predecessor_lease_id": lease.id,
        }

    def _on_accepted(self):
        """Hook: after the successor lease exists (the renewal-loyalty bridge posts the
        accepted option's bonus points with super())."""
        return True

    def action_open_decline_wizard(self):
        self.ensure_one()
        self._check_renewal_state(OPEN_STATES, self.env._("decline"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decline Renewal"),
            "res_model": "apartment.lease.renewal.decline",
            "view_mode": "form",
            "target": "new",
            "context": {"default_renewal_id": self.id},
        }

    def action_decline(self, reason, note=False):
        """The tenant does not renew: record why and start the move-out."""
        self._lock_for_answer()
        self._check_renewal_state(OPEN_STATES, self.env._("decline"))
        if not reason:
            raise UserError(self.env._("Choose a decline reason: it feeds the renewal report."))
        workflow_write(
            self,
            {
                "state": "declined",
                "decline_reason_id": reason.id,
                "decline_note": note,
                "decision_date": fields.Date.context_today(self),
            },
        )
        self.activity_unlink(["mail.mail_activity_data_todo"])
        for renewal in self:
            renewal.message_post(
                body=self.env._("Declined (%(reason)s). Move-out started.", reason=reason.name)
            )
        self._start_move_out()
        return True

    def _start_move_out(self):
        """Move-out checklist, deposit settlement and the returning-tenant perk."""
        self._schedule_move_out_activities()
        perks = self.env["apartment.returning.perk"].create(
            [renewal._prepare_returning_perk_vals() for renewal in self]
        )
        for renewal, perk in zip(self, perks, strict=True):
            workflow_write(renewal, {"returning_perk_id": perk.id})
        self.lease_id.filtered(lambda lease: lease.state == "ended")._renewal_settle_deposit()

    def _get_move_out_checklist(self):
        """(summary, days before the lease end) of the move-out activities."""
        return [
            (self.env._("Move-out inspection of the unit"), 3),
            (self.env._("Collect the keys and access cards"), 0),
            (self.env._("Final meter reading (water, power, gas)"), 0),
        ]

    def _schedule_move_out_activities(self):
        # Subscribe the housekeepers first: mail.activity's batch create would otherwise try to
        # add the same follower once per activity of one lease.
        for user, leases in self.lease_id.grouped("user_id").items():
            leases.message_subscribe(partner_ids=(user or self.env.user).partner_id.ids)
        vals_list = []
        model_id = self.env["ir.model"]._get_id("apartment.lease")
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for renewal in self:
            lease = renewal.lease_id
            for summary, days_before in self._get_move_out_checklist():
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": lease.id,
                        "activity_type_id": activity_type.id,
                        "summary": summary,
                        "date_deadline": lease.date_end - timedelta(days=days_before),
                        "user_id": lease.user_id.id or self.env.uid,
                    }
                )
        return self.env["mail.activity"].create(vals_list)

    def _prepare_returning_perk_vals(self):
        self.ensure_one()
        company = self.company_id
        return {
            "partner_id": self.partner_id.id,
            "company_id": company.id,
            "source_lease_id": self.lease_id.id,
            "discount_percent": company.returning_perk_discount_percent,
            "valid_until": self.lease_id.date_end
            + relativedelta(months=company.returning_perk_validity_months),
        }

    def action_cancel(self):
        self._check_renewal_state(OPEN_STATES, self.env._("cancel"))
        workflow_write(self, {"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_draft(self):
        self._check_renewal_state(("cancelled",), self.env._("reset to draft"))
        workflow_write(self, {"state": "draft", "offer_date": False, "reminder_sent": False})
        return True

    def action_view_successor(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "apartment.lease",
            "res_id": self.successor_lease_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------------------------------
    # Reminders and expiry
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_renewals_to_remind_domain(self, date):
        return [
            ("state", "=", "offered"),
            ("reminder_sent", "=", False),
            ("offer_deadline", ">=", date),
        ]

    @api.model
    def _cron_remind_and_expire(self, date=None):
        """Daily: remind once before the deadline, expire the offers past it.

        Run by the scheduler, one call handles at most ``apartment_crm.cron_batch_size``
        renewals (reminders first, then expiries) and reports the rest through
        ``ir.cron._notify_progress``; a reminded or expired renewal is not picked again."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        to_remind = self.search(self._get_renewals_to_remind_domain(date), order="id").filtered(
            lambda r: r.offer_deadline - timedelta(days=r.company_id.renewal_reminder_days) <= date
        )
        expired = self.search(
            [("state", "=", "offered"), ("offer_deadline", "<", date)], order="id"
        )
        batch, remaining = take_batch(
            self.env, to_remind | expired, param="apartment_crm.cron_batch_size", default=200
        )
        to_remind &= batch
        expired = (expired & batch) - to_remind
        to_remind._send_reminder()
        expired._expire(date)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return to_remind, expired

    def _send_reminder(self):
        template = self.env.ref(
            "apartment_crm_renewal.mail_template_renewal_reminder", raise_if_not_found=False
        )
        workflow_write(self, {"reminder_sent": True})
        for renewal in self:
            if (
                template
                and renewal.partner_id.email
                and renewal.company_id.renewal_send_offer_email
            ):
                renewal._portal_ensure_token()
                # From the daily cron: queued, not sent inside its transaction.
                renewal.message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment", force_send=False
                )
            else:
                renewal.message_post(
                    body=self.env._(
                        "Reminder: the renewal offer ends on %(deadline)s and is unanswered.",
                        deadline=renewal.offer_deadline,
                    )
                )

    def _expire(self, date):
        workflow_write(self, {"state": "expired", "decision_date": date})
        for renewal in self:
            renewal.message_post(
                body=self.env._(
                    "The offer expired unanswered on %(deadline)s.",
                    deadline=renewal.offer_deadline,
                )
            )
