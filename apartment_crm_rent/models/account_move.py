# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

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
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        companies = self.env["res.company"].search([("rent_late_fee_type", "!=", "none")])
        if not companies:
            return self.browse()
        candidates = self.search(self._get_late_fee_candidates_domain(date, companies))
        return candidates._generate_rent_late_fees(date)

    def _generate_rent_late_fees(self, date, batch_size=200):
        """Charge the late fees of these rent invoices that are due and not charged yet.

        Each batch runs in a savepoint: when a parallel run charged some of these invoices
        after our snapshot, the unique index refuses the duplicates, the batch is rolled back
        and logged, and the run goes on (the next run charges what the batch left).
        """
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
        vals_by_company = {}
        for invoice in self:
            if invoice.id in charged:
                continue
            amount = invoice._get_rent_late_fee_amount(date)
            if invoice.currency_id.is_zero(amount):
                continue
            vals_by_company.setdefault(invoice.company_id, []).append(
                invoice._prepare_rent_late_fee_vals(amount, date)
            )
        fees = self.browse()
        for company, company_vals in vals_by_company.items():
            for vals_list in split_every(batch_size, company_vals, list):
                try:
                    with self.env.cr.savepoint():
                        batch_fees = self.with_company(company).create(vals_list)
                        if company.rent_auto_post:
                            batch_fees.action_post()
                except (pg_errors.UniqueViolation, pg_errors.SerializationFailure):
                    _logger.warning(
                        "Rent late fees: invoices %s were charged concurrently; batch skipped.",
                        [vals["rent_late_fee_source_id"] for vals in vals_list],
                    )
                    continue
                fees |= batch_fees
        return fees

    @api.model
    def _get_late_fee_candidates_domain(self, date, companies):
        return [
            *self._get_rent_invoice_domain(),
            ("company_id", "in", companies.ids),
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
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": self.env._(
                            "Late fee for %(invoice)s: %(days)s days late",
                            invoice=self.name,
                            days=self._get_rent_late_fee_days(date),
                        ),
                        "quantity": 1.0,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                        "analytic_distribution": self.lease_id._get_rent_analytic_distribution(),
                    }
                )
            ],
        }
