# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from markupsafe import escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.translate import code_translations

from odoo.addons.apartment_crm.tools import (
    concurrent_batch,
    is_scheduler_run,
    lock_scheduler_batch,
    not_done_in_run,
    stamp_done,
)

_logger = logging.getLogger(__name__)

# Statement lines one scheduler call of the matching cron takes
# (apartment_crm.rent_match_batch_size).
RENT_MATCH_BATCH_SIZE = 500
# Lines a cron batch reconciles one by one, each in its own savepoint (the batch's, the
# direct reconciliation's and the lock's come on top): below PostgreSQL's 64 cached
# subtransactions.
RENT_MATCH_SINGLE_SAVEPOINTS = 50


class _NotReconciledError(Exception):
    """A batch reconciliation left lines open (rolled back, then done line by line)."""


MATCH_STATES = [
    ("none", "Not Matched"),
    ("review", "To Review"),
    ("auto", "Matched Automatically"),
    ("manual", "Matched by Hand"),
]
MATCH_RULES = [
    ("reference", "Lease reference in the memo"),
    ("invoice", "Invoice number in the memo"),
    ("payer", "Known payer account"),
    ("name_cjk", "Tenant name (Chinese) and amount"),
    ("name_pinyin", "Tenant name (pinyin) and amount"),
    ("name_fuzzy", "Tenant name (pinyin, one typo) and amount"),
]
MATCH_ALLOCATIONS = [
    ("exact", "the amount is the open invoice"),
    ("oldest_sum", "the amount is the oldest open invoices together"),
    ("partial", "partial payment, oldest open invoice first"),
    ("overpayment", "more than what is open: the rest is left as the tenant's credit"),
    ("credit", "nothing is open: the amount is left as the tenant's credit"),
    ("ambiguous_amount", "several open invoices have this amount: check the month"),
    ("ambiguous_tenant", "several tenants fit: check the tenant"),
    ("amount_mismatch", "the amount fits none of the tenant's open invoices"),
]


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    rent_match_state = fields.Selection(
        MATCH_STATES,
        string="Rent Match",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )
    rent_match_rule = fields.Selection(MATCH_RULES, readonly=True, copy=False)
    rent_match_allocation = fields.Selection(MATCH_ALLOCATIONS, readonly=True, copy=False)
    rent_match_confidence = fields.Integer(
        readonly=True,
        copy=False,
        help="How sure the matching engine is (0-100); at or above the company's threshold "
        "the line was reconciled without review.",
    )
    rent_match_token = fields.Char(
        readonly=True, copy=False, help="What the engine recognised (reference, name, account)."
    )
    rent_match_partner_id = fields.Many2one(
        "res.partner", string="Proposed Tenant", readonly=True, copy=False, index="btree_not_null"
    )
    rent_match_lease_id = fields.Many2one(
        "apartment.lease", string="Proposed Lease", readonly=True, copy=False
    )
    rent_match_invoice_ids = fields.Many2many(
        "account.move",
        "account_bank_statement_line_rent_match_rel",
        "line_id",
        "move_id",
        string="Proposed Invoices",
        readonly=True,
        copy=False,
    )
    rent_match_reason = fields.Char(compute="_compute_rent_match_reason")
    rent_match_date = fields.Datetime(
        string="Rent Match Tried On",
        readonly=True,
        copy=False,
        help="When the matching cron last tried this line (a run of the cron in committed "
        "batches resumes from it).",
    )

    _sql_constraints = [
        (
            "rent_match_confidence_range",
            "CHECK(rent_match_confidence >= 0 AND rent_match_confidence <= 100)",
            "The match confidence is between 0 and 100.",
        ),
    ]

    @api.depends("rent_match_rule", "rent_match_allocation", "rent_match_token")
    def _compute_rent_match_reason(self):
        rules = dict(self._fields["rent_match_rule"]._description_selection(self.env))
        allocations = dict(self._fields["rent_match_allocation"]._description_selection(self.env))
        for line in self:
            if not line.rent_match_rule:
                line.rent_match_reason = False
                continue
            line.rent_match_reason = self.env._(
                "%(rule)s (%(token)s); %(allocation)s",
                rule=rules[line.rent_match_rule],
                token=line.rent_match_token or "-",
                allocation=allocations.get(line.rent_match_allocation, ""),
            )

    # Matching ----------------------------------------------------------------------------------
    def _rent_match(self):
        """Match these statement lines to rent invoices: store each proposal, reconcile the
        ones at or above their company's threshold (each in a savepoint: one failure is
        logged and leaves that line for review, the batch goes on). Returns the lines
        reconciled automatically."""
        return self._rent_match_batch()[0]

    def _rent_match_batch(self, max_single=None):
        """``_rent_match``, returning (the lines reconciled, the lines deferred). The exact
        payments are reconciled together (``_rent_reconcile_direct``); the others one by one,
        each in a savepoint, at most ``max_single`` of them when given: PostgreSQL slows down
        once a transaction holds more than 64 subtransactions that wrote, so a cron batch
        leaves the rest (their proposal stored) to its next call."""
        lines = self.filtered(
            lambda line: not line.is_reconciled and line.rent_match_state in ("none", "review")
        )
        if not lines:
            return self.browse(), self.browse()
        matches = self.env["apartment.reconcile.matcher"]._match_lines(lines)
        # One query for the current proposals of all the lines (the writes below compare).
        lines.fetch(["rent_match_invoice_ids"])
        auto = self.browse()
        for line in lines:
            match = matches.get(line.id)
            line.write(line._prepare_rent_match_vals(match))
            if match and match.confidence >= line.company_id.rent_reconcile_threshold:
                auto |= line
        done = auto._rent_reconcile_direct()
        single = auto - done
        deferred = self.browse()
        if max_single is not None and len(single) > max_single:
            single, deferred = single[:max_single], single[max_single:]
        for line in single:
            try:
                with self.env.cr.savepoint():
                    line._rent_apply_match("auto")
                done |= line
            except UserError as error:
                _logger.warning(
                    "Rent reconciliation of statement line %s failed: %s", line.id, error
                )
        self.env["apartment.payer.account"]._learn(done)
        return done, deferred

    def _rent_match_imported(self, max_single=None):
        """What an import does with its new lines: ``_rent_match_batch`` (``max_single``),
        then the company's other reconciliation models on the lines without any rent
        proposal. Returns (the lines reconciled, the lines deferred)."""
        done, deferred = self._rent_match_batch(max_single)
        (self - done - deferred).filtered(
            lambda line: line.rent_match_state == "none"
        )._auto_reconcile()
        return done, deferred

    def _rent_direct_items(self):
        """(the invoices' receivable items, the entry's suspense item, the tenant's receivable
        account) when the proposal can be reconciled without OCA's screen: in the company's
        currency, on a journal that edits the statement entry (OCA's default mode), the
        entry holding its liquidity and one suspense item of the whole amount. The suspense
        item then simply becomes the tenant's receivable item, reconciled with the invoices'
        items it pays: one invoice or several paid exactly, a partial payment of the oldest
        ones (the last invoice keeps its residual open) or an overpayment / a payment with
        nothing open (the rest stays open on the item: the tenant's credit). The receivable
        items are empty for a credit. None otherwise."""
        self.ensure_one()
        company_currency = self.company_id.currency_id
        if (
            self.is_reconciled
            or not self.rent_match_partner_id
            or self.foreign_currency_id
            or (self.currency_id or company_currency) != company_currency
            or self.journal_id.reconcile_mode != "edit"
        ):
            return None
        pairs, rest = self._get_rent_match_allocation()
        if not pairs and self.rent_match_allocation != "credit":
            return None
        _liquidity, suspense, other = self._seek_for_lines()
        if (
            other
            or len(suspense) != 1
            or company_currency.compare_amounts(-suspense.balance, self.amount) != 0
        ):
            return None
        receivables = self.env["account.move.line"].browse([item.id for item, _a in pairs])
        if pairs:
            account = receivables.account_id
            if len(account) != 1 or any(
                item.currency_id != company_currency for item in receivables
            ):
                return None
            # Odoo's reconciliation pays the items by due date (then amount): it must give the
            # partly paid one the same part as the proposal, oldest first. Only the last one
            # may be paid in part (the engine's allocation; an override of
            # ``_get_rent_match_allocation`` may differ: such a line goes OCA's way).
            if any(
                company_currency.compare_amounts(amount, item.amount_residual) != 0
                for item, amount in pairs[:-1]
            ):
                return None
            receivable, amount = pairs[-1]
            if company_currency.compare_amounts(amount, receivable.amount_residual) != 0:
                dates = [item.date_maturity or item.date for item in receivables]
                if len(set(dates)) != len(dates) or dates != sorted(dates):
                    return None
        else:
            partner = self.rent_match_partner_id.with_company(self.company_id)
            account = partner.property_account_receivable_id
            if not account:
                return None
        return receivables, suspense, account

    def _rent_reconcile_direct(self):
        """Reconcile, all at once, the lines whose proposal needs no screen (see
        ``_rent_direct_items``: one or several invoices paid exactly, a partial payment, an
        overpayment, a credit): each suspense item is moved to the tenant's receivable
        account (the entry stays balanced: same amount, other account) and all the lines are
        reconciled with their invoices in one reconciliation plan (a partial payment leaves
        the last invoice's residual open, an overpayment the rest open on the item: the
        tenant's credit). This is what OCA's screen writes for such a line, without deleting
        and re-creating the items and without one reconciliation per line, which cost about
        ten times more per line. All or nothing, in a savepoint: when anything fails the
        lines go the line-by-line way. Returns the lines reconciled."""
        items_by_line = {}
        taken = set()
        # What ``_rent_direct_items`` reads line by line (the proposed invoices' items), read
        # once for the batch: two queries instead of two per line (``mapped`` prefetches all
        # the items' columns at once).
        self.rent_match_invoice_ids.line_ids.mapped("account_id")
        for line in self:
            items = line._rent_direct_items()
            # An invoice proposed to two lines (paid twice): the first one only (the other
            # goes the line-by-line way, after this one paid the invoice).
            if items and not taken.intersection(items[0].ids):
                taken.update(items[0].ids)
                items_by_line[line] = items
        lines = self.browse([line.id for line in items_by_line])
        if not lines:
            return self.browse()
        try:
            with self.env.cr.savepoint():
                plan = []
                by_account = {}
                self._rent_set_partners(
                    {
                        line: line.rent_match_partner_id
                        for line in items_by_line
                        if line.partner_id != line.rent_match_partner_id
                    }
                )
                invoice_ids = []
                for receivables, suspense, account in items_by_line.values():
                    by_account.setdefault(account, suspense.browse())
                    by_account[account] |= suspense
                    # A credit (nothing open) is left open on the tenant's account.
                    if receivables:
                        plan.append(receivables + suspense)
                        invoice_ids += receivables.move_id.ids
                # Odoo's tracking of the entries and invoices (payment status) is held and
                # its messages written once for the batch (``_rent_message_track_batch``).
                moves = lines.move_id | self.env["account.move"].browse(invoice_ids)
                suspense_items = self.env["account.move.line"].browse(
                    [suspense.id for _receivables, suspense, _account in items_by_line.values()]
                )
                old_accounts = {item.id: item.account_id for item in suspense_items}
                # What Odoo's synchronisation of the entries (taxes, analytics) reads entry by
                # entry after the writes below, read once for the batch.
                moves.line_ids.fetch(["tax_ids", "tax_tag_ids", "analytic_distribution"])
                with moves._rent_defer_tracking():
                    for account, items in by_account.items():
                        # The items' own tracking (account changed) is logged in the batch.
                        items.with_context(
                            skip_account_move_synchronization=True,
                            skip_readonly_check=True,
                            tracking_disable=True,
                        ).write({"account_id": account.id})
                    self.env["account.move.line"]._reconcile_plan(plan)
                    lines.write(
                        {
                            "reconcile_mode": "edit",
                            "reconcile_data": False,
                            "rent_match_state": "auto",
                        }
                    )
                    unreconciled = lines.filtered(lambda line: not line.is_reconciled)
                    if unreconciled:
                        raise _NotReconciledError(f"not reconciled: {unreconciled.ids}")
                    self.env.flush_all()
                    moves._rent_message_track_batch(
                        self._rent_item_account_logs(suspense_items, old_accounts)
                    )
        except (UserError, _NotReconciledError) as error:
            _logger.warning(
                "Reconciling %s statement lines at once failed (%s): one by one instead",
                len(lines),
                error,
            )
            return self.browse()
        return lines

    def _rent_item_account_logs(self, items, old_accounts):
        """{entry: [(body, tracking values)]}: the note ``account.move.line.write`` logs on a
        posted entry when an item changes account (``account_id`` is tracked), for
        ``_rent_message_track_batch``; ``old_accounts`` maps the items to their account
        before the write. The body is the account addon's own (translated) text."""
        ref_fields = items.fields_get(["account_id"])
        text = "Journal Item %s updated"
        if self.env.lang and self.env.lang != "en_US":
            translations = code_translations.get_python_translations("account", self.env.lang)
            text = translations.get(text, text)
        logs = {}
        for item in items.filtered(lambda item: item.move_id.posted_before):
            tracking_value_ids = item._mail_track(
                ref_fields, {"account_id": old_accounts[item.id]}
            )[1]
            if tracking_value_ids:
                body = escape(text) % item._get_html_link(title=f"#{item.id}")
                logs.setdefault(item.move_id, []).append((body, tracking_value_ids))
        return logs

    def _prepare_rent_match_vals(self, match):
        self.ensure_one()
        if not match:
            return {
                "rent_match_state": "none",
                "rent_match_rule": False,
                "rent_match_allocation": False,
                "rent_match_confidence": 0,
                "rent_match_token": False,
                "rent_match_partner_id": False,
                "rent_match_lease_id": False,
                "rent_match_invoice_ids": [Command.clear()],
            }
        return {
            "rent_match_state": "review",
            "rent_match_rule": match.rule,
            "rent_match_allocation": match.allocation,
            "rent_match_confidence": max(min(match.confidence, 100), 0),
            "rent_match_token": (match.token or "")[:64],
            "rent_match_partner_id": match.partner_id,
            "rent_match_lease_id": match.lease_id or False,
            "rent_match_invoice_ids": [Command.set([inv["id"] for inv, _amount in match.invoices])],
        }

    def _get_rent_match_allocation(self):
        """[(receivable line, amount)] of the proposal, oldest invoice first; the amounts
        follow the same rules as the engine (what is still open now)."""
        self.ensure_one()
        invoices = self.rent_match_invoice_ids.filtered(
            lambda move: move.state == "posted"
            and move.payment_state in ("not_paid", "partial")
            and move.company_id == self.company_id
        ).sorted(lambda move: (move.invoice_date_due or move.invoice_date, move.id))
        receivables = invoices.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        ).sorted(lambda line: (line.date_maturity or line.date, line.id))
        rest = self.amount
        currency = self.currency_id or self.company_id.currency_id
        pairs = []
        for receivable in receivables:
            if currency.compare_amounts(rest, 0.0) <= 0:
                break
            part = min(rest, receivable.amount_residual)
            pairs.append((receivable, part))
            rest = currency.round(rest - part)
        return pairs, rest

    def _get_rent_match_data(self):
        """The proposal as reconciliation data of the OCA widget: the liquidity line, the
        invoices' receivable lines (the last one partly for a partial payment) and, for an
        overpayment, the rest on the tenant's receivable account (their credit)."""
        self.ensure_one()
        liquidity_lines, _suspense_lines, _other_lines = self._seek_for_lines()
        data = []
        aux = 1
        for line in liquidity_lines:
            aux, lines = self._get_reconcile_line(
                line, "liquidity", reconcile_auxiliary_id=aux, move=True
            )
            data += lines
        pairs, rest = self._get_rent_match_allocation()
        for receivable, amount in pairs:
            aux, lines = self._get_reconcile_line(
                receivable,
                "other",
                is_counterpart=True,
                max_amount=amount,
                reconcile_auxiliary_id=aux,
                move=True,
            )
            data += lines
        partner = self.rent_match_partner_id
        currency = self.currency_id or self.company_id.currency_id
        if partner and currency.compare_amounts(rest, 0.0) > 0:
            account = partner.with_company(self.company_id).property_account_receivable_id
            data.append(
                {
                    "reference": f"reconcile_auxiliary;{aux}",
                    "id": False,
                    "account_id": [account.id, account.display_name],
                    "partner_id": [partner.id, partner.display_name],
                    "date": fields.Date.to_string(self.date),
                    "name": self.payment_ref or self.name,
                    "amount": -rest,
                    "credit": rest,
                    "debit": 0.0,
                    "kind": "other",
                    "currency_id": self.company_id.currency_id.id,
                    "line_currency_id": currency.id,
                    "currency_amount": -rest,
                }
            )
            aux += 1
        return self._recompute_suspense_line(data, aux, self.manual_reference)

    def _rent_apply_match(self, how):
        """Reconcile the line with its proposal (``how``: auto or manual)."""
        self.ensure_one()
        if self.is_reconciled:
            raise UserError(
                self.env._("Statement line %(line)s is already reconciled.", line=self.display_name)
            )
        partner = self.rent_match_partner_id
        if not partner:
            raise UserError(
                self.env._(
                    "Statement line %(line)s has no proposed tenant: reconcile it in the "
                    "reconciliation screen.",
                    line=self.display_name,
                )
            )
        if self.partner_id != partner:
            self._rent_set_partner(partner)
        data = self._get_rent_match_data()
        if not data.get("can_reconcile"):
            raise UserError(
                self.env._(
                    "The proposal of statement line %(line)s cannot be reconciled as it is: "
                    "open it in the reconciliation screen.",
                    line=self.display_name,
                )
            )
        self.reconcile_mode = self.journal_id.reconcile_mode
        getattr(self, f"_reconcile_bank_line_{self.reconcile_mode}")(
            self._prepare_reconcile_line_data(data["data"])
        )
        self.reconcile_data = False
        self.rent_match_state = how
        return True

    def _rent_set_partner(self, partner):
        """The tenant on the line, its entry and its liquidity and suspense items (see
        ``_rent_set_partners``)."""
        self.ensure_one()
        self._rent_set_partners({self: partner})

    @api.model
    def _rent_set_partners(self, partner_by_line):
        """The tenant on each line ({line: partner}), its entry and its liquidity and
        suspense items: what the OCA screen's synchronisation writes, without it. Through the
        ORM it recomputes the screen data of every line of the statement and re-syncs the
        entry (about half a second per line on a statement of thousands); the partner of
        these items feeds no other stored value than the entry's commercial partner, so one
        UPDATE per table for the whole batch does."""
        if not partner_by_line:
            return
        line_rows, move_rows, item_rows = [], [], []
        items = self.env["account.move.line"]
        for line, partner in partner_by_line.items():
            liquidity_lines, suspense_lines, _other_lines = line._seek_for_lines()
            line_rows.append(SQL("(%s, %s)", line.id, partner.id))
            move_rows.append(
                SQL("(%s, %s, %s)", line.move_id.id, partner.id, partner.commercial_partner_id.id)
            )
            for item in liquidity_lines | suspense_lines:
                item_rows.append(SQL("(%s, %s)", item.id, partner.id))
                items |= item
        self.env.cr.execute(
            SQL(
                "UPDATE account_bank_statement_line AS t SET partner_id = v.partner "
                "FROM (VALUES %(lines)s) AS v(id, partner) WHERE t.id = v.id;"
                "UPDATE account_move AS t SET partner_id = v.partner, "
                "commercial_partner_id = v.commercial "
                "FROM (VALUES %(moves)s) AS v(id, partner, commercial) WHERE t.id = v.id",
                lines=SQL(", ").join(line_rows),
                moves=SQL(", ").join(move_rows),
            )
        )
        if item_rows:
            self.env.cr.execute(
                SQL(
                    "UPDATE account_move_line AS t SET partner_id = v.partner "
                    "FROM (VALUES %s) AS v(id, partner) WHERE t.id = v.id",
                    SQL(", ").join(item_rows),
                )
            )
        lines = self.browse([line.id for line in partner_by_line])
        lines.invalidate_recordset(["partner_id"])
        lines.move_id.invalidate_recordset(["partner_id", "commercial_partner_id"])
        items.invalidate_recordset(["partner_id"])

    # OCA reconciliation screen -----------------------------------------------------------------
    def _default_reconcile_data(self, from_unreconcile=False):
        """A line waiting for review opens in the reconciliation screen with its proposal
        filled in."""
        if (
            not from_unreconcile
            and not self.is_reconciled
            and self.rent_match_state == "review"
            and self.rent_match_partner_id
        ):
            data = self._get_rent_match_data()
            if data.get("can_reconcile"):
                return data
        return super()._default_reconcile_data(from_unreconcile=from_unreconcile)

    def reconcile_bank_line(self):
        res = super().reconcile_bank_line()
        if self.rent_match_state != "auto":
            self.rent_match_state = "manual"
        self.env["apartment.payer.account"]._learn(self)
        return res

    def action_undo_reconciliation(self):
        """Unreconciling puts the line back to review (with its proposal) or unmatched; the
        invoices are open again, which reverses the paid date, the on-time status and the
        points through the rent addon's hooks."""
        taught = {}
        if not self.env.context.get("apartment_payer_unlearning"):
            taught = self.env["apartment.payer.account"]._keys_of(self.filtered("is_reconciled"))
        res = super().action_undo_reconciliation()
        for line in self:
            line.rent_match_state = "review" if line.rent_match_partner_id else "none"
        self.env["apartment.payer.account"]._unlearn(taught)
        return res

    def unreconcile_bank_line(self):
        """The OCA screen's unreconcile (both modes): the payer account this match taught is
        taken back once (the nested undo does not take it back a second time)."""
        taught = self.env["apartment.payer.account"]._keys_of(self.filtered("is_reconciled"))
        res = super(
            AccountBankStatementLine, self.with_context(apartment_payer_unlearning=True)
        ).unreconcile_bank_line()
        if not self.is_reconciled:
            self.env["apartment.payer.account"]._unlearn(taught)
        return res

    def _auto_reconcile(self):
        # Imported lines are matched by the rent engine first (see the import wizard).
        if self.env.context.get("apartment_rent_import"):
            return None
        return super()._auto_reconcile()

    # Actions -----------------------------------------------------------------------------------
    def action_rent_accept(self):
        """Accept the proposals of these lines (review list button)."""
        lines = self.filtered(lambda line: line.rent_match_state == "review")
        if not lines:
            raise UserError(self.env._("Select statement lines waiting for review."))
        for line in lines:
            line._rent_apply_match("manual")
        self.env["apartment.payer.account"]._learn(lines)
        return True

    def action_rent_match(self):
        """Run the rent matching on these lines again (e.g. after invoices were posted)."""
        done = self._rent_match()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "%(count)s statement lines reconciled automatically.", count=len(done)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _get_rent_match_cron_domain(self):
        return [
            ("is_reconciled", "=", False),
            ("rent_match_state", "in", ("none", "review")),
            ("amount", ">", 0),
        ]

    @api.model
    def _cron_rent_match(self, limit=5000):
        """Match the statement lines still open (imported by hand, or before the invoices
        existed); the cron never stops on one line (savepoints in ``_rent_match``).

        Run by the scheduler, one call takes at most ``apartment_crm.rent_match_batch_size``
        (default 500) lines not tried by this run yet (``rent_match_date``), oldest first,
        skipping those another transaction holds, and reports the rest; the scheduler commits
        and calls again. The batch runs in one savepoint (the exact payments are reconciled
        together, see ``_rent_reconcile_direct``): when a concurrent change (a user
        reconciling the same line or invoice) makes it fail, it is logged and rolled back and
        the job runs again in a few minutes. The lines to reconcile one by one beyond
        ``RENT_MATCH_SINGLE_SAVEPOINTS`` are left to the next call. Called by hand, at most
        ``limit`` lines at once.
        """
        domain = not_done_in_run(self.env, self._get_rent_match_cron_domain(), "rent_match_date")
        if not is_scheduler_run(self.env):
            lines = self.search(domain, limit=limit, order="date, id")
            done = lines._rent_match()
            lines._rent_mark_tried()
            return done
        todo = self.search(domain, order="date, id")
        # Oldest first, as searched (the date is the entry's, not a column of the line).
        batch = lock_scheduler_batch(
            self.env,
            todo,
            "apartment_crm.rent_match_batch_size",
            RENT_MATCH_BATCH_SIZE,
            order=SQL("array_position(%s, id)", todo.ids),
        )
        reconciled = deferred = self.browse()
        with concurrent_batch(self.env, "Rent matching", batch) as state:
            reconciled, deferred = batch._rent_match_batch(RENT_MATCH_SINGLE_SAVEPOINTS)
            (batch - deferred)._rent_mark_tried()
        if state["skipped"]:
            reconciled = self.browse()
        done = 0 if state["skipped"] else len(batch - deferred)
        self.env["ir.cron"]._notify_progress(done=done, remaining=len(todo) - done)
        return reconciled

    def _rent_mark_tried(self):
        """Stamp these lines as tried by the matching cron now (one UPDATE, not ``write``:
        nothing to synchronise with the journal entry)."""
        stamp_done(self, "rent_match_date", fields.Datetime.now())
