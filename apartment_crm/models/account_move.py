# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

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
        unset (payment reconciled or unreconciled, invoice reversed). Override with super().
        Loyalty: award the on-time points, or reverse them."""
        self._loyalty_sync_rent_on_time()
        return True

    # --- loyalty ---
    loyalty_entry_ids = fields.One2many(
        "apartment.loyalty.entry", "credit_move_id", string="Loyalty Credits", readonly=True
    )

    def _loyalty_is_paid_on_time(self):
        """A posted rent invoice fully paid (``paid_date``, from reconciliation) on or before
        its due date."""
        self.ensure_one()
        due = self.invoice_date_due or self.invoice_date
        return bool(
            self.rent_kind == "rent"
            and self.move_type == "out_invoice"
            and self.state == "posted"
            and self.paid_date
            and due
            and self.paid_date <= due
        )

    def _award_rent_on_time(self):
        """Rent invoices fully paid on or before their due date earn the ``rent_on_time``
        rules (per currency unit: of the amount paid, in the company currency). Exactly once
        per invoice; the others are ignored. Returns the new entries."""
        invoices = self.filtered(lambda move: move._loyalty_is_paid_on_time())
        awards = [
            {
                "partner": invoice.partner_id.commercial_partner_id,
                "source": invoice,
                "amount": abs(invoice.amount_total_signed),
                "date": invoice.paid_date,
                "company": invoice.company_id,
                "description": self.env._("Rent paid on time: %(invoice)s", invoice=invoice.name),
            }
            for invoice in invoices
        ]
        return self.env["apartment.loyalty.rule"]._award_trigger("rent_on_time", awards)

    def _reverse_rent_on_time(self):
        """Reverse the on-time points of invoices that are no longer paid on time (payment
        unreconciled, invoice reversed or cancelled). Returns the reversal entries."""
        invoices = self.filtered(lambda move: not move._loyalty_is_paid_on_time())
        return self.env["apartment.loyalty.rule"]._reverse_awards(
            "rent_on_time",
            invoices,
            description=self.env._("Rent no longer paid on time"),
        )

    def _loyalty_sync_rent_on_time(self):
        """Award or reverse the on-time points of these invoices after a payment change."""
        self._award_rent_on_time()
        self._reverse_rent_on_time()
        return True
