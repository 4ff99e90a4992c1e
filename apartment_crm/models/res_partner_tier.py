# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=consider-merging-classes-inherited
"""Tenant tiers on res.partner: metrics in batch, evaluation with damping, lock, history.

Kept apart from models/res_partner.py (the foundation's fields) because the engine is large and
other capabilities extend res.partner in parallel.
"""

from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, split_every

TIER_BATCH_SIZE = 5000


# A separate file on purpose: the engine is large and several capabilities extend res.partner in
# parallel; models/res_partner.py keeps the foundation's fields.
class ResPartner(models.Model):
    _inherit = "res.partner"

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
        a partner missing from that dict reads 0, a value None means "unknown".
        """
        metrics = {partner_id: {} for partner_id in self.ids}
        for name in self._get_tier_metric_names():
            values = getattr(self, f"_get_tier_metric_{name}")(date)
            for partner_id, partner_metrics in metrics.items():
                partner_metrics[name] = values.get(partner_id, 0)
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

    def _get_tier_metric_events_attended_12m(self, date):
        """Event registrations marked attended (state done) of events begun in the 12 months."""
        start = fields.Datetime.to_datetime(date - relativedelta(months=12))
        end = fields.Datetime.to_datetime(date + timedelta(days=1))
        groups = (
            self.env["event.registration"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("state", "=", "done"),
                    ("event_id.date_begin", ">=", start),
                    ("event_id.date_begin", "<", end),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        return {partner.id: count for partner, count in groups}

    def _get_tier_metric_on_time_rate(self, date):
        """Rent paid on time (%) over the 12 months to ``date``, from the rent invoices'
        reconciliation; None for a tenant without any rent invoice due yet."""
        stats = self._get_rent_payment_stats(date=date)
        return {
            partner_id: (
                stats[partner_id]["on_time_payment_rate"]
                if stats.get(partner_id, {}).get("due_count_12m")
                else None
            )
            for partner_id in self.ids
        }

    def _get_tier_metric_spend_12m(self, date):
        """Rent paid over the 12 months to ``date`` (company currency)."""
        stats = self._get_rent_payment_stats(date=date)
        return {
            partner_id: stats.get(partner_id, {}).get("rent_paid_12m", 0.0)
            for partner_id in self.ids
        }

    def _get_tier_metric_loyalty_balance(self, date):
        """Points balance of the ledger at ``date`` (entries dated up to that day)."""
        groups = (
            self.env["apartment.loyalty.entry"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("date", "<=", date)],
                ["partner_id"],
                ["points:sum"],
            )
        )
        balances = {partner.id: points for partner, points in groups}
        return {partner_id: balances.get(partner_id, 0.0) for partner_id in self.ids}

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
