# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, split_every

_logger = logging.getLogger(__name__)

CHURN_BATCH_SIZE = 5000
CHURN_LEVELS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
TIER_BATCH_SIZE = 5000


class ResPartner(models.Model):
    _inherit = "res.partner"

    tenant_tier_id = fields.Many2one(
        "apartment.tenant.tier",
        string="Tier",
        index=True,
        tracking=True,
        ondelete="restrict",
        help="The tenant's value tier; its benefits drive renewals, points and service levels.",
    )
    lease_ids = fields.One2many("apartment.lease", "partner_id", string="Leases")
    lease_count = fields.Integer(compute="_compute_lease_count")
    is_tenant = fields.Boolean(
        compute="_compute_is_tenant",
        search="_search_is_tenant",
        help="Has, or had, a signed lease (active or ended).",
    )
    current_lease_id = fields.Many2one(
        "apartment.lease",
        compute="_compute_current_lease_id",
        help="The lease running today, else the next signed one.",
    )
    housekeeper_id = fields.Many2one(
        "res.users",
        compute="_compute_current_lease_id",
        help="Housekeeper of the current lease.",
    )
    move_in_date = fields.Date(
        compute="_compute_move_in_date",
        store=True,
        help="Start of the tenant's first signed lease with the operator.",
    )
    birthday = fields.Date()
    id_document_number = fields.Char(
        string="ID Document Number",
        groups="apartment_crm.group_apartment_manager",
        copy=False,
        help="Identity card or passport number; only apartment managers can see it.",
    )
    emergency_contact_name = fields.Char()
    emergency_contact_phone = fields.Char()
    preferred_channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("wechat", "WeChat"),
            ("sms", "SMS"),
        ],
        default="email",
        help="How the tenant prefers to be contacted for reminders and offers.",
    )
    wechat_id = fields.Char(string="WeChat ID")

    def _compute_lease_count(self):
        groups = self.env["apartment.lease"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.lease_count = counts.get(partner.id, 0)

    @api.depends("lease_ids.state")
    def _compute_is_tenant(self):
        tenants = self.browse(
            partner.id
            for [partner] in self.env["apartment.lease"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("state", "in", ("active", "ended"))],
                ["partner_id"],
            )
        )
        for partner in self:
            partner.is_tenant = partner in tenants

    def _search_is_tenant(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        leases = self.env["apartment.lease"].sudo()._search([("state", "in", ("active", "ended"))])
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", leases.subselect("partner_id"))]

    @api.depends("lease_ids.state", "lease_ids.date_start", "lease_ids.date_end")
    def _compute_current_lease_id(self):
        today = fields.Date.context_today(self)
        leases = self.env["apartment.lease"].search(
            [
                ("partner_id", "in", self.ids),
                ("state", "=", "active"),
                ("date_end", ">=", today),
            ],
            order="date_start",
        )
        by_partner = {}
        for lease in leases:
            current = by_partner.get(lease.partner_id.id)
            # A lease running today beats one that starts later.
            if not current or (current.date_start > today >= lease.date_start):
                by_partner[lease.partner_id.id] = lease
        for partner in self:
            lease = by_partner.get(partner.id, self.env["apartment.lease"])
            partner.current_lease_id = lease
            partner.housekeeper_id = lease.user_id

    @api.depends("lease_ids.state", "lease_ids.date_start")
    def _compute_move_in_date(self):
        groups = (
            self.env["apartment.lease"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("state", "in", ("active", "ended"))],
                ["partner_id"],
                ["date_start:min"],
            )
        )
        first = {partner.id: date_start for partner, date_start in groups}
        for partner in self:
            partner.move_in_date = first.get(partner.id, False)

    def action_view_leases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm.apartment_lease_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _get_active_lease_properties(self, date=None):
        """{partner_id: set of building ids where the partner holds an active lease on
        ``date`` (state active, not ended yet)}; for the partners in self, or every tenant when
        self is empty. One query."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        domain = [("state", "=", "active"), ("date_end", ">=", date)]
        if self:
            domain.append(("partner_id", "in", self.ids))
        result = {}
        for partner, building in (
            self.env["apartment.lease"].sudo()._read_group(domain, ["partner_id", "property_id"])
        ):
            result.setdefault(partner.id, set()).add(building.id)
        return result

    # --- tiers ---
    tier_reason = fields.Text(
        readonly=True,
        groups="apartment_crm.group_apartment_user",
        help="Outcome of the last evaluation: which criteria passed or failed, with the values.",
    )
    tier_since = fields.Date(readonly=True, help="Date the tenant reached the current tier.")
    tier_below_since = fields.Date(
        readonly=True,
        groups="apartment_crm.group_apartment_user",
        help="First evaluation date at which the tenant no longer met the criteria of the current "
        "tier; the demotion happens once the company's grace period has passed.",
    )
    tier_evaluated_date = fields.Date(readonly=True, string="Tier Evaluated On")
    tier_locked = fields.Boolean(
        readonly=True,
        tracking=True,
        help="A manager fixed the tier: the evaluation no longer changes it.",
    )
    tier_lock_reason = fields.Text(
        readonly=True, tracking=True, groups="apartment_crm.group_apartment_user"
    )
    tier_history_ids = fields.One2many("apartment.tenant.tier.history", "partner_id")
    tier_color = fields.Integer(related="tenant_tier_id.color")
    tier_rent_discount_percent = fields.Float(
        related="tenant_tier_id.rent_discount_percent", string="Tier Renewal Discount (%)"
    )
    tier_points_multiplier = fields.Float(related="tenant_tier_id.points_multiplier")
    tier_sla_factor = fields.Float(related="tenant_tier_id.sla_factor", string="Tier SLA Factor")
    tier_renewal_lead_days = fields.Integer(related="tenant_tier_id.renewal_lead_days")

    @api.constrains("tier_locked", "tier_lock_reason")
    def _check_tier_lock_reason(self):
        for partner in self:
            if partner.tier_locked and not (partner.tier_lock_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Tenant %(tenant)s: locking the tier needs a reason (field Lock Reason); "
                        "say why the tier must not follow the criteria.",
                        tenant=partner.display_name,
                    )
                )

    def write(self, vals):
        if {"tier_locked", "tier_lock_reason", "tenant_tier_id"} & set(vals):
            self._check_tier_manager()  # passes in sudo: the engine writes as superuser
        # The engine (sudo + tier_engine) keeps its own history; a context key alone is not
        # enough, so a client cannot pass it to skip the history.
        engine = self.env.su and self.env.context.get("tier_engine")
        manual = "tenant_tier_id" in vals and not engine
        if manual:
            new_tier = self.env["apartment.tenant.tier"].browse(vals["tenant_tier_id"])
            changed = self.filtered(lambda p: p.tenant_tier_id != new_tier)
            old_tiers = {partner.id: partner.tenant_tier_id.id for partner in changed}
            if changed:
                vals.setdefault("tier_since", fields.Date.context_today(self))
                vals.setdefault("tier_below_since", False)
        result = super().write(vals)
        if manual and changed:
            self._create_tier_history(
                [
                    {
                        "partner_id": partner_id,
                        "old_tier_id": old_tier_id,
                        "new_tier_id": new_tier.id,
                        "kind": "manual",
                        "reason": self.env._("Tier set by hand."),
                    }
                    for partner_id, old_tier_id in old_tiers.items()
                ]
            )
        return result

    def _check_tier_manager(self):
        if self.env.su or self.env.user.has_group("apartment_crm.group_apartment_manager"):
            return
        raise AccessError(
            self.env._(
                "Only apartment managers can set, lock or unlock a tenant's tier (%(tenants)s); "
                "ask a manager, or use Re-evaluate tier to apply the criteria.",
                tenants=", ".join(self.mapped("display_name")[:5]),
            )
        )

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------
    def action_evaluate_tier(self):
        """Button "Re-evaluate tier" on the tenant form (tenants only: others get no tier)."""
        self.filtered("is_tenant")._evaluate_tenant_tiers()
        return True

    def action_tier_unlock(self):
        self._check_tier_manager()
        locked = self.filtered("tier_locked")
        locked.sudo().with_context(tier_engine=True).write(
            {"tier_locked": False, "tier_lock_reason": False, "tier_below_since": False}
        )
        locked._create_tier_history(
            [
                {
                    "partner_id": partner.id,
                    "old_tier_id": partner.tenant_tier_id.id,
                    "new_tier_id": partner.tenant_tier_id.id,
                    "kind": "unlock",
                    "reason": self.env._("Tier unlocked: the criteria apply again."),
                }
                for partner in locked
            ]
        )
        return True

    def _tier_lock(self, tier, reason):
        """Lock the tier of these tenants (at ``tier``, a record or id, else the current tier)."""
        self._check_tier_manager()
        if isinstance(tier, int):
            tier = self.env["apartment.tenant.tier"].browse(tier)
        if not (reason or "").strip():
            raise ValidationError(
                self.env._(
                    "Locking the tier of %(tenants)s needs a reason: say why the tier must not "
                    "follow the criteria.",
                    tenants=", ".join(self.mapped("display_name")[:5]),
                )
            )
        today = fields.Date.context_today(self)
        history = []
        for partner in self:
            new_tier = tier or partner.tenant_tier_id
            history.append(
                {
                    "partner_id": partner.id,
                    "old_tier_id": partner.tenant_tier_id.id,
                    "new_tier_id": new_tier.id,
                    "kind": "lock",
                    "reason": reason,
                }
            )
            vals = {"tier_locked": True, "tier_lock_reason": reason, "tier_below_since": False}
            if new_tier != partner.tenant_tier_id:
                vals.update(tenant_tier_id=new_tier.id, tier_since=today)
            partner.sudo().with_context(tier_engine=True).write(vals)
        self._create_tier_history(history)
        return True

    # ------------------------------------------------------------------------------------------
    # Metrics (one bounded query per metric for the whole batch)
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_tier_metric_names(self):
        return [metric for metric, __ in self.env["apartment.tenant.tier"]._get_criteria_fields()]

    def _get_tier_metrics(self, date):
        """{partner_id: {metric: value or None}} for the partners of ``self``.

        Each metric comes from ``_get_tier_metric_<name>(date)`` returning {partner_id: value};
        a partner missing from that dict reads 0, a value None means "unknown" (also every
        value of a metric without a method: its capability addon is not installed).
        """
        metrics = {partner_id: {} for partner_id in self.ids}
        for name in self._get_tier_metric_names():
            method = getattr(self, f"_get_tier_metric_{name}", None)
            # A criterion whose capability addon is not installed is "not evaluated".
            values = method(date) if method else {}
            default = 0 if method else None
            for partner_id, partner_metrics in metrics.items():
                partner_metrics[name] = values.get(partner_id, default)
        return metrics

    def _get_tier_metric_tenure_months(self, date):
        """Whole months leased (active or ended leases), summed, counted up to ``date``."""
        self.env["apartment.lease"].flush_model(["partner_id", "state", "date_start", "date_end"])
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, date_start, LEAST(date_end, %(date)s::date)
                  FROM apartment_lease
                 WHERE partner_id = ANY(%(ids)s)
                   AND state IN ('active', 'ended')
                   AND date_start <= %(date)s::date
                """,
                date=date,
                ids=self.ids,
            )
        )
        months = defaultdict(int)
        for partner_id, start, end in self.env.cr.fetchall():
            delta = relativedelta(end + timedelta(days=1), start)
            months[partner_id] += delta.years * 12 + delta.months
        return months

    def _get_tier_metric_monthly_rent(self, date):
        """Monthly rent of the lease running at ``date``, else of the latest signed lease.

        Amounts are taken as they are (the lease currency is the company's in this project).
        """
        self.env["apartment.lease"].flush_model(
            ["partner_id", "state", "date_start", "date_end", "rent_amount"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (partner_id) partner_id, rent_amount
                  FROM apartment_lease
                 WHERE partner_id = ANY(%(ids)s)
                   AND state IN ('active', 'ended')
                   AND date_start <= %(date)s::date
                 ORDER BY partner_id,
                          (state = 'active' AND date_end >= %(date)s::date) DESC,
                          date_start DESC
                """,
                date=date,
                ids=self.ids,
            )
        )
        return dict(self.env.cr.fetchall())

    # ------------------------------------------------------------------------------------------
    # Evaluation
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_tier_evaluation_domain(self):
        return [("is_tenant", "=", True)]

    @api.model
    def _cron_evaluate_tenant_tiers(self, date=None):
        partners = self.search(self._get_tier_evaluation_domain())
        partners.with_context(tier_origin="cron")._evaluate_tenant_tiers(date=date)
        return True

    def _evaluate_tenant_tiers(self, date=None):
        """Evaluate the tiers of the partners of ``self`` at ``date`` (default today).

        Promotion is immediate; a demotion only happens once the tenant has stayed below the
        criteria of the current tier for the company's grace period (tier_below_since). Locked
        tenants keep their tier. Changes are written per target tier, logged in the history and
        in the chatter. Queries are bounded per batch of TIER_BATCH_SIZE partners.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        tiers = (
            self.env["apartment.tenant.tier"]
            .sudo()
            .search([("active", "=", True)], order="sequence desc, id")
        )
        for batch_ids in split_every(TIER_BATCH_SIZE, self.ids):
            self.browse(batch_ids)._evaluate_tenant_tiers_batch(date, tiers)
        return True

    def _get_applicable_tiers(self, tiers):
        """Tiers of the partner's company (or shared ones), best first."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return tiers.filtered(lambda t: not t.company_id or t.company_id == company)

    def _evaluate_tenant_tiers_batch(self, date, tiers):
        metrics = self._get_tier_metrics(date)
        # Computed once per batch, not per tenant.
        context = {
            "criteria": {tier: tier._get_criteria() for tier in tiers},
            "texts": tiers._get_criteria_texts(),
            "applicable": {},
        }
        changes = []  # (partner, new tier, kind, reason)
        updates = {}  # partner -> vals (without tier change)
        for partner in self:
            target, reason_lines = partner._get_target_tier(metrics[partner.id], tiers, context)
            current = partner.tenant_tier_id
            vals = {"tier_evaluated_date": date}
            kind = False
            if partner.tier_locked:
                reason_lines.insert(
                    0,
                    self.env._(
                        "Tier locked by a manager: %(reason)s (the criteria give %(tier)s).",
                        reason=partner.tier_lock_reason,
                        tier=target.name or "-",
                    ),
                )
            elif not target or target == current:
                vals["tier_below_since"] = False
            elif not current or target.sequence > current.sequence:
                kind = "promotion"
            else:
                below_since = partner.tier_below_since or date
                grace = (partner.company_id or self.env.company).tenant_tier_grace_days
                demote_on = below_since + timedelta(days=grace)
                if date >= demote_on:
                    kind = "demotion"
                else:
                    vals["tier_below_since"] = below_since
                    reason_lines.append(
                        self.env._(
                            "Below %(current)s since %(since)s: kept until %(until)s (grace "
                            "period of %(days)s days), then %(target)s.",
                            current=current.name,
                            since=below_since,
                            until=demote_on,
                            days=grace,
                            target=target.name,
                        )
                    )
            vals["tier_reason"] = "\n".join(reason_lines)
            if kind:
                vals.update(tier_since=date, tier_below_since=False)
                changes.append((partner, target, kind, vals["tier_reason"]))
            updates[partner] = vals
        self._apply_tier_changes(changes, date)
        self._write_grouped_updates(updates)

    def _get_target_tier(self, metrics, tiers, context=None):
        """(best tier whose criteria all pass, lines explaining it and the next tier up).

        ``context`` holds what the batch computes once: criteria per tier, translated texts and
        the applicable tiers per company.
        """
        self.ensure_one()
        context = context or {"criteria": {}, "texts": None, "applicable": {}}
        company = self.company_id or self.env.company
        applicable = context["applicable"].get(company)
        if applicable is None:
            applicable = context["applicable"][company] = self._get_applicable_tiers(tiers)
        criteria = context["criteria"]
        texts = context["texts"] or self.env["apartment.tenant.tier"]._get_criteria_texts()
        above = self.env["apartment.tenant.tier"]
        for tier in applicable:
            passed, lines = tier._check_criteria(metrics, criteria.get(tier), texts)
            if passed:
                reason = [
                    texts["meets"] % {"tier": tier.name},
                    *(f"- {line}" for line in lines or [texts["no_criteria"]]),
                ]
                if above:
                    __, above_lines = above._check_criteria(metrics, criteria.get(above), texts)
                    reason.append(texts["not_reached"] % {"tier": above.name})
                    reason.extend(f"- {line}" for line in above_lines)
                return tier, reason
            above = tier
        lowest = applicable[-1:]
        return lowest, [texts["none_met"]]

    def _apply_tier_changes(self, changes, date):
        """Write the tier changes grouped by new tier, then history and chatter in batch."""
        if not changes:
            return
        by_tier = defaultdict(list)
        for partner, tier, __, __ in changes:
            by_tier[tier].append(partner.id)
        history = []
        bodies = {}
        kinds = dict(
            self.env["apartment.tenant.tier.history"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        for partner, tier, kind, reason in changes:
            history.append(
                {
                    "partner_id": partner.id,
                    "old_tier_id": partner.tenant_tier_id.id,
                    "new_tier_id": tier.id,
                    "kind": kind,
                    "reason": reason,
                    "date": date,
                }
            )
            if not partner.tenant_tier_id:
                continue  # the first tier is in the history, not worth a chatter note
            bodies[partner.id] = self.env._(
                "Tier %(kind)s: %(old)s → %(new)s",
                kind=kinds[kind].lower(),
                old=partner.tenant_tier_id.name or "-",
                new=tier.name,
            )
        for tier, partner_ids in by_tier.items():
            self.browse(partner_ids).sudo().with_context(
                tier_engine=True, tracking_disable=True
            ).write({"tenant_tier_id": tier.id})
        self._create_tier_history(history)
        if bodies:
            self.browse(list(bodies)).sudo()._message_log_batch(bodies)

    def _write_grouped_updates(self, updates):
        """Write results {partner: vals}: one write per distinct set of changed values."""
        grouped = defaultdict(list)
        for partner, vals in updates.items():
            current = {fname: partner[fname] for fname in vals if fname in partner._fields}
            changed = {fname: value for fname, value in vals.items() if current.get(fname) != value}
            if changed:
                grouped[tuple(sorted(changed.items()))].append(partner.id)
        for items, partner_ids in grouped.items():
            self.browse(partner_ids).sudo().with_context(
                tier_engine=True, tracking_disable=True
            ).write(dict(items))

    def _create_tier_history(self, vals_list):
        if not vals_list:
            return self.env["apartment.tenant.tier.history"]
        cron = self.env.context.get("tier_origin") == "cron"
        for vals in vals_list:
            vals.setdefault("origin", "cron" if cron else "user")
            vals.setdefault("user_id", False if cron else self.env.uid)
        return self.env["apartment.tenant.tier.history"].sudo().create(vals_list)

    # --- churn risk ---
    churn_risk_score = fields.Integer(
        readonly=True,
        groups="apartment_crm.group_apartment_user",
        index=True,
        help="0-100: sum of the weights of the churn signals the tenant shows, capped at 100.",
    )
    churn_risk_level = fields.Selection(
        CHURN_LEVELS,
        readonly=True,
        groups="apartment_crm.group_apartment_user",
        index=True,
        help="From the score and the company's thresholds (Settings of the company).",
    )
    churn_reasons = fields.Text(
        readonly=True,
        groups="apartment_crm.group_apartment_user",
        help="The signals that fired, with their values.",
    )
    churn_evaluated_date = fields.Date(readonly=True, string="Churn Risk Evaluated On")
    churn_level_notified = fields.Selection(
        CHURN_LEVELS,
        readonly=True,
        groups="apartment_crm.group_apartment_user",
        copy=False,
        help="Level for which the housekeeper was last given a retention activity; cleared when "
        "the level drops, so a new rise notifies again.",
    )

    def action_evaluate_churn_risk(self):
        """Button on the tenant form."""
        self._evaluate_churn_risk()
        return True

    # ------------------------------------------------------------------------------------------
    # Signals: {partner_id: value}, one bounded query per signal for the whole batch
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_churn_signal_record(self, code):
        return (
            self.env["apartment.churn.signal"]
            .sudo()
            .with_context(active_test=False)
            .search([("code", "=", code)], limit=1)
        )

    def _churn_window(self, date, signal):
        """(start, end) datetimes of the signal's look-back window ending with ``date``."""
        end = fields.Datetime.to_datetime(date + timedelta(days=1))
        return end - timedelta(days=signal.window_days + 1), end

    # ------------------------------------------------------------------------------------------
    # Evaluation
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_churn_evaluation_domain(self):
        """Tenants living with the operator (an active lease)."""
        return [("lease_ids.state", "=", "active")]

    @api.model
    def _cron_evaluate_churn_risk(self, date=None):
        self.search(self._get_churn_evaluation_domain())._evaluate_churn_risk(date=date)
        return True

    def _evaluate_churn_risk(self, date=None):
        """Score the churn risk of the partners of ``self`` at ``date`` (default today).

        Each active signal's values come from ``_get_churn_signal_<code>(date, signal)``; a signal
        fires when the value reaches its threshold and adds its weight (score capped at 100).
        Tenants turning high get one activity for their housekeeper.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        signals = self.env["apartment.churn.signal"].sudo().search([("active", "=", True)])
        for batch_ids in split_every(CHURN_BATCH_SIZE, self.ids):
            self.browse(batch_ids)._evaluate_churn_risk_batch(date, signals)
        return True

    def _get_churn_signal_values(self, date, signals):
        values = {}
        for signal in signals:
            method = getattr(self, f"_get_churn_signal_{signal.code}", None)
            if method is None:
                _logger.warning(
                    "Churn signal %s has no method _get_churn_signal_%s: ignored.",
                    signal.name,
                    signal.code,
                )
                continue
            values[signal] = method(date, signal)
        return values

    def _evaluate_churn_risk_batch(self, date, signals):
        values = self._get_churn_signal_values(date, signals)
        # Plain values, read once per batch rather than per tenant.
        checks = [
            (signal, signal.threshold, signal.weight, by_partner)
            for signal, by_partner in values.items()
        ]
        template = self._get_churn_reason_template()
        levels = {}
        updates = {}
        to_notify = {}
        for partner in self:
            fired = []  # (signal, value)
            score = 0
            for signal, threshold, weight, by_partner in checks:
                value = by_partner.get(partner.id, 0)
                if value >= threshold:
                    fired.append((signal, value))
                    score += weight
            score = min(100, score)
            company = partner.company_id or self.env.company
            if company not in levels:
                levels[company] = partner._get_churn_levels()
            level = next(level for minimum, level in levels[company] if score >= minimum)
            vals = {
                "churn_risk_score": score,
                "churn_risk_level": level,
                "churn_reasons": "\n".join(
                    self._format_churn_reason(signal, value, template) for signal, value in fired
                ),
                "churn_evaluated_date": date,
            }
            if level == "high" and partner.churn_level_notified != "high":
                to_notify[partner] = fired
                vals["churn_level_notified"] = "high"
            elif level != "high" and partner.churn_level_notified:
                vals["churn_level_notified"] = False
            updates[partner] = vals
        self._write_grouped_updates(updates)
        self._notify_churn_high(to_notify, date)

    def _get_churn_levels(self):
        """[(minimum score, level)] of the partner's company, highest first."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return [
            (company.churn_high_threshold, "high"),
            (company.churn_medium_threshold, "medium"),
            (0, "low"),
        ]

    @api.model
    def _get_churn_reason_template(self):
        return {
            "line": self.env._(
                "%(signal)s: %(value)s (fires from %(threshold)s%(window)s), +%(weight)s"
            ),
            "window": self.env._(" within %(days)s days"),
        }

    def _format_churn_reason(self, signal, value, template=None):
        template = template or self._get_churn_reason_template()
        fmt = self.env["apartment.tenant.tier"]._format_criterion
        return template["line"] % {
            "signal": signal.name,
            "value": fmt(value),
            "threshold": fmt(signal.threshold),
            "window": (
                template["window"] % {"days": signal.window_days} if signal.window_days else ""
            ),
            "weight": signal.weight,
        }

    def _get_churn_responsible(self):
        """Who receives the retention activity: housekeeper, else property manager, else admin."""
        self.ensure_one()
        return (
            self.housekeeper_id
            or self.current_lease_id.property_id.manager_id
            or self.env.ref("base.user_admin", raise_if_not_found=False)
            or self.env.user
        )

    def _notify_churn_high(self, fired_by_partner, date):
        """One to-do per tenant turning high, naming the reasons and retention actions."""
        if not fired_by_partner:
            return self.env["mail.activity"]
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for partner, fired in fired_by_partner.items():
            reasons = Markup("").join(
                Markup("<li>%s</li>") % self._format_churn_reason(signal, value)
                for signal, value in fired
            )
            actions = Markup("").join(
                Markup("<li>%s</li>") % signal.retention_action
                for signal, __ in fired
                if signal.retention_action
            ) or Markup("<li>%s</li>") % self.env._("Visit the tenant, or make a renewal offer.")
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": self.env._("High churn risk: retention action"),
                    "note": Markup("<p>%s</p><ul>%s</ul><p>%s</p><ul>%s</ul>")
                    % (
                        self.env._(
                            "%(tenant)s is at high churn risk (score %(score)s). Reasons:",
                            tenant=partner.display_name,
                            score=min(100, sum(signal.weight for signal, __ in fired)),
                        ),
                        reasons,
                        self.env._("Suggested retention actions:"),
                        actions,
                    ),
                    "user_id": partner._get_churn_responsible().id,
                    "date_deadline": date,
                }
            )
        return self.env["mail.activity"].sudo().create(vals_list)
