# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, split_every

from ..tools import concurrent_batch, not_done_on, take_batch

TIER_BATCH_SIZE = 5000


class ApartmentTenantTier(models.Model):
    """A value tier of tenants (流动 / 潜力 / 核心 / VIP) and the benefits it grants.

    The benefits are read by the other capabilities: renewal offers (rent discount, lead time),
    the points ledger (multiplier) and SLA targets (factor).

    The model also holds the tier engine (``_evaluate_partners``): model methods that take the
    partners to evaluate as an argument. Each criterion's metric comes from a plug-in
    ``_get_tier_metric_<name>(partners, date)`` returning {partner_id: value}; capability addons
    add theirs by inheriting this model.
    """

    _name = "apartment.tenant.tier"
    _description = "Tenant Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(
        default=10, help="Rank of the tier: higher sequence means a higher tier."
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    description = fields.Text(translate=True)
    # Benefits
    rent_discount_percent = fields.Float(
        string="Renewal Discount (%)",
        digits=(5, 2),
        help="Discount on the rent offered in renewal offers.",
    )
    points_multiplier = fields.Float(
        default=1.0,
        digits=(5, 2),
        help="Points earned by tenants of this tier are multiplied by this factor.",
    )
    sla_factor = fields.Float(
        string="SLA Factor",
        default=1.0,
        digits=(5, 2),
        help="Service-level targets are multiplied by this factor (0.5 = twice as fast).",
    )
    renewal_lead_days = fields.Integer(
        default=90, help="How many days before a lease ends its renewal opens."
    )
    partner_ids = fields.One2many("res.partner", "tenant_tier_id", string="Tenants")
    # Criteria (each optional: zero means "not required"). A tenant reaches the best tier whose
    # criteria all pass; see _evaluate_partners().
    min_tenure_months = fields.Integer(
        string="Minimum Tenure (months)",
        help="Whole months leased with the operator (signed leases, up to the evaluation date).",
    )
    min_on_time_rate = fields.Float(
        string="Minimum On-time Payment Rate (%)",
        digits=(5, 2),
        help="Share of the rent invoices of the last 12 months paid by their due date.",
    )
    min_monthly_rent = fields.Float(
        string="Minimum Monthly Rent",
        digits="Account",
        help="Monthly rent of the current lease (else of the last signed one).",
    )
    min_spend_12m = fields.Float(
        string="Minimum 12-month Spend",
        digits="Account",
        help="Amount invoiced to the tenant over the last 12 months.",
    )
    min_events_12m = fields.Integer(
        string="Minimum Events Attended (12 months)",
        help="Community events attended over the last 12 months.",
    )
    min_loyalty_balance = fields.Float(
        string="Minimum Loyalty Balance",
        digits=(16, 2),
        help="Points balance of the tenant in the loyalty ledger.",
    )
    tenant_count = fields.Integer(compute="_compute_tenant_count")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A tier code must be unique."),
        (
            "rent_discount_percent_range",
            "CHECK(rent_discount_percent >= 0 AND rent_discount_percent <= 100)",
            "The renewal discount of a tier must be between 0 and 100 %.",
        ),
        (
            "points_multiplier_positive",
            "CHECK(points_multiplier >= 0)",
            "The points multiplier of a tier cannot be negative.",
        ),
        (
            "sla_factor_positive",
            "CHECK(sla_factor > 0)",
            "The SLA factor of a tier must be greater than zero.",
        ),
        (
            "renewal_lead_days_positive",
            "CHECK(renewal_lead_days >= 0)",
            "The renewal lead time of a tier cannot be negative.",
        ),
        (
            "criteria_positive",
            "CHECK(min_tenure_months >= 0 AND min_on_time_rate >= 0 AND min_on_time_rate <= 100"
            " AND min_monthly_rent >= 0 AND min_spend_12m >= 0 AND min_events_12m >= 0"
            " AND min_loyalty_balance >= 0)",
            "The criteria of a tier cannot be negative, and the on-time rate is at most 100 %.",
        ),
    ]

    def _compute_tenant_count(self):
        groups = self.env["res.partner"]._read_group(
            [("tenant_tier_id", "in", self.ids)], ["tenant_tier_id"], ["__count"]
        )
        counts = {tier.id: count for tier, count in groups}
        for tier in self:
            tier.tenant_count = counts.get(tier.id, 0)

    @api.model
    def _get_criteria_fields(self):
        """The criteria: [(metric name, field name of the minimum)].

        The metric names are those of ``_get_partner_metrics()``; add a criterion by adding a
        field here and a ``_get_tier_metric_<name>(partners, date)`` method on this model.
        """
        return [
            ("tenure_months", "min_tenure_months"),
            ("on_time_rate", "min_on_time_rate"),
            ("monthly_rent", "min_monthly_rent"),
            ("spend_12m", "min_spend_12m"),
            ("events_attended_12m", "min_events_12m"),
            ("loyalty_balance", "min_loyalty_balance"),
        ]

    def _get_criteria(self):
        """This tier's criteria in use: [(metric, label, minimum)] (minimum 0 = not used)."""
        self.ensure_one()
        return [
            (metric, self._fields[fname]._description_string(self.env), self[fname])
            for metric, fname in self._get_criteria_fields()
            if self[fname]
        ]

    @api.model
    def _get_criteria_texts(self):
        """Translated templates of the reason lines, looked up once per batch."""
        return {
            "unknown": self.env._(
                "%(criterion)s %(minimum)s: not evaluated (metric not available)"
            ),
            "known": self.env._("%(criterion)s %(minimum)s: %(value)s, %(result)s"),
            "passed": self.env._("passed"),
            "failed": self.env._("failed"),
            "meets": self.env._("Meets %(tier)s:"),
            "not_reached": self.env._("Not %(tier)s:"),
            "no_criteria": self.env._("no criteria"),
            "none_met": self.env._("No tier's criteria are met."),
        }

    def _check_criteria(self, metrics, criteria=None, texts=None):
        """Check one tenant's metrics against this tier.

        :param dict metrics: {metric name: value or None (unknown)}
        :param criteria: this tier's ``_get_criteria()``, texts: ``_get_criteria_texts()``
            (given by the batch so they are computed once)
        :return: (passed, lines): passed is False when a known metric is below its minimum; an
            unknown metric is "not evaluated" and does not block. lines describe each criterion.
        """
        self.ensure_one()
        criteria = self._get_criteria() if criteria is None else criteria
        texts = texts or self._get_criteria_texts()
        fmt = self._format_criterion
        passed = True
        lines = []
        for metric, label, minimum in criteria:
            value = metrics.get(metric)
            if value is None:
                lines.append(texts["unknown"] % {"criterion": label, "minimum": fmt(minimum)})
                continue
            ok = value >= minimum
            passed = passed and ok
            lines.append(
                texts["known"]
                % {
                    "criterion": label,
                    "minimum": fmt(minimum),
                    "value": fmt(value),
                    "result": texts["passed"] if ok else texts["failed"],
                }
            )
        return passed, lines

    @api.model
    def _format_criterion(self, value):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)

    # ------------------------------------------------------------------------------------------
    # Engine: metrics (one bounded query per metric for the whole batch)
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_tier_metric_names(self):
        return [metric for metric, __ in self._get_criteria_fields()]

    @api.model
    def _get_partner_metrics(self, partners, date):
        """{partner_id: {metric: value or None}} for ``partners``.

        Each metric comes from ``_get_tier_metric_<name>(partners, date)`` returning
        {partner_id: value}; a partner missing from that dict reads 0, a value None means
        "unknown" (also every value of a metric without a method: its capability addon is not
        installed).
        """
        metrics = {partner_id: {} for partner_id in partners.ids}
        for name in self._get_tier_metric_names():
            method = getattr(self, f"_get_tier_metric_{name}", None)
            # A criterion whose capability addon is not installed is "not evaluated".
            values = method(partners, date) if method else {}
            default = 0 if method else None
            for partner_id, partner_metrics in metrics.items():
                partner_metrics[name] = values.get(partner_id, default)
        return metrics

    @api.model
    def _get_tier_metric_tenure_months(self, partners, date):
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
                ids=partners.ids,
            )
        )
        months = defaultdict(int)
        for partner_id, start, end in self.env.cr.fetchall():
            delta = relativedelta(end + timedelta(days=1), start)
            months[partner_id] += delta.years * 12 + delta.months
        return months

    @api.model
    def _get_tier_metric_monthly_rent(self, partners, date):
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
                ids=partners.ids,
            )
        )
        return dict(self.env.cr.fetchall())

    # ------------------------------------------------------------------------------------------
    # Engine: evaluation
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_evaluation_domain(self):
        """The partners the daily cron evaluates: tenants (an active or ended lease)."""
        return [("is_tenant", "=", True)]

    @api.model
    def _cron_evaluate_tenant_tiers(self, date=None):
        """Evaluate the tenants' tiers at ``date`` (default today).

        Run by the scheduler, one call evaluates at most ``apartment_crm.engine_batch_size``
        (default 2000) tenants not evaluated at ``date`` yet and reports the rest, so the
        scheduler commits and calls again: a killed worker loses one batch, never the day.
        Called by hand (Run Manually, shell, tests) it evaluates every tenant at once.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        domain = not_done_on(self.env, self._get_evaluation_domain(), "tier_evaluated_date", date)
        partners = self.env["res.partner"].search(domain, order="id")
        batch, remaining = take_batch(self.env, partners)
        with concurrent_batch(self.env, "Tier evaluation", batch) as state:
            self.with_context(tier_origin="cron")._evaluate_partners(batch, date=date)
        done = 0 if state["skipped"] else len(batch)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining + len(batch) - done)
        return True

    @api.model
    def _evaluate_partners(self, partners, date=None):
        """Evaluate the tiers of ``partners`` at ``date`` (default today).

        Promotion is immediate; a demotion only happens once the tenant has stayed below the
        criteria of the current tier for the company's grace period (tier_below_since). Locked
        tenants keep their tier. Changes are written per target tier, logged in the history and
        in the chatter. Queries are bounded per batch of TIER_BATCH_SIZE partners.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        tiers = self.sudo().search([("active", "=", True)], order="sequence desc, id")
        for batch_ids in split_every(TIER_BATCH_SIZE, partners.ids):
            self._evaluate_batch(partners.browse(batch_ids), date, tiers)
        return True

    @api.model
    def _get_engine_langs(self):
        """The languages the engines write their texts in: every installed one. The reasons
        are translatable fields, so each reader reads them in their own language, whoever
        (or whichever cron user) ran the evaluation."""
        langs = {code for code, __ in self.env["res.lang"].get_installed()}
        # en_US (first) always: the fallback value of the translatable fields.
        return ["en_US", *sorted(langs - {"en_US"})]

    @api.model
    def _evaluate_batch(self, partners, date, tiers):
        metrics = self._get_partner_metrics(partners, date)
        # Computed once per batch and language, not per tenant.
        engines = {lang: self.with_context(lang=lang) for lang in self._get_engine_langs()}
        contexts = {
            lang: {
                "criteria": {tier: tier._get_criteria() for tier in tiers.with_context(lang=lang)},
                "texts": engine._get_criteria_texts(),
                "applicable": {},
                "tiers": tiers.with_context(lang=lang),
            }
            for lang, engine in engines.items()
        }
        changes = []  # (partner, new tier, kind, {lang: reason})
        updates = {}  # partner -> vals (without tier change)
        for partner in partners:
            kind = vals = target = None
            reasons = {}
            for lang, engine in engines.items():
                context = contexts[lang]
                lang_partner = partner.with_context(lang=lang)
                lang_target, reason_lines = engine._get_target_tier(
                    lang_partner, metrics[partner.id], context["tiers"], context
                )
                lang_kind, lang_vals = engine._get_tier_decision(
                    lang_partner, lang_target, reason_lines, date
                )
                if vals is None:  # the decision is the same in every language
                    kind, vals, target = lang_kind, lang_vals, lang_target.with_env(self.env)
                reasons[lang] = lang_vals["tier_reason"]
            vals["tier_reason"] = reasons
            if kind:
                changes.append((partner, target, kind, reasons))
            updates[partner] = vals
        self._apply_tier_changes(changes, date)
        self._write_partner_updates(updates)

    @api.model
    def _get_tier_decision(self, partner, target, reason_lines, date):
        """(kind of change or False, vals to write) for ``partner`` whose criteria give
        ``target``; ``reason_lines`` (the criteria explained) get the lock or the grace period."""
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
            kind = self._get_demotion(partner, target, reason_lines, date, vals)
        vals["tier_reason"] = "\n".join(reason_lines)
        if kind:
            vals.update(tier_since=date, tier_below_since=False)
        return kind, vals

    @api.model
    def _get_demotion(self, partner, target, reason_lines, date, vals):
        """Return "demotion" once the grace period below the current tier has passed, else
        False (``vals`` and ``reason_lines`` then say since when and until when it is kept)."""
        below_since = partner.tier_below_since or date
        grace = (partner.company_id or self.env.company).tenant_tier_grace_days
        demote_on = below_since + timedelta(days=grace)
        if date >= demote_on:
            return "demotion"
        vals["tier_below_since"] = below_since
        reason_lines.append(
            self.env._(
                "Below %(current)s since %(since)s: kept until %(until)s (grace "
                "period of %(days)s days), then %(target)s.",
                current=partner.tenant_tier_id.name,
                since=below_since,
                until=demote_on,
                days=grace,
                target=target.name,
            )
        )
        return False

    @api.model
    def _get_applicable_tiers(self, partner, tiers):
        """Tiers of the partner's company (or shared ones), best first."""
        company = partner.company_id or self.env.company
        return tiers.filtered(lambda t: not t.company_id or t.company_id == company)

    @api.model
    def _get_target_tier(self, partner, metrics, tiers, context=None):
        """(best tier whose criteria all pass, lines explaining it and the next tier up).

        ``context`` holds what the batch computes once: criteria per tier, translated texts and
        the applicable tiers per company.
        """
        partner.ensure_one()
        context = context or {"criteria": {}, "texts": None, "applicable": {}}
        company = partner.company_id or self.env.company
        applicable = context["applicable"].get(company)
        if applicable is None:
            applicable = self._get_applicable_tiers(partner, tiers)
            context["applicable"][company] = applicable
        criteria = context["criteria"]
        texts = context["texts"] or self._get_criteria_texts()
        above = self.browse()
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

    @api.model
    def _apply_tier_changes(self, changes, date):
        """Write the tier changes [(partner, new tier, kind, reason)] grouped by new tier, then
        history and chatter in batch."""
        if not changes:
            return
        Partner = self.env["res.partner"]
        by_tier = defaultdict(list)
        for partner, tier, __, __ in changes:
            by_tier[tier].append(partner.id)
        history = [
            {
                "partner_id": partner.id,
                "old_tier_id": partner.tenant_tier_id.id,
                "new_tier_id": tier.id,
                "kind": kind,
                "reason": reason,
                "date": date,
            }
            for partner, tier, kind, reason in changes
        ]
        bodies = self._get_tier_change_notes(changes)
        for tier, partner_ids in by_tier.items():
            Partner.browse(partner_ids).sudo().with_context(
                tier_engine=True, tracking_disable=True
            ).write({"tenant_tier_id": tier.id})
        self._create_tier_history(history)
        if bodies:
            Partner.browse(list(bodies)).sudo()._message_log_batch(bodies)

    @api.model
    def _get_tier_change_notes(self, changes):
        """{partner_id: chatter note} of the changes (before they are written); the first tier
        of a tenant is in the history only, not worth a chatter note. A note is read by the
        tenant's staff: it is written in the language of the tenant's housekeeper (as the
        retention to-do is), not in the language of the cron's user."""
        kinds = {}
        notes = {}
        for partner, tier, kind, __ in changes:
            if not partner.tenant_tier_id:
                continue
            lang = partner._get_churn_responsible().lang or self.env.lang
            engine = self.with_context(lang=lang)
            if lang not in kinds:
                kinds[lang] = dict(
                    engine.env["apartment.tenant.tier.history"]
                    ._fields["kind"]
                    ._description_selection(engine.env)
                )
            notes[partner.id] = engine.env._(
                "Tier %(kind)s: %(old)s → %(new)s",
                kind=kinds[lang][kind].lower(),
                old=partner.tenant_tier_id.with_env(engine.env).name or "-",
                new=tier.with_env(engine.env).name,
            )
        return notes

    @api.model
    def _write_partner_updates(self, updates):
        """Write the engine's results {partner: vals} as superuser (``tier_engine``): one write
        per distinct set of changed values. Also used by the churn engine."""
        grouped = defaultdict(list)
        translated = []  # (partner, fname, {lang: text}) of the engine texts that changed
        for partner, vals in updates.items():
            plain = {}
            for fname, value in vals.items():
                if isinstance(value, dict):
                    # An engine text in every language (a translatable field).
                    current = {lang: partner.with_context(lang=lang)[fname] or "" for lang in value}
                    if current != {lang: text or "" for lang, text in value.items()}:
                        translated.append((partner, fname, value))
                else:
                    plain[fname] = value
            current = {fname: partner[fname] for fname in plain if fname in partner._fields}
            changed = {
                fname: value for fname, value in plain.items() if current.get(fname) != value
            }
            if changed:
                grouped[tuple(sorted(changed.items()))].append(partner.id)
        for items, partner_ids in grouped.items():
            self.env["res.partner"].browse(partner_ids).sudo().with_context(
                tier_engine=True, tracking_disable=True
            ).write(dict(items))
        by_field = defaultdict(dict)
        for partner, fname, texts in translated:
            by_field[fname][partner.id] = texts
        for fname, texts_by_id in by_field.items():
            self._write_engine_translations(self.env["res.partner"], fname, texts_by_id)

    @api.model
    def _write_engine_translations(self, model, fname, texts_by_id):
        """Set the translatable field ``fname`` of the records to {record id: {lang: text}}
        (every installed language, en_US the fallback) in one query: an engine text read in
        each reader's language. Engine only: no access check, no write hooks."""
        if not texts_by_id:
            return
        model.flush_model([fname])
        rows = SQL(", ").join(
            SQL("(%s, %s::jsonb)", record_id, json.dumps(texts))
            for record_id, texts in texts_by_id.items()
        )
        self.env.cr.execute(
            SQL(
                "UPDATE %(table)s AS t SET %(field)s = v.value FROM (VALUES %(rows)s) "
                "AS v(id, value) WHERE t.id = v.id",
                table=SQL.identifier(model._table),
                field=SQL.identifier(fname),
                rows=rows,
            )
        )
        records = model.browse(list(texts_by_id))
        records.invalidate_recordset([fname])
        records.modified([fname])

    @api.model
    def _create_tier_history(self, vals_list):
        if not vals_list:
            return self.env["apartment.tenant.tier.history"]
        cron = self.env.context.get("tier_origin") == "cron"
        reasons = []
        for vals in vals_list:
            vals.setdefault("origin", "cron" if cron else "user")
            vals.setdefault("user_id", False if cron else self.env.uid)
            # The engine's reason in every language ({lang: text}); a user's text as typed.
            reason = vals.get("reason")
            reasons.append(reason if isinstance(reason, dict) else None)
            if isinstance(reason, dict):
                vals["reason"] = reason.get("en_US") or next(iter(reason.values()), False)
        history = self.env["apartment.tenant.tier.history"].sudo().create(vals_list)
        self._write_engine_translations(
            history,
            "reason",
            {record.id: reason for record, reason in zip(history, reasons, strict=True) if reason},
        )
        return history

    # ------------------------------------------------------------------------------------------
    # Engine: lock and unlock (managers only)
    # ------------------------------------------------------------------------------------------
    @api.model
    def _lock_partners(self, partners, tier, reason):
        """Lock the tier of ``partners`` (at ``tier``, a record or id, else each one's current
        tier), with a reason."""
        partners._check_tier_manager()
        if isinstance(tier, int):
            tier = self.browse(tier)
        if not (reason or "").strip():
            raise ValidationError(
                self.env._(
                    "Locking the tier of %(tenants)s needs a reason: say why the tier must not "
                    "follow the criteria.",
                    tenants=", ".join(partners.mapped("display_name")[:5]),
                )
            )
        today = fields.Date.context_today(self)
        history = []
        for partner in partners:
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

    @api.model
    def _unlock_partners(self, partners):
        """Unlock the tier of ``partners``: the criteria apply again."""
        partners._check_tier_manager()
        locked = partners.filtered("tier_locked")
        locked.sudo().with_context(tier_engine=True).write(
            {"tier_locked": False, "tier_lock_reason": False, "tier_below_since": False}
        )
        self._create_tier_history(
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
