# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_date, formatLang, split_every

from odoo.addons.apartment_crm.tools import is_scheduler_run, take_batch

_logger = logging.getLogger(__name__)

RENT_KINDS = [
    ("rent", "Rent"),
    ("deposit", "Deposit"),
    ("deposit_refund", "Deposit Settlement"),
    ("late_fee", "Late Fee"),
]


class AccountMove(models.Model):
    _inherit = "account.move"

    lease_id = fields.Many2one(
        "apartment.lease",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
        help="The lease this rent, deposit or late-fee invoice belongs to.",
    )
    rent_kind = fields.Selection(
        RENT_KINDS,
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    rent_period_start = fields.Date(copy=False, readonly=True)
    rent_period_end = fields.Date(copy=False, readonly=True)
    rent_property_id = fields.Many2one(
        related="lease_id.property_id", string="Rent Property", store=True, index="btree_not_null"
    )
    rent_late_fee_source_id = fields.Many2one(
        "account.move",
        string="Late Fee For",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The rent invoice this late fee is charged for.",
    )
    paid_date = fields.Date(
        compute="_compute_paid_date",
        store=True,
        copy=False,
        help="Date of the reconciliation that made this lease invoice fully paid (the latest "
        "counterpart date); empty while it is not fully paid or when it was reversed.",
    )
    days_late = fields.Integer(
        compute="_compute_days_late",
        store=True,
        copy=False,
        help="Days between the due date and the paid date (0 when paid on or before the due "
        "date, or not paid yet).",
    )

    def init(self):
        res = super().init()
        # One live rent invoice per lease and period. Cancelled invoices and invoices fully
        # reversed by a credit note free the period: the generator then issues it again.
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS account_move_rent_period_uniq
                    ON account_move (lease_id, rent_period_start)
                 WHERE rent_kind = 'rent'
                   AND move_type = 'out_invoice'
                   AND state != 'cancel'
                   AND payment_state IS DISTINCT FROM 'reversed'
                """
            )
        )
        # One live late fee per rent invoice.
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS account_move_rent_late_fee_uniq
                    ON account_move (rent_late_fee_source_id)
                 WHERE rent_kind = 'late_fee' AND state != 'cancel'
                """
            )
        )
        return res

    @api.depends(
        "rent_kind",
        "payment_state",
        "line_ids.matched_debit_ids.debit_move_id.date",
        "line_ids.matched_credit_ids.credit_move_id.date",
    )
    def _compute_paid_date(self):
        for move in self:
            if move.rent_kind and move.payment_state in ("paid", "in_payment"):
                lines = move.line_ids.filtered(
                    lambda line: line.account_type in ("asset_receivable", "liability_payable")
                )
                # The counterpart's date (payment, statement line), not the partial's
                # max_date: a rent paid before its invoice date is paid on time.
                counterparts = (
                    lines.matched_debit_ids.debit_move_id | lines.matched_credit_ids.credit_move_id
                )
                move.paid_date = max(counterparts.mapped("date"), default=False)
            else:
                move.paid_date = False

    @api.depends("paid_date", "invoice_date_due")
    def _compute_days_late(self):
        for move in self:
            if move.paid_date and move.invoice_date_due:
                move.days_late = max((move.paid_date - move.invoice_date_due).days, 0)
            else:
                move.days_late = 0

    @api.model_create_multi
    def create(self, vals_list):
        self._check_rent_periods_free(vals_list)
        return super().create(vals_list)

    @api.model
    def _check_rent_periods_free(self, vals_list):
        """Refuse a second live rent invoice for a lease and period (a duplicate made with
        ``copy`` and the lease and period, or by hand) with a message, before the unique index
        would refuse it with a database error. One query per batch."""
        default_type = self.env.context.get("default_move_type")
        wanted = {}
        for vals in vals_list:
            if (
                vals.get("rent_kind") == "rent"
                and vals.get("lease_id")
                and vals.get("rent_period_start")
                and vals.get("move_type", default_type) == "out_invoice"
                and vals.get("state", "draft") != "cancel"
            ):
                key = (vals["lease_id"], fields.Date.to_date(vals["rent_period_start"]))
                wanted[key] = wanted.get(key, 0) + 1
        if not wanted:
            return
        lease_ids = {lease_id for lease_id, __ in wanted}
        live = {
            (move.lease_id.id, move.rent_period_start): move
            for move in self.sudo().search(
                [
                    ("lease_id", "in", list(lease_ids)),
                    ("rent_period_start", "in", list({start for __, start in wanted})),
                    *self._get_rent_invoice_domain(posted=False),
                ]
            )
        }
        for key, count in wanted.items():
            if key in live or count > 1:
                lease = self.env["apartment.lease"].sudo().browse(key[0])
                raise UserError(
                    self.env._(
                        "Lease %(lease)s already has a rent invoice (%(move)s) for the period "
                        "starting %(start)s: a lease is invoiced once per period. Cancel or "
                        "reverse that invoice first (the next generation then issues the period "
                        "again), or make an invoice without the lease and period.",
                        lease=lease.name,
                        move=live[key].display_name if key in live else lease.name,
                        start=format_date(self.env, key[1]),
                    )
                )

    def unlink(self):
        # The lines of a move are deleted before the ondelete hooks of the move run, so a
        # posted rent invoice would only get the generic "posted journal item" message: check
        # first, with a message that tells what to do instead.
        self._check_rent_unlink()
        return super().unlink()

    def _check_rent_unlink(self):
        if self.env.context.get("force_delete"):
            return
        posted = self.filtered(lambda move: move.rent_kind and move.state == "posted")
        if posted:
            move = posted[0]
            raise UserError(
                self.env._(
                    "%(move)s is a posted %(kind)s invoice of lease %(lease)s and cannot be "
                    "deleted. Reverse it with a credit note (or reset it to draft and cancel "
                    "it); a cancelled or reversed rent period is invoiced again by the next "
                    "generation.",
                    move=move.name,
                    kind=dict(self._fields["rent_kind"]._description_selection(self.env))[
                        move.rent_kind
                    ],
                    lease=move.lease_id.name,
                )
            )

    def _reverse_moves(self, default_values_list=None, cancel=False):
        # A credit note of a lease invoice stays linked to the lease (amounts on the lease).
        if default_values_list is None:
            default_values_list = [{} for __ in self]
        for move, default_values in zip(self, default_values_list, strict=True):
            if move.lease_id:
                default_values.setdefault("lease_id", move.lease_id.id)
        return super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)

    @api.model
    def _get_rent_invoice_domain(self, posted=True):
        """The live rent invoices of the leases: customer rent invoices that are not reversed
        by a credit note, and posted (``posted=True``: what is due) or merely not cancelled
        (``posted=False``: drafts too, what holds a rent period)."""
        return [
            ("rent_kind", "=", "rent"),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted") if posted else ("state", "!=", "cancel"),
            ("payment_state", "!=", "reversed"),
        ]

    @api.model
    def _get_next_rent_to_pay(self, partner, lease=None):
        """The tenant's next rent to pay (sudo): the open posted rent invoice due first, of
        ``lease`` or of any lease of the tenant's commercial partner. Late fees and deposits
        are listed with the invoices, they are not "the next rent"."""
        domain = [
            *self._get_rent_invoice_domain(),
            ("payment_state", "in", ("not_paid", "partial")),
            ("partner_id", "in", partner._get_commercial_family_query()),
        ]
        if lease:
            domain.append(("lease_id", "=", lease.id))
        return self.sudo().search(domain, order="invoice_date_due, rent_period_start, id", limit=1)

    def _notify_rent_paid_date_changes(self, before):
        """Call the payment hook on the rent invoices whose paid date changed.

        ``before`` maps move ids to their paid date before a (un)reconciliation.
        """
        changed = self.filtered(
            lambda move: move.rent_kind == "rent" and move.paid_date != before.get(move.id)
        )
        if changed:
            changed._on_rent_payment_state_changed()

    def _on_rent_payment_state_changed(self):
        """Hook: called once per change, on the rent invoices whose ``paid_date`` was set or
        unset (payment reconciled or unreconciled, invoice reversed). Override with super()
        (the loyalty addon awards or reverses the on-time points)."""
        return True

    # Late fees ---------------------------------------------------------------------------------
    @api.model
    def _cron_generate_rent_late_fees(self, date=None):
        """Charge the configured late fee once per rent invoice, as a separate invoice.

        A fee is charged when the rent invoice is paid late (after the grace days), or when its
        period is over while it is still overdue; it counts the days late beyond the grace days,
        capped. Idempotent (a unique index guards against parallel runs).

        Run by the scheduler, one call charges at most ``apartment_crm.cron_batch_size`` (200)
        invoices and reports the rest through ``ir.cron._notify_progress``; the scheduler
        commits and calls again while invoices remain. ``done`` counts the fees created, so a
        call that could charge nothing (every invoice left fails, or another run charged them)
        ends the job instead of repeating it.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        companies = self.env["res.company"].search([("rent_late_fee_type", "!=", "none")])
        if not companies:
            return self.browse()
        candidates = self.search(self._get_late_fee_candidates_domain(date, companies), order="id")
        if not is_scheduler_run(self.env):
            return candidates._generate_rent_late_fees(date)
        pending = candidates._get_rent_late_fees_to_charge(date)
        batch, remaining = take_batch(
            self.env, pending, param="apartment_crm.cron_batch_size", default=200
        )
        fees = batch._generate_rent_late_fees(date)
        self.env["ir.cron"]._notify_progress(done=len(fees), remaining=remaining)
        _logger.info(
            "Rent late fees: %s fee(s) charged in this batch, %s invoice(s) left",
            len(fees),
            remaining,
        )
        return fees

    def _get_rent_late_fees_to_charge(self, date):
        """{invoice: fee amount} of these rent invoices due a fee not charged yet."""
        charged = {
            source.id
            for [source] in self._read_group(
                [
                    ("rent_late_fee_source_id", "in", self.ids),
                    ("rent_kind", "=", "late_fee"),
                    ("state", "!=", "cancel"),
                ],
                ["rent_late_fee_source_id"],
            )
        }
        return self.filtered(
            lambda invoice: invoice.id not in charged
            and not invoice.currency_id.is_zero(invoice._get_rent_late_fee_amount(date))
        )

    def _generate_rent_late_fees(self, date, batch_size=200):
        """Charge the late fees of these rent invoices that are due and not charged yet.

        Each batch runs in a savepoint: when a parallel run charged some of these invoices
        after our snapshot, the unique index refuses the duplicates, the batch is rolled back
        and logged, and the run goes on (the next run charges what the batch left). A batch
        that fails otherwise is charged again invoice by invoice, so that one bad invoice is
        logged and skipped without stopping the others.
        """
        vals_by_company = {}
        for invoice in self._get_rent_late_fees_to_charge(date):
            amount = invoice._get_rent_late_fee_amount(date)
            vals_by_company.setdefault(invoice.company_id, []).append(
                invoice._prepare_rent_late_fee_vals(amount, date)
            )
        fees = self.browse()
        for company, company_vals in vals_by_company.items():
            for vals_list in split_every(batch_size, company_vals, list):
                fees |= self.with_company(company)._create_rent_late_fees(vals_list)
        return fees

    # What can go wrong with one invoice's fee (bad data on it, its product or its partner).
    # (A unique violation is a concurrent run: handled before these.)
    _RENT_LATE_FEE_ERRORS = (
        UserError,
        ValidationError,
        ValueError,
        pg_errors.IntegrityError,
        pg_errors.DataError,
    )

    def _create_rent_late_fees(self, vals_list):
        """Create (and post, when configured) the fees of ``vals_list`` in one savepoint."""
        company = self.env.company
        try:
            with self.env.cr.savepoint():
                fees = self.create(vals_list)
                if company.rent_auto_post:
                    fees.action_post()
                return fees
        except (pg_errors.UniqueViolation, pg_errors.SerializationFailure):
            _logger.warning(
                "Rent late fees: invoices %s were charged concurrently; batch skipped.",
                [vals["rent_late_fee_source_id"] for vals in vals_list],
            )
        except self._RENT_LATE_FEE_ERRORS as error:
            if len(vals_list) > 1:
                fees = self.browse()
                for vals in vals_list:
                    fees |= self._create_rent_late_fees([vals])
                return fees
            _logger.warning(
                "Rent late fees: no fee charged for invoice %s: %s",
                vals_list[0]["rent_late_fee_source_id"],
                error.args[0] if error.args else repr(error),
            )
        return self.browse()

    @api.model
    def _get_late_fee_candidates_domain(self, date, companies):
        # Not retroactive: only rent due on or after the day each company's policy started.
        policy = expression.OR(
            [("company_id", "=", company.id)]
            + (
                [("invoice_date_due", ">=", company.rent_late_fee_date_from)]
                if company.rent_late_fee_date_from
                else []
            )
            for company in companies
        )
        return [
            *self._get_rent_invoice_domain(),
            *policy,
            "|",
            ("days_late", ">", 0),
            "&",
            ("paid_date", "=", False),
            ("rent_period_end", "<", date),
        ]

    def _get_rent_late_fee_days(self, date):
        self.ensure_one()
        end = self.paid_date or date
        return max((end - self.invoice_date_due).days - self.company_id.rent_late_fee_grace_days, 0)

    def _get_rent_late_fee_amount(self, date):
        self.ensure_one()
        company = self.company_id
        if (
            self.rent_kind != "rent"
            or not self.invoice_date_due
            or (
                company.rent_late_fee_date_from
                and self.invoice_date_due < company.rent_late_fee_date_from
            )
        ):
            return 0.0
        days = self._get_rent_late_fee_days(date)
        if company.rent_late_fee_type == "percent":
            amount = self.amount_total * company.rent_late_fee_rate / 100.0 * days
        elif company.rent_late_fee_type == "fixed":
            amount = company.rent_late_fee_rate * days
        else:
            amount = 0.0
        if company.rent_late_fee_cap:
            amount = min(amount, company.rent_late_fee_cap)
        return self.currency_id.round(amount)

    def _get_rent_late_fee_label(self, date):
        """What the fee charges, in the tenant's language: the rent invoice, its period and
        due date, the days late beyond the grace days and the rule (and the cap)."""
        self.ensure_one()
        company = self.company_id
        env = self.with_context(lang=self.partner_id.lang or self.env.lang).env
        if company.rent_late_fee_type == "percent":
            rule = env._("%(rate)s%% of the rent per day", rate=company.rent_late_fee_rate)
        else:
            rule = env._(
                "%(amount)s per day",
                amount=formatLang(env, company.rent_late_fee_rate, currency_obj=self.currency_id),
            )
        label = env._(
            "Late fee for rent invoice %(invoice)s (period %(start)s - %(end)s, due "
            "%(due)s): %(late)s days late, %(days)s days charged after %(grace)s grace days "
            "at %(rule)s",
            invoice=self.name,
            start=format_date(env, self.rent_period_start),
            end=format_date(env, self.rent_period_end),
            due=format_date(env, self.invoice_date_due),
            late=max(((self.paid_date or date) - self.invoice_date_due).days, 0),
            days=self._get_rent_late_fee_days(date),
            grace=company.rent_late_fee_grace_days,
            rule=rule,
        )
        if company.rent_late_fee_cap:
            label += env._(
                " (capped at %(cap)s)",
                cap=formatLang(env, company.rent_late_fee_cap, currency_obj=self.currency_id),
            )
        return label

    def _prepare_rent_late_fee_vals(self, amount, date):
        self.ensure_one()
        company = self.company_id
        product = company.rent_late_fee_product_id or company.rent_product_id
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": company.id,
            "journal_id": self.journal_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": date,
            "invoice_date_due": date,
            "invoice_origin": self.name,
            "invoice_user_id": self.invoice_user_id.id,
            "lease_id": self.lease_id.id,
            "rent_kind": "late_fee",
            "rent_late_fee_source_id": self.id,
            "rent_period_start": self.rent_period_start,
            "rent_period_end": self.rent_period_end,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": self._get_rent_late_fee_label(date),
                        "quantity": 1.0,
                        "price_unit": amount,
                        "tax_ids": company._get_rent_tax_commands(),
                        "analytic_distribution": self.lease_id._get_rent_analytic_distribution(),
                    }
                )
            ],
        }
