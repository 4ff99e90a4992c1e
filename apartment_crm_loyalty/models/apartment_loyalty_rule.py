# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from psycopg2 import errors

from odoo import api, fields, models
from odoo.tools import SQL, float_compare, mute_logger

from odoo.addons.apartment_crm.tools import concurrent_batch, is_scheduler_run, take_batch

_logger = logging.getLogger(__name__)


class ApartmentLoyaltyRule(models.Model):
    """How tenants earn points: a trigger, an amount and a validity."""

    _name = "apartment.loyalty.rule"
    _description = "Loyalty Earn Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    trigger = fields.Selection(
        [
            ("rent_on_time", "Rent paid on time"),
            ("referral", "Referral signed"),
            ("tenure_anniversary", "Tenure anniversary"),
            ("survey_answered", "Satisfaction survey answered"),
            ("manual", "Manual"),
        ],
        required=True,
        index=True,
    )
    points_mode = fields.Selection(
        [("fixed", "Fixed points"), ("per_unit", "Per currency unit")],
        required=True,
        default="fixed",
        help="Per currency unit: points for each unit of the amount (for rent: the amount paid).",
    )
    points = fields.Float(
        digits=(16, 4),
        required=True,
        default=1.0,
        help="Points per award, or per currency unit; multiplied by the tenant tier's "
        "points multiplier.",
    )
    validity_months = fields.Integer(
        default=12, help="Points expire this many months after they are earned; 0 = never."
    )
    company_id = fields.Many2one("res.company", index=True)
    description = fields.Text(translate=True)
    entry_count = fields.Integer(compute="_compute_entry_count")

    _sql_constraints = [
        ("points_positive", "CHECK(points > 0)", "The points of a loyalty rule must be positive."),
        (
            "validity_positive",
            "CHECK(validity_months >= 0)",
            "The validity of a loyalty rule cannot be negative (0 means no expiry).",
        ),
    ]

    def _compute_entry_count(self):
        groups = self.env["apartment.loyalty.entry"]._read_group(
            [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
        )
        counts = {rule.id: count for rule, count in groups}
        for rule in self:
            rule.entry_count = counts.get(rule.id, 0)

    # ------------------------------------------------------------------------------------------
    # Awarding
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_rules(self, trigger, company=None):
        domain = [("trigger", "=", trigger)]
        if company:
            domain.append(("company_id", "in", [company.id, False]))
        return self.sudo().search(domain)

    def _compute_award_points(self, partner, amount=None, base_points=None):
        """Points this rule gives ``partner`` for ``amount`` (tier multiplier applied).

        ``base_points`` replaces the rule's own points when the source sets them (e.g. an
        event's ``attendance_points``)."""
        self.ensure_one()
        if base_points:
            base = base_points
        elif self.points_mode == "fixed":
            base = self.points
        else:
            base = self.points * (amount or 0.0)
        tier = partner.tenant_tier_id
        multiplier = tier.points_multiplier if tier else 1.0
        return self.env["apartment.loyalty.entry"]._round_points(base * multiplier)

    def _prepare_earn_vals(self, award, points, source_key):
        self.ensure_one()
        partner = award["partner"]
        source = award.get("source")
        day = award.get("date") or fields.Date.context_today(self)
        company = award.get("company") or self.company_id or self.env.company
        description = award.get("description")
        if callable(description):
            description = description()
        return {
            "partner_id": partner.id,
            "date": day,
            "points": points,
            "remaining": points,
            "entry_type": "earn",
            "rule_id": self.id,
            "res_model": source._name if source else False,
            "res_id": source.id if source else False,
            "source_key": source_key or False,
            # str (as given) or {lang: text}, or a function returning one (rendered only for
            # the entries posted); by default the rule's name in every language
            "description": description
            or self.env["apartment.loyalty.entry"]._in_every_lang(
                lambda env: self.with_env(env).name
            ),
            "expiry_date": day + relativedelta(months=self.validity_months)
            if self.validity_months
            else False,
            "company_id": company.id,
        }

    # Long on purpose: one batch: matching, idempotency keys, one create.
    def _award(self, awards):
        """Award this rule's points, exactly once per (rule, source, partner, key).

        ``awards``: list of dicts ``{"partner": res.partner, "source": record, "amount":
        float (per-unit rules), "points": float (replaces the rule's points), "date": date,
        "description": str, "key": str, "company": res.company}``. Batched: one query finds
        what was already awarded (a source whose earn entry was reversed can earn again, under
        a new key), one ``create`` posts the
        rest. The unique index ``apartment_loyalty_entry_earn_once`` is the last guard against
        a concurrent award: if the batch INSERT hits it, the entries are inserted one by one
        in savepoints and the duplicates skipped (``ON CONFLICT DO NOTHING`` semantics).
        Returns the new entries.
        """
        self.ensure_one()
        awards = [a for a in awards if a.get("partner")]
        if not self.active or not awards:
            return self.env["apartment.loyalty.entry"]
        partners = self.env["res.partner"].union(*(a["partner"] for a in awards))
        partners._loyalty_lock()
        return self._create_earn_entries(self._prepare_award_vals_list(awards))

    def _prepare_award_vals_list(self, awards):
        """The earn entries ``_award`` would post for ``awards`` (those not awarded yet, with
        points): one query for what was already awarded."""
        self.ensure_one()
        return [
            self._prepare_earn_vals(award, points, key)
            for award, points, key in self._get_pending_awards(awards)
        ]

    def _get_pending_awards(self, awards):
        """[(award, points, source key)] of the ``awards`` this rule has not awarded yet and
        that earn points: one query for what was already awarded, no entry values built (no
        description rendered). Without the lock, a caller can use it to tell what is left to
        award."""
        self.ensure_one()
        Entry = self.env["apartment.loyalty.entry"]
        awards = [a for a in awards if a.get("partner")]
        if not self.active or not awards:
            return []
        existing = self._get_awarded(awards)
        pending, seen = [], set()
        digits = Entry._points_digits()
        for award in awards:
            source = award.get("source")
            base_key = award.get("key") or ""
            ident = (source._name if source else "", source.id if source else 0)
            key_id = (*ident, award["partner"].id, base_key)
            if key_id in seen:
                continue
            seen.add(key_id)
            live, count = existing.get(key_id, (False, 0))
            if live:
                continue
            points = self._compute_award_points(
                award["partner"], award.get("amount"), award.get("points")
            )
            if float_compare(points, 0.0, precision_digits=digits) <= 0:
                continue
            pending.append((award, points, base_key if not count else f"{base_key}#{count}"))
        return pending

    def _get_awarded(self, awards):
        """{(model, id, partner, base key): (has a live earn entry, number of earn entries)}."""
        Entry = self.env["apartment.loyalty.entry"]
        Entry.flush_model()
        models_ids = {}
        for award in awards:
            source = award.get("source")
            if source:
                models_ids.setdefault(source._name, set()).add(source.id)
        conditions = [
            SQL("(e.res_model = %s AND e.res_id = ANY(%s))", model, list(ids))
            for model, ids in models_ids.items()
        ]
        if any(not a.get("source") for a in awards):
            conditions.append(SQL("e.res_model IS NULL"))
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(e.res_model, ''), COALESCE(e.res_id, 0), e.partner_id,
                       split_part(COALESCE(e.source_key, ''), '#', 1),
                       bool_or(r.id IS NULL), count(*)
                  FROM apartment_loyalty_entry e
             LEFT JOIN apartment_loyalty_entry r ON r.reversed_entry_id = e.id
                 WHERE e.entry_type = 'earn' AND e.rule_id = %s AND e.partner_id = ANY(%s)
                   AND (%s)
              GROUP BY 1, 2, 3, 4
                """,
                self.id,
                list({a["partner"].id for a in awards}),
                SQL(" OR ").join(conditions),
            )
        )
        return {
            (model, res_id, partner_id, key): (live, count)
            for model, res_id, partner_id, key, live, count in self.env.cr.fetchall()
        }

    def _create_earn_entries(self, vals_list):
        Entry = self.env["apartment.loyalty.entry"]
        if not vals_list:
            return Entry
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                return Entry._post_entries(vals_list)
        except errors.UniqueViolation:
            _logger.info("Loyalty award: concurrent duplicate, posting entries one by one")
        entries = Entry
        for vals in vals_list:
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    entries |= Entry._post_entries([vals])
            except errors.UniqueViolation:
                _logger.info(
                    "Loyalty award: rule %s already awarded for %s,%s (partner %s): skipped",
                    vals["rule_id"],
                    vals["res_model"],
                    vals["res_id"],
                    vals["partner_id"],
                )
        return entries

    @api.model
    def _award_trigger(self, trigger, awards):
        """Award every active rule of ``trigger`` (of the award's company) for ``awards``."""
        entries = self.env["apartment.loyalty.entry"]
        for rule in self._get_rules(trigger):
            entries |= rule._award(rule._filter_awards(awards))
        return entries

    def _filter_awards(self, awards):
        """The ``awards`` this rule applies to (its company, or any when it has none)."""
        self.ensure_one()
        return [
            a
            for a in awards
            if not self.company_id or self.company_id == (a.get("company") or self.env.company)
        ]

    @api.model
    def _reverse_awards(self, trigger, sources, description=None):
        """Reverse the live earn entries of ``trigger`` rules for ``sources``."""
        Entry = self.env["apartment.loyalty.entry"]
        if not sources:
            return Entry
        entries = (
            Entry.sudo()
            .search(
                [
                    ("entry_type", "=", "earn"),
                    ("rule_id.trigger", "=", trigger),
                    ("res_model", "=", sources._name),
                    ("res_id", "in", sources.ids),
                ]
            )
            .filtered(lambda e: not e.reversal_entry_id)
        )
        return entries._reverse(description)

    # ------------------------------------------------------------------------------------------
    # Triggers the other capabilities call
    # ------------------------------------------------------------------------------------------
    @api.model
    def _award_survey(self, records):
        """Satisfaction survey answered: one award per record (ticket, rating...) with a
        ``partner_id``."""
        Entry = self.env["apartment.loyalty.entry"]
        awards = [
            {
                "partner": record.partner_id.commercial_partner_id,
                "source": record,
                "company": record.company_id if "company_id" in record else self.env.company,
                "description": Entry._in_every_lang(
                    lambda env, record=record: env._(
                        "Satisfaction survey answered: %(record)s",
                        record=record.with_env(env).display_name,
                    )
                ),
            }
            for record in records.sudo()
            if record.partner_id
        ]
        return self._award_trigger("survey_answered", awards)

    @api.model
    def _award_referral(self, leases):
        """A referred lease became active: the referrer earns (and, with the company option
        ``loyalty_referral_both``, the new tenant too)."""
        Entry = self.env["apartment.loyalty.entry"]
        awards = []
        for lease in leases.sudo().filtered("referred_by_id"):
            referrer = lease.referred_by_id.commercial_partner_id
            awards.append(
                {
                    "partner": referrer,
                    "source": lease,
                    "company": lease.company_id,
                    "date": fields.Date.context_today(self),
                    "description": Entry._in_every_lang(
                        lambda env, lease=lease: env._(
                            "Referral of %(tenant)s (%(lease)s)",
                            tenant=lease.partner_id.name,
                            lease=lease.name,
                        )
                    ),
                }
            )
            if lease.company_id.loyalty_referral_both:
                awards.append(
                    {
                        "partner": lease.partner_id.commercial_partner_id,
                        "source": lease,
                        "company": lease.company_id,
                        "date": fields.Date.context_today(self),
                        "description": Entry._in_every_lang(
                            lambda env, lease=lease, referrer=referrer: env._(
                                "Welcome: referred by %(referrer)s (%(lease)s)",
                                referrer=referrer.name,
                                lease=lease.name,
                            )
                        ),
                    }
                )
        return self._award_trigger("referral", awards)

    @api.model
    def _get_anniversary_tenants_domain(self, date):
        return [
            ("move_in_date", "!=", False),
            ("move_in_date", "<=", date - relativedelta(years=1)),
            ("lease_ids.state", "=", "active"),
        ]

    @api.model
    def _get_anniversary_awards(self, tenants, date, window_days):
        """The awards of the ``tenants`` whose tenure anniversary fell in the ``window_days``
        up to ``date``; the source is the tenant and the key the anniversary year."""
        since = date - timedelta(days=window_days)
        awards = []
        for tenant in tenants:
            years = date.year - tenant.move_in_date.year
            anniversary = tenant.move_in_date + relativedelta(years=years)
            if anniversary > date:
                years -= 1
                anniversary = tenant.move_in_date + relativedelta(years=years)
            if years < 1 or anniversary <= since:
                continue
            company = tenant.lease_ids.filtered(lambda lease: lease.state == "active")[
                :1
            ].company_id
            awards.append(
                {
                    "partner": tenant,
                    "source": tenant,
                    "key": str(anniversary.year),
                    "date": anniversary,
                    "company": company,
                    # Rendered only for the entries posted (a scheduler call looks at
                    # every tenant's anniversary, posts a batch).
                    "description": lambda years=years, tenant=tenant: self.env[
                        "apartment.loyalty.entry"
                    ]._in_every_lang(
                        lambda env: env._(
                            "%(years)s year(s) with us (since %(date)s)",
                            years=years,
                            date=tenant.move_in_date,
                        )
                    ),
                }
            )
        return awards

    @api.model
    def _get_pending_partners(self, trigger, awards):
        """The partners of ``awards`` that some active rule of ``trigger`` still has to award
        (not awarded yet, points above zero): one query per rule, no entry values built."""
        pending = set()
        for rule in self._get_rules(trigger):
            pending.update(
                award["partner"].id
                for award, _points, _key in rule._get_pending_awards(rule._filter_awards(awards))
            )
        return pending

    @api.model
    def _cron_tenure_anniversary(self, date=None, window_days=30):
        """Award tenure anniversaries that fell in the last ``window_days`` up to ``date``.

        Idempotent: the source is the tenant and the key the anniversary year (unique index
        ``apartment_loyalty_entry_earn_once``), so running it daily (or twice, or after a
        missed day) awards each anniversary once. Run by the scheduler, one call awards at
        most ``apartment_crm.engine_batch_size`` (default 2000) tenants among those still to
        award and reports the rest through ``ir.cron._notify_progress``: an awarded tenant is
        not pending any more, so the next call resumes after it. A batch a concurrent run
        makes fail is skipped, logged and retried in a few minutes. Called by hand (Run
        Manually, shell, tests) it awards everyone at once. Returns the new entries.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        tenants = (
            self.env["res.partner"]
            .sudo()
            .search(self._get_anniversary_tenants_domain(date), order="id")
        )
        awards = self._get_anniversary_awards(tenants, date, window_days)
        if is_scheduler_run(self.env):
            pending = self._get_pending_partners("tenure_anniversary", awards)
            awards = [award for award in awards if award["partner"].id in pending]
        partners = self.env["res.partner"].union(*(award["partner"] for award in awards))
        batch, remaining = take_batch(self.env, partners)
        taken = set(batch.ids)
        awards = [award for award in awards if award["partner"].id in taken]
        with concurrent_batch(self.env, "Loyalty tenure anniversaries", batch) as state:
            entries = self._award_trigger("tenure_anniversary", awards)
        done = 0 if state["skipped"] else len(batch)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining + len(batch) - done)
        # A skipped batch was rolled back: nothing was awarded.
        return self.env["apartment.loyalty.entry"] if state["skipped"] else entries
