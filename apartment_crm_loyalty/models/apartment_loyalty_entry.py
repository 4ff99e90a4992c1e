# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The loyalty points ledger (积分流水): append-only entries, balances are their sum.

Integrity, in layers:

* ACL: nobody has create/write/unlink rights on the model; entries are only created by the
  ledger's own service methods (``_post_entries`` and the callers in the rule model and the
  wizards), which check the business rules and then create with ``sudo()``.
* ``write()`` refuses every change for every user (superuser included) and ``unlink`` is
  refused by an ``@api.ondelete`` hook for everyone.
* PostgreSQL: a trigger created in ``init()`` raises on DELETE and on any UPDATE of the
  protected columns, so even raw SQL through the ORM cursor cannot edit the ledger silently.
  The only columns that may change after the INSERT are technical book-keeping columns
  (``remaining``, ``expiry_warned``, ``credit_move_id``, ``write_uid``, ``write_date``); they
  are updated with SQL by the ledger's own methods (``_consume``, the expiry warning, the rent
  credit), never through ``write()``, so a client cannot reach them by RPC either.
* Unique partial indexes: one ``earn`` entry per (rule, source, partner, key), one reversal per
  entry, one ``expire`` entry per expired entry.
"""

import logging

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_is_zero, float_round

from odoo.addons.apartment_crm.tools import (
    concurrent_batch,
    get_batch_size,
    is_scheduler_run,
    take_batch,
)

_logger = logging.getLogger(__name__)

# System parameter: the last partner id the scheduled balance check verified (0: start over).
BALANCE_CHECK_CURSOR = "apartment_crm_loyalty.balance_check_last_id"

ENTRY_TYPES = [
    ("earn", "Earned"),
    ("redeem", "Redeemed"),
    ("expire", "Expired"),
    ("adjust", "Adjustment"),
    ("reversal", "Reversal"),
]

# Columns that can change after the INSERT (only through the ledger's own SQL).
TECHNICAL_COLUMNS = ("remaining", "expiry_warned", "credit_move_id", "write_uid", "write_date")


class ApartmentLoyaltyEntry(models.Model):
    _name = "apartment.loyalty.entry"
    _description = "Loyalty Points Entry"
    _order = "date desc, id desc"
    _rec_name = "reference"
    _rec_names_search = ["description", "partner_id.name"]

    reference = fields.Char(compute="_compute_reference")
    partner_id = fields.Many2one(
        "res.partner", string="Tenant", required=True, index=True, ondelete="restrict"
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    points = fields.Float(
        digits="Loyalty Points",
        required=True,
        help="Signed: positive entries add points, negative ones take them away.",
    )
    entry_type = fields.Selection(
        ENTRY_TYPES,
        string="Type",
        required=True,
        index=True,
    )
    rule_id = fields.Many2one("apartment.loyalty.rule", index="btree_not_null", ondelete="restrict")
    res_model = fields.Char(string="Source Model", index=True)
    res_id = fields.Many2oneReference(
        string="Source ID", model_field="res_model", index="btree_not_null"
    )
    source_key = fields.Char(
        help="Distinguishes several awards of one rule for one source (e.g. the anniversary "
        "year); part of the exactly-once index."
    )
    source_display = fields.Char(string="Source", compute="_compute_source_display")
    # Written by the engines in every installed language (en_US the fallback), so a tenant
    # and a housekeeper each read it in their own language, whoever (or whichever cron user)
    # posted the entry: see _in_every_lang() and _create_entries().
    description = fields.Char(translate=True)
    expiry_date = fields.Date(index="btree_not_null")
    remaining = fields.Float(
        digits="Loyalty Points",
        readonly=True,
        help="Points of this (positive) entry not yet redeemed or expired; consumed oldest first.",
    )
    expiry_warned = fields.Boolean(
        readonly=True, help="The tenant was warned by email that these points expire."
    )
    reversed_entry_id = fields.Many2one(
        "apartment.loyalty.entry",
        string="Reverses",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
    )
    reversal_ids = fields.One2many("apartment.loyalty.entry", "reversed_entry_id")
    reversal_entry_id = fields.Many2one(
        "apartment.loyalty.entry", string="Reversed By", compute="_compute_reversal_entry_id"
    )
    credit_amount = fields.Monetary(
        help="Rent credit given for a redemption, in the company currency."
    )
    credit_move_id = fields.Many2one(
        "account.move",
        string="Credited On",
        index="btree_not_null",
        readonly=True,
        ondelete="restrict",
        help="Invoice or credit note holding the rent credit; empty while the credit waits "
        "for the next rent invoice.",
    )
    product_id = fields.Many2one("product.product", string="Service", ondelete="restrict")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    _sql_constraints = [
        (
            "remaining_range",
            "CHECK(remaining >= 0 AND (points <= 0 OR remaining <= points))",
            "The remaining points of an entry must be between zero and its points.",
        ),
    ]

    # Long on purpose: the ledger's SQL DDL (trigger, unique indexes).
    def init(self):
        res = super().init()
        cr = self.env.cr
        # Exactly once per (rule, source, partner, key) for earned points.
        cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS apartment_loyalty_entry_earn_once
                    ON apartment_loyalty_entry
                       (rule_id, res_model, res_id, partner_id, COALESCE(source_key, ''))
                 WHERE entry_type = 'earn'
                """
            )
        )
        cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS apartment_loyalty_entry_reversal_once
                    ON apartment_loyalty_entry (reversed_entry_id)
                 WHERE reversed_entry_id IS NOT NULL
                """
            )
        )
        cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS apartment_loyalty_entry_expire_once
                    ON apartment_loyalty_entry (res_id)
                 WHERE entry_type = 'expire'
                """
            )
        )
        # Append-only in the database itself.
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE FUNCTION apartment_loyalty_entry_protect() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        RAISE EXCEPTION USING
                            ERRCODE = 'insufficient_privilege',
                            MESSAGE = 'apartment_loyalty_entry is append-only: entry '
                                || OLD.id || ' cannot be deleted; post a reversal or '
                                || 'adjustment instead';
                    END IF;
                    IF NEW.id IS DISTINCT FROM OLD.id
                       OR NEW.partner_id IS DISTINCT FROM OLD.partner_id
                       OR NEW.date IS DISTINCT FROM OLD.date
                       OR NEW.points IS DISTINCT FROM OLD.points
                       OR NEW.entry_type IS DISTINCT FROM OLD.entry_type
                       OR NEW.rule_id IS DISTINCT FROM OLD.rule_id
                       OR NEW.res_model IS DISTINCT FROM OLD.res_model
                       OR NEW.res_id IS DISTINCT FROM OLD.res_id
                       OR NEW.source_key IS DISTINCT FROM OLD.source_key
                       -- the text may gain translations, its source (en_US) never changes
                       OR (NEW.description ->> 'en_US') IS DISTINCT FROM
                          (OLD.description ->> 'en_US')
                       OR NEW.expiry_date IS DISTINCT FROM OLD.expiry_date
                       OR NEW.reversed_entry_id IS DISTINCT FROM OLD.reversed_entry_id
                       OR NEW.credit_amount IS DISTINCT FROM OLD.credit_amount
                       OR NEW.product_id IS DISTINCT FROM OLD.product_id
                       OR NEW.company_id IS DISTINCT FROM OLD.company_id
                       OR NEW.create_uid IS DISTINCT FROM OLD.create_uid
                       OR NEW.create_date IS DISTINCT FROM OLD.create_date
                    THEN
                        RAISE EXCEPTION USING
                            ERRCODE = 'insufficient_privilege',
                            MESSAGE = 'apartment_loyalty_entry is append-only: entry '
                                || OLD.id || ' cannot be changed; post a reversal or '
                                || 'adjustment instead';
                    END IF;
                    RETURN NEW;
                END;
                $$
                """
            )
        )
        cr.execute(
            SQL(
                """
                DROP TRIGGER IF EXISTS apartment_loyalty_entry_protect
                    ON apartment_loyalty_entry;
                CREATE TRIGGER apartment_loyalty_entry_protect
                    BEFORE UPDATE OR DELETE ON apartment_loyalty_entry
                    FOR EACH ROW EXECUTE FUNCTION apartment_loyalty_entry_protect();
                """
            )
        )
        return res

    @api.depends("entry_type", "partner_id", "date")
    def _compute_reference(self):
        types = dict(self._fields["entry_type"]._description_selection(self.env))
        for entry in self:
            entry.reference = f"{types.get(entry.entry_type, '')} #{entry.id or '-'}"

    @api.depends("res_model", "res_id")
    def _compute_source_display(self):
        for entry in self:
            display = False
            if entry.res_model and entry.res_id and entry.res_model in self.env:
                record = self.env[entry.res_model].browse(entry.res_id)
                # The source may be out of the user's reach (another tenant's invoice...).
                if record.sudo().exists():
                    display = record.sudo().display_name
            entry.source_display = display

    @api.depends("reversal_ids")
    def _compute_reversal_entry_id(self):
        for entry in self:
            entry.reversal_entry_id = entry.reversal_ids[:1]

    # ------------------------------------------------------------------------------------------
    # Append-only
    # ------------------------------------------------------------------------------------------
    def write(self, vals):
        if not self:
            return super().write(vals)
        raise UserError(
            self.env._(
                "Loyalty entries %(entries)s cannot be changed (%(fields)s): the points ledger "
                "is append-only. Reverse the entry or post an adjustment instead.",
                entries=", ".join(self.mapped("reference")) or "-",
                fields=", ".join(sorted(vals)),
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Loyalty entries %(entries)s cannot be deleted: the points ledger is "
                "append-only. Reverse the entry or post an adjustment instead.",
                entries=", ".join(self.mapped("reference")),
            )
        )

    # ------------------------------------------------------------------------------------------
    # Posting (the only way in)
    # ------------------------------------------------------------------------------------------
    @api.model
    def _points_digits(self):
        return self.env["decimal.precision"].precision_get("Loyalty Points")

    @api.model
    def _in_every_lang(self, render):
        """An engine text in every installed language: {lang: render(env)} with ``env`` in
        that language (``render`` calls ``env._(...)``). Given as an entry's ``description``
        (_create_entries() writes each language), it reads in the reader's language."""
        langs = self.env["apartment.tenant.tier"]._get_engine_langs()
        return {lang: render(self.with_context(lang=lang).env) for lang in langs}

    @api.model
    def _create_entries(self, vals_list):
        """Create entries (as the caller's env: the ledger's methods call it with ``sudo()``);
        a ``description`` given as {lang: text} (``_in_every_lang``) is stored in each
        language. Not a ``create`` override: the input guard refuses a dict as a text."""
        texts_by_index = {}
        vals_list = [dict(vals) for vals in vals_list]
        for index, vals in enumerate(vals_list):
            texts = vals.get("description")
            if isinstance(texts, dict):
                texts_by_index[index] = texts
                vals["description"] = texts.get("en_US") or next(iter(texts.values()), False)
        entries = self.create(vals_list)
        if texts_by_index:
            self.env["apartment.tenant.tier"]._write_engine_translations(
                self, "description", {entries[i].id: texts for i, texts in texts_by_index.items()}
            )
        return entries

    @api.model
    def _format_points(self, points):
        """Points as shown in messages: with the configured digits, no thousands separator."""
        return f"{points:.{self._points_digits()}f}"

    @api.model
    def _round_points(self, points):
        return float_round(points, precision_digits=self._points_digits())

    @api.model
    def _post_entries(self, vals_list):
        """Append entries to the ledger in one INSERT and update the balances.

        Positive entries start with ``remaining = points``; negative ``redeem``/``adjust``
        entries consume the oldest positive entries of their tenant first. Callers lock the
        tenants (``res.partner._loyalty_lock``) before reading balances.
        """
        if not vals_list:
            return self.browse()
        digits = self._points_digits()
        to_consume = []
        for vals in vals_list:
            points = float_round(vals.get("points", 0.0), precision_digits=digits)
            vals["points"] = points
            if points > 0:
                vals.setdefault("remaining", points)
            elif vals.get("entry_type") in ("redeem", "adjust", "reversal") and points < 0:
                to_consume.append((vals["partner_id"], -points))
        entries = self.sudo()._create_entries(vals_list)
        for partner_id, points in to_consume:
            self._consume(partner_id, points)
        entries.partner_id._loyalty_refresh_balance()
        return entries.sudo(False)

    @api.model
    def _consume(self, partner_id, points, exclude_ids=()):
        """Take ``points`` from the oldest positive entries' ``remaining`` (SQL: see module doc).

        Returns the points that could not be consumed (non-zero only when a correction takes
        more than what is left, e.g. reversing points already spent).
        """
        digits = self._points_digits()
        self.flush_model(["remaining", "partner_id", "date"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id, remaining FROM apartment_loyalty_entry
                 WHERE partner_id = %s AND remaining > 0 AND id != ALL(%s)
              ORDER BY date, id
                   FOR UPDATE
                """,
                partner_id,
                list(exclude_ids) or [0],
            )
        )
        updates = []
        left = points
        for entry_id, remaining in self.env.cr.fetchall():
            if float_compare(left, 0.0, precision_digits=digits) <= 0:
                break
            take = min(float(remaining), left)
            updates.append((entry_id, float_round(float(remaining) - take, digits)))
            left = float_round(left - take, digits)
        self._set_remaining(updates)
        return left

    @api.model
    def _set_remaining(self, updates):
        """Write ``remaining`` with SQL (a technical column the trigger allows)."""
        if not updates:
            return
        values = SQL(", ").join(SQL("(%s, %s::numeric)", eid, rem) for eid, rem in updates)
        self.env.cr.execute(
            SQL(
                """
                UPDATE apartment_loyalty_entry e
                   SET remaining = v.remaining,
                       write_uid = %s,
                       write_date = now() AT TIME ZONE 'UTC'
                  FROM (VALUES %s) AS v(id, remaining)
                 WHERE e.id = v.id
                """,
                self.env.uid,
                values,
            )
        )
        self.invalidate_model(["remaining", "write_uid", "write_date"])

    # ------------------------------------------------------------------------------------------
    # Tenants' balances
    # ------------------------------------------------------------------------------------------
    @api.model
    def _lock_partners(self, partners):
        """Lock the tenants' rows until the end of the transaction before reading or changing
        their points, so two redemptions (or awards) of one tenant run one after the other.

        ``FOR NO KEY UPDATE`` (rather than ``FOR UPDATE``) serialises the ledger writers
        without blocking the inserts of other tables that merely reference the partner
        (messages, invoices, entries), which take a key-share lock only.
        """
        if partners.ids:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM res_partner WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
                    partners.ids,
                )
            )
        return True

    @api.model
    def _get_locked_balance(self, partner):
        """The tenant's balance from the ledger itself (sum of the entries), read after locking
        the tenant's row: what redemptions and adjustments check, never the stored field."""
        self._lock_partners(partner)
        self.flush_model(["partner_id", "points"])
        self.env.cr.execute(
            SQL(
                "SELECT COALESCE(SUM(points), 0) FROM apartment_loyalty_entry "
                "WHERE partner_id = %s",
                partner.id,
            )
        )
        return float(self.env.cr.fetchone()[0])

    @api.model
    def _balance_mismatches(self):
        """[(partner id, stored balance, ledger sum)] for every partner whose stored balance
        differs from the sum of their entries: one query over all partners."""
        self.flush_model(["partner_id", "points"])
        self.env["res.partner"].flush_model(["loyalty_balance"])
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, COALESCE(p.loyalty_balance, 0), COALESCE(s.total, 0)
                  FROM res_partner p
             LEFT JOIN (SELECT partner_id, SUM(points) AS total
                          FROM apartment_loyalty_entry GROUP BY partner_id) s
                    ON s.partner_id = p.id
                 WHERE COALESCE(p.loyalty_balance, 0) != COALESCE(s.total, 0)
              ORDER BY p.id
                """
            )
        )
        return [(pid, float(stored), float(total)) for pid, stored, total in self.env.cr.fetchall()]

    @api.model
    def _balance_mismatches_batch(self, after_id, size):
        """The balance check of the ``size`` partners following id ``after_id``, in one query:
        (mismatches as in ``_balance_mismatches``, number of partners checked, last partner id
        checked (None if none), number of partners after it)."""
        self.flush_model(["partner_id", "points"])
        self.env["res.partner"].flush_model(["loyalty_balance"])
        self.env.cr.execute(
            SQL(
                """
                WITH batch AS (
                    SELECT id, COALESCE(loyalty_balance, 0) AS stored
                      FROM res_partner
                     WHERE id > %(after)s
                  ORDER BY id
                     LIMIT %(size)s
                ), sums AS (
                    SELECT partner_id, SUM(points) AS total
                      FROM apartment_loyalty_entry
                     WHERE partner_id IN (SELECT id FROM batch)
                  GROUP BY partner_id
                )
                SELECT (SELECT count(*) FROM batch),
                       (SELECT max(id) FROM batch),
                       (SELECT count(*) FROM res_partner
                         WHERE id > COALESCE((SELECT max(id) FROM batch), %(after)s)),
                       (SELECT json_agg(json_build_array(b.id, b.stored, COALESCE(s.total, 0))
                                        ORDER BY b.id)
                          FROM batch b
                     LEFT JOIN sums s ON s.partner_id = b.id
                         WHERE b.stored != COALESCE(s.total, 0))
                """,
                after=after_id,
                size=size,
            )
        )
        checked, last_id, remaining, rows = self.env.cr.fetchone()
        mismatches = [(pid, float(stored), float(total)) for pid, stored, total in rows or []]
        return mismatches, checked, last_id, remaining

    @api.model
    def _check_balances(self):
        """Log and return the partners whose stored balance is not their ledger sum, as
        [(partner id, stored balance, ledger sum)].

        Called by hand: every partner in one query. Run by the scheduler: the
        ``apartment_crm.loyalty_check_batch_size`` partners (default 5000) after the last one
        the previous call checked (system parameter ``BALANCE_CHECK_CURSOR``), one query per
        call, the rest reported through ``ir.cron._notify_progress``; the cursor goes back to
        the start once every partner is checked. A call whose cursor a concurrent run moved
        is skipped and retried in a few minutes (the check only reads: nothing is lost)."""
        if not is_scheduler_run(self.env):
            return self._log_mismatches(self._balance_mismatches())
        Param = self.env["ir.config_parameter"].sudo()
        try:
            after_id = max(int(Param.get_param(BALANCE_CHECK_CURSOR) or 0), 0)
        except ValueError:
            after_id = 0
        size = get_batch_size(self.env, "apartment_crm.loyalty_check_batch_size", 5000)
        mismatches, checked, last_id, remaining = self._balance_mismatches_batch(after_id, size)
        # set_param clears the registry's default cache in every worker: once per batch of
        # 5,000 partners (4 times a night at 20,000), cheaper than a table of its own.
        with concurrent_batch(self.env, "Loyalty balance check", self.browse()) as state:
            Param.set_param(BALANCE_CHECK_CURSOR, str(last_id) if remaining else "0")
        if state["skipped"]:
            self.env["ir.cron"]._notify_progress(done=0, remaining=checked + remaining)
            return []
        _logger.info(
            "Loyalty balance check: %s partner(s) after id %s, %s mismatch(es), %s left",
            checked,
            after_id,
            len(mismatches),
            remaining,
        )
        self.env["ir.cron"]._notify_progress(done=checked, remaining=remaining)
        return self._log_mismatches(mismatches, whole=False)

    @api.model
    def _log_mismatches(self, mismatches, whole=True):
        """Log each mismatch as an error (and, for a check of every partner, that all agree)."""
        for pid, stored, total in mismatches:
            _logger.error(
                "Loyalty balance mismatch for partner %s: stored %s, ledger sum %s",
                pid,
                stored,
                total,
            )
        if whole and not mismatches:
            _logger.info("Loyalty balances verified: every balance equals its ledger sum")
        return mismatches

    # ------------------------------------------------------------------------------------------
    # Corrections
    # ------------------------------------------------------------------------------------------
    def _prepare_reversal_vals(self, description=None):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "date": fields.Date.context_today(self),
            "points": -self.points,
            "remaining": max(-self.points, 0.0),
            "entry_type": "reversal",
            "rule_id": self.rule_id.id,
            "res_model": self.res_model,
            "res_id": self.res_id,
            "reversed_entry_id": self.id,
            "company_id": self.company_id.id,
            "description": description
            or self._in_every_lang(
                lambda env: env._("Reversal of %(entry)s", entry=self.with_env(env).reference)
            ),
        }

    def _reverse(self, description=None):
        """Post one reversal entry per entry (once: unique index). Returns the reversals.

        Reversing a positive entry takes its points back: what is still ``remaining`` on it
        first, the part already spent from the tenant's other points (the balance may go below
        zero when they are gone too). Reversing a negative entry gives its points back as a
        new positive entry (no expiry).
        """
        if not self:
            return self
        already = self.filtered("reversal_entry_id")
        if already or self.filtered(lambda e: e.entry_type == "reversal"):
            raise UserError(
                self.env._(
                    "Entries %(entries)s are already reversed or are reversals themselves; "
                    "post an adjustment instead.",
                    entries=", ".join((already or self).mapped("reference")),
                )
            )
        self.partner_id._loyalty_lock()
        vals_list = [entry._prepare_reversal_vals(description) for entry in self]
        reversals = self.sudo()._create_entries(vals_list)
        digits = self._points_digits()
        zero_updates = []
        for entry in self.filtered(lambda e: e.points > 0):
            remaining = entry.remaining
            zero_updates.append((entry.id, 0.0))
            spent = float_round(entry.points - remaining, digits)
            if not float_is_zero(spent, precision_digits=digits):
                self._set_remaining(zero_updates)
                zero_updates = []
                self._consume(entry.partner_id.id, spent, exclude_ids=[entry.id])
        self._set_remaining(zero_updates)
        self.partner_id._loyalty_refresh_balance()
        return reversals.sudo(False)

    def action_reverse(self):
        """Managers: post a reversal of the selected entries."""
        if not self.env.user.has_group("apartment_crm.group_apartment_manager"):
            raise UserError(self.env._("Only apartment managers can reverse loyalty entries."))
        reversals = self._reverse()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": [("id", "in", reversals.ids)],
            "name": self.env._("Reversals"),
        }

    # ------------------------------------------------------------------------------------------
    # Expiry
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_expirable_domain(self, date):
        return [("remaining", ">", 0), ("expiry_date", "!=", False), ("expiry_date", "<=", date)]

    @api.model
    def _prepare_expire_vals(self, entry, remaining):
        return {
            "partner_id": entry.partner_id.id,
            "date": entry.expiry_date,
            "points": -remaining,
            "entry_type": "expire",
            "rule_id": entry.rule_id.id,
            "res_model": self._name,
            "res_id": entry.id,
            "company_id": entry.company_id.id,
            "description": self._in_every_lang(
                lambda env: env._(
                    "Expired: %(points)s point(s) of %(entry)s",
                    points=self._format_points(remaining),
                    entry=entry.with_env(env).description or entry.with_env(env).reference,
                )
            ),
        }

    @api.model
    def _cron_expire_points(self, date=None):
        """Expire what is left of every entry whose ``expiry_date`` has passed, oldest first.

        One ``expire`` entry per expired entry (unique index on its source) and its
        ``remaining`` set to zero: running it again finds nothing left. Returns the new entries.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        Entry = self.sudo()
        entries = Entry.search(self._get_expirable_domain(date), order="partner_id, date, id")
        # Run by the scheduler: the entries of at most apartment_crm.engine_batch_size tenants
        # per call, the rest reported (expired entries have nothing left: never redone).
        entries, remaining = take_batch(self.env, entries, group_by="partner_id")
        self.env["ir.cron"]._notify_progress(done=len(entries.partner_id), remaining=remaining)
        if not entries:
            return self.browse()
        entries.partner_id._loyalty_lock()
        entries.invalidate_recordset(["remaining"])
        entries = entries.filtered(lambda e: e.remaining > 0)
        expired = Entry._create_entries(
            [self._prepare_expire_vals(entry, entry.remaining) for entry in entries]
        )
        self._set_remaining([(entry.id, 0.0) for entry in entries])
        entries.partner_id._loyalty_refresh_balance()
        _logger.info(
            "Loyalty: expired %s entries of %s tenants", len(entries), len(entries.partner_id)
        )
        return expired.sudo(False)

    # Long on purpose: one batch: select, mail per tenant, one flag update.
    @api.model
    def _cron_warn_expiring_points(self, date=None):
        """Email tenants whose points expire within their company's warning period.

        Each expiring entry is announced once (``expiry_warned``, set with SQL), grouped in
        one email per tenant, and logged on the tenant's chatter. Returns the warned partners.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        Entry = self.sudo()
        companies = self.env["res.company"].sudo().search([("loyalty_expiry_warning_days", ">", 0)])
        horizon = max(companies.mapped("loyalty_expiry_warning_days") or [0])
        entries = Entry.search(
            [
                ("remaining", ">", 0),
                ("expiry_warned", "=", False),
                ("expiry_date", ">", date),
                ("expiry_date", "<=", fields.Date.add(date, days=horizon)),
            ]
        ).filtered(
            lambda e: e.expiry_date
            <= fields.Date.add(date, days=e.company_id.loyalty_expiry_warning_days)
        )
        # Run by the scheduler: one mail per tenant, at most apartment_crm.cron_batch_size
        # tenants per call, the rest reported (warned entries are flagged: never warned twice).
        entries, remaining = take_batch(
            self.env,
            entries,
            param="apartment_crm.cron_batch_size",
            default=200,
            group_by="partner_id",
        )
        self.env["ir.cron"]._notify_progress(done=len(entries.partner_id), remaining=remaining)
        if not entries:
            return self.env["res.partner"]
        template = self.env.ref(
            "apartment_crm_loyalty.mail_template_loyalty_expiry", raise_if_not_found=False
        )
        by_partner = {}
        for entry in entries:
            by_partner.setdefault(entry.partner_id, self.browse())
            by_partner[entry.partner_id] |= entry
        for partner, batch in by_partner.items():
            points = self._round_points(sum(batch.mapped("remaining")))
            first = min(batch.mapped("expiry_date"))
            if template and partner.email:
                template.with_context(
                    loyalty_expiring_points=points, loyalty_expiry_date=first
                ).send_mail(partner.id)
            partner.sudo().message_post(
                body=self.env._(
                    "Loyalty: warned that %(points)s point(s) expire from %(date)s (entries "
                    "%(entries)s).",
                    points=self._format_points(points),
                    date=first,
                    entries=", ".join(batch.mapped("reference")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.env.cr.execute(
            SQL(
                "UPDATE apartment_loyalty_entry SET expiry_warned = TRUE WHERE id = ANY(%s)",
                entries.ids,
            )
        )
        entries.invalidate_recordset(["expiry_warned"])
        _logger.info("Loyalty: warned %s tenants of expiring points", len(by_partner))
        return self.env["res.partner"].union(*by_partner)

    # ------------------------------------------------------------------------------------------
    # Rent credit of redemptions
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_credit_product(self, company):
        return company.loyalty_credit_product_id or self.env.ref(
            "apartment_crm_loyalty.product_loyalty_rent_credit"
        )

    def _prepare_credit_line_vals(self):
        """Invoice line (discount) of this redemption's rent credit."""
        self.ensure_one()
        product = self._get_credit_product(self.company_id)
        return {
            "product_id": product.id,
            "name": self.env._(
                "Loyalty points rent credit: %(points)s point(s) (%(entry)s)",
                points=self._format_points(-self.points),
                entry=self.reference,
            ),
            "quantity": 1.0,
            "price_unit": -self.credit_amount,
            "tax_ids": [Command.clear()],
        }

    # Long on purpose: one pass filling the invoice with credits, one write.
    def _apply_rent_credit(self, invoice):
        """Put these redemptions' rent credits on ``invoice``.

        A draft invoice gets discount lines; a posted one gets a credit note (posted and
        reconciled with it). ``credit_move_id`` is set with SQL (technical column).
        """
        if not self:
            return True
        invoice = invoice.sudo()
        if invoice.state == "draft":
            invoice.write(
                {"invoice_line_ids": [Command.create(e._prepare_credit_line_vals()) for e in self]}
            )
        else:
            refund = (
                self.env["account.move"]
                .sudo()
                .create(
                    {
                        "move_type": "out_refund",
                        "partner_id": invoice.partner_id.id,
                        "company_id": invoice.company_id.id,
                        "journal_id": invoice.journal_id.id,
                        "currency_id": invoice.currency_id.id,
                        "invoice_date": fields.Date.context_today(self),
                        "reversed_entry_id": invoice.id,
                        "invoice_origin": invoice.name,
                        "ref": self.env._(
                            "Loyalty rent credit on %(invoice)s", invoice=invoice.name
                        ),
                        "invoice_line_ids": [
                            Command.create(
                                {**e._prepare_credit_line_vals(), "price_unit": e.credit_amount}
                            )
                            for e in self
                        ],
                    }
                )
            )
            refund.action_post()
            lines = (refund.line_ids | invoice.line_ids).filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
                and not line.reconciled
            )
            lines.reconcile()
        self.env.cr.execute(
            SQL(
                "UPDATE apartment_loyalty_entry SET credit_move_id = %s WHERE id = ANY(%s)",
                invoice.id,
                self.ids,
            )
        )
        self.invalidate_recordset(["credit_move_id"])
        return True

    @api.model
    def _get_pending_credits_domain(self, partners):
        return [
            ("partner_id", "in", partners.ids),
            ("entry_type", "=", "redeem"),
            ("credit_amount", ">", 0),
            ("credit_move_id", "=", False),
        ]

    @api.model
    def _apply_pending_credits(self, invoices):
        """Put the pending rent credits of the invoices' tenants on them (oldest first, one
        invoice per tenant: the earliest due). Called by the rent generator for the invoices
        it creates; pending credits respect the cap when redeemed, so they fit. Returns the
        credited entries."""
        invoices = invoices.filtered(
            lambda m: m.move_type == "out_invoice" and m.state in ("draft", "posted")
        )
        if not invoices:
            return self.browse()
        partners = invoices.partner_id.commercial_partner_id
        pending = self.sudo().search(self._get_pending_credits_domain(partners), order="id")
        credited = self.browse()
        by_partner = {}
        for invoice in invoices.sorted(lambda m: (m.invoice_date_due or m.date, m.id)):
            by_partner.setdefault(invoice.partner_id.commercial_partner_id, invoice)
        for partner, invoice in by_partner.items():
            room = invoice.amount_residual if invoice.state == "posted" else invoice.amount_total
            entries = self.browse()
            for entry in pending.filtered(
                lambda e, p=partner, i=invoice: e.partner_id == p and e.company_id == i.company_id
            ):
                # Whole credits only, never more than the invoice: the rest waits.
                if invoice.currency_id.compare_amounts(entry.credit_amount, room) > 0:
                    break
                entries |= entry
                room -= entry.credit_amount
            if entries:
                entries._apply_rent_credit(invoice)
                credited |= entries
        return credited
