# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date, split_every

from odoo.addons.apartment_crm.tools import get_batch_size, is_scheduler_run, lock_batch

_logger = logging.getLogger(__name__)


class ApartmentLease(models.Model):
    _inherit = "apartment.lease"

    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment Terms",
        tracking=True,
        check_company=True,
        help="Payment terms of the rent invoices; without terms rent is due on the invoice date "
        "(the first day of the period).",
    )
    rent_invoice_ids = fields.One2many("account.move", "lease_id", string="Invoices")
    rent_invoice_count = fields.Integer(compute="_compute_rent_amounts")
    amount_billed = fields.Monetary(
        compute="_compute_rent_amounts", help="Posted invoices minus credit notes of the lease."
    )
    amount_paid = fields.Monetary(compute="_compute_rent_amounts")
    amount_due = fields.Monetary(compute="_compute_rent_amounts")
    deposit_move_id = fields.Many2one(
        "account.move", string="Deposit Invoice", copy=False, readonly=True
    )
    deposit_refund_move_id = fields.Many2one(
        "account.move", string="Deposit Settlement", copy=False, readonly=True
    )
    rent_invoice_error = fields.Text(
        string="Rent Invoicing Problem",
        readonly=True,
        copy=False,
        help="Why the last scheduled rent invoicing skipped this lease (set by the scheduled "
        "action, cleared when the lease is invoiced again); the 'Needs Attention' filter of "
        "the leases lists them.",
    )
    deposit_settleable = fields.Boolean(
        compute="_compute_deposit_settleable",
        help="The lease has ended or ends soon, its deposit invoice is posted and not settled.",
    )

    rent_invoice_issue = fields.Char(
        string="Rent Invoicing Issue",
        compute="_compute_rent_invoice_issue",
        search="_search_rent_invoice_issue",
        help="Why the rent invoicing skips this active lease, and the fix (empty when it is "
        "invoiced normally).",
    )

    @api.depends(
        "state",
        "currency_id",
        "company_id.rent_product_id",
        "company_id.rent_journal_id",
        "company_id.rent_billing_day",
        "company_id.rent_vat",
        "company_id.rent_tax_id.active",
    )
    def _compute_rent_invoice_issue(self):
        active = self.filtered(lambda lease: lease.state == "active")
        errors = active._get_rent_invoice_errors()
        for lease in self:
            lease.rent_invoice_issue = errors.get(lease, False)

    def _search_rent_invoice_issue(self, operator, value):
        """Only "is set" / "is not set": the active leases the invoicing skips. The issues
        are computed over the active leases (a few checks each, no query per lease)."""
        if operator not in ("=", "!=") or value not in (False, None, ""):
            raise UserError(
                self.env._("Rent Invoicing Issue can only be searched as set or not set.")
            )
        active = self.search([("state", "=", "active")])
        ids = [lease.id for lease in active._get_rent_invoice_errors()]
        return [("id", "in" if operator == "!=" else "not in", ids)]

    @api.depends("state", "date_end", "deposit_move_id.state", "deposit_refund_move_id.state")
    def _compute_deposit_settleable(self):
        for lease in self:
            try:
                lease._check_deposit_settlement([])
            except UserError:
                lease.deposit_settleable = False
            else:
                lease.deposit_settleable = True

    @api.model
    def _get_deposit_settle_days(self):
        """How many days before its end an active lease's deposit may be settled."""
        return 30

    def _compute_rent_amounts(self):
        domain = [("lease_id", "in", self.ids)]
        counts = {
            lease.id: count
            for lease, count in self.env["account.move"]._read_group(
                domain, ["lease_id"], ["__count"]
            )
        }
        totals = {
            lease.id: (billed, due)
            for lease, billed, due in self.env["account.move"]._read_group(
                domain
                + [("state", "=", "posted"), ("move_type", "in", ("out_invoice", "out_refund"))],
                ["lease_id"],
                ["amount_total_signed:sum", "amount_residual_signed:sum"],
            )
        }
        for lease in self:
            billed, due = totals.get(lease.id, (0.0, 0.0))
            lease.rent_invoice_count = counts.get(lease.id, 0)
            lease.amount_billed = billed
            lease.amount_due = due
            lease.amount_paid = lease.currency_id.round(billed - due)

    def action_view_rent_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice")
        action["domain"] = [("lease_id", "=", self.id)]
        action["context"] = {
            "default_move_type": "out_invoice",
            "search_default_group_by_rent_kind": 0,
        }
        return action

    # Periods ---------------------------------------------------------------------------------
    def _get_rent_period_months(self):
        self.ensure_one()
        return 3 if self.billing_period == "quarterly" else 1

    def _get_full_rent_period(self, day):
        """The whole billing period (start, end) holding ``day``.

        Periods start on the company's billing day: every month, or in January, April, July
        and October for quarterly leases; they end the day before the next one starts.
        """
        self.ensure_one()
        billing_day = self.company_id.rent_billing_day or 1
        start = day.replace(day=billing_day)
        if day.day < billing_day:
            start -= relativedelta(months=1)
        months = self._get_rent_period_months()
        if months == 3:
            start -= relativedelta(months=(start.month - 1) % 3)
        return start, start + relativedelta(months=months, days=-1)

    def _get_rent_periods(self, date):
        """Every period (start, end, full_start, full_end) of the lease starting up to ``date``,
        clipped to the lease dates (a clipped period is prorated)."""
        self.ensure_one()
        periods = []
        last = min(date, self.date_end)
        day = self.date_start
        while day <= last:
            full_start, full_end = self._get_full_rent_period(day)
            periods.append((day, min(full_end, self.date_end), full_start, full_end))
            day = full_end + relativedelta(days=1)
        return periods

    def _get_rent_invoiced_periods(self):
        """{lease_id: {period_start}} of the live rent invoices of the leases (one query)."""
        invoiced = {}
        moves = (
            self.env["account.move"]
            .sudo()
            .search_fetch(
                [
                    ("lease_id", "in", self.ids),
                    *self.env["account.move"]._get_rent_invoice_domain(posted=False),
                ],
                ["lease_id", "rent_period_start"],
            )
        )
        for move in moves:
            invoiced.setdefault(move.lease_id.id, set()).add(move.rent_period_start)
        return invoiced

    def _get_periods_to_invoice(self, date, invoiced=None):
        """The periods of the lease up to ``date`` without a live rent invoice."""
        self.ensure_one()
        if invoiced is None:
            invoiced = self._get_rent_invoiced_periods()
        done = invoiced.get(self.id, set())
        return [period for period in self._get_rent_periods(date) if period[0] not in done]

    def _get_rent_period_amount(self, period):
        self.ensure_one()
        start, end, full_start, full_end = period
        amount = self.rent_amount * self._get_rent_period_months()
        full_days = (full_end - full_start).days + 1
        days = (end - start).days + 1
        if days != full_days:
            amount = amount * days / full_days
        return self.currency_id.round(amount)

    # Invoice values ---------------------------------------------------------------------------
    @api.model
    def _get_leases_to_invoice_domain(self, date):
        return [
            ("state", "=", "active"),
            ("date_start", "<=", date),
            ("rent_amount", ">", 0),
        ]

    # Long on purpose: a chain of refusals, each with its own message.
    def _get_rent_invoice_errors(self):
        """{lease: message} for the leases that cannot be invoiced, with the fix."""
        errors = {}
        states = dict(self._fields["state"]._description_selection(self.env))
        for lease in self:
            company = lease.company_id
            journal = company.rent_journal_id
            if lease.state != "active":
                errors[lease] = self.env._(
                    "Lease %(lease)s is %(state)s: only active leases are invoiced. Activate "
                    "the lease first (ended and cancelled leases are not invoiced any more).",
                    lease=lease.name,
                    state=states[lease.state],
                )
            elif not company.rent_product_id:
                errors[lease] = self.env._(
                    "Cannot invoice lease %(lease)s: company %(company)s has no rent product. "
                    "Set it in Settings > Apartment CRM > Rent Invoicing.",
                    lease=lease.name,
                    company=company.name,
                )
            elif not journal:
                errors[lease] = self.env._(
                    "Cannot invoice lease %(lease)s: company %(company)s has no rent journal. "
                    "Set a sales journal in Settings > Apartment CRM > Rent Invoicing.",
                    lease=lease.name,
                    company=company.name,
                )
            elif company.rent_vat == "taxed" and not company.rent_tax_id.active:
                errors[lease] = self.env._(
                    "Cannot invoice lease %(lease)s: rent of company %(company)s is taxed but "
                    "its Rent Tax (VAT) is missing or archived. Choose a sales tax in Settings "
                    "> Apartment CRM > Rent Invoicing, or set rent as exempt.",
                    lease=lease.name,
                    company=company.name,
                )
            elif not 1 <= (company.rent_billing_day or 0) <= 28:
                errors[lease] = self.env._(
                    "Cannot invoice lease %(lease)s: the billing day %(day)s of company "
                    "%(company)s is not between 1 and 28.",
                    lease=lease.name,
                    day=company.rent_billing_day,
                    company=company.name,
                )
            elif lease.currency_id != (journal.currency_id or company.currency_id):
                errors[lease] = self.env._(
                    "Cannot invoice lease %(lease)s in %(currency)s: the rent journal "
                    "%(journal)s invoices in %(journal_currency)s. Change the lease currency "
                    "or the rent journal.",
                    lease=lease.name,
                    currency=lease.currency_id.name,
                    journal=journal.display_name,
                    journal_currency=(journal.currency_id or company.currency_id).name,
                )
        return errors

    def _get_rent_analytic_distribution(self):
        self.ensure_one()
        account = self.property_id.analytic_account_id
        return {str(account.id): 100} if account else False

    def _prepare_rent_invoice_line_vals(self, period):
        self.ensure_one()
        start, end = period[0], period[1]
        return {
            "product_id": self.company_id.rent_product_id.id,
            "name": self.env._(
                "Rent %(unit)s, %(start)s - %(end)s",
                unit=self.unit_id.display_name,
                start=start,
                end=end,
            ),
            "quantity": 1.0,
            "price_unit": self._get_rent_period_amount(period),
            "tax_ids": self.company_id._get_rent_tax_commands(),
            "analytic_distribution": self._get_rent_analytic_distribution(),
        }

    def _prepare_rent_invoice_vals(self, period):
        self.ensure_one()
        start, end = period[0], period[1]
        vals = {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "journal_id": self.company_id.rent_journal_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": start,
            "date": start,
            "invoice_origin": self.name,
            "invoice_user_id": self.user_id.id,
            "lease_id": self.id,
            "rent_kind": "rent",
            "rent_period_start": start,
            "rent_period_end": end,
            "invoice_line_ids": [Command.create(self._prepare_rent_invoice_line_vals(period))],
        }
        if self.payment_term_id:
            vals["invoice_payment_term_id"] = self.payment_term_id.id
        else:
            vals["invoice_date_due"] = start
        return vals

    # Generation --------------------------------------------------------------------------------
    @api.model
    def _cron_generate_rent_invoices(self, date=None, batch_size=500):
        """Invoice every period of the active leases that starts up to ``date`` (today).

        Idempotent; leases another transaction is invoicing are skipped (the next run takes
        them), leases that cannot be invoiced are logged and skipped.

        Run by the scheduler, one call invoices at most ``apartment_crm.rent_invoice_batch_size``
        leases (default ``batch_size``), locked with SKIP LOCKED so that two runs at once
        share the work, and reports the rest through ``ir.cron._notify_progress``: the
        scheduler commits and calls again while leases remain.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        leases = self.search(self._get_leases_to_invoice_domain(date), order="id")
        if not is_scheduler_run(self.env):
            return leases._generate_rent_invoices(date, raise_errors=False, batch_size=batch_size)
        # Run by the scheduler: one committed batch per call, of leases no other run holds.
        pending = leases._get_leases_with_periods_to_invoice(date)
        size = get_batch_size(self.env, "apartment_crm.rent_invoice_batch_size", batch_size)
        # Leases never flagged first; two runs at once take different leases.
        batch = lock_batch(pending, size, SQL("rent_invoice_error IS NOT NULL, id"))
        if pending and not batch:
            # Every lease left is held by another run: if that run dies, retry soon.
            self._retry_rent_invoicing_soon()
        moves = batch._generate_rent_invoices(date, raise_errors=False, batch_size=batch_size)
        # A lease that failed before (flagged) only fills a batch's spare room and is not
        # counted as work left, so a lease that keeps failing never keeps the job running.
        fresh = pending.filtered(lambda lease: not lease.rent_invoice_error) - batch
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(fresh))
        _logger.info(
            "Rent invoicing: %s lease(s) invoiced in this batch (%s invoice(s)), %s left",
            len(batch),
            len(moves),
            len(fresh),
        )
        return moves

    def _get_leases_with_periods_to_invoice(self, date):
        """The leases of ``self`` with a period up to ``date`` not invoiced yet (one query)."""
        invoiced = self._get_rent_invoiced_periods()
        return self.filtered(lambda lease: lease._get_periods_to_invoice(date, invoiced))

    def action_generate_rent_invoices(self):
        """Button: invoice the lease's periods up to today."""
        moves = self._generate_rent_invoices(fields.Date.context_today(self), raise_errors=True)
        if not moves:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": self.env._("Nothing to invoice: every period is invoiced."),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return self.action_view_rent_invoices() if len(self) == 1 else True

    def _generate_rent_invoices(self, date, raise_errors=True, batch_size=500):
        """Create (and post, when configured) the missing rent invoices up to ``date``."""
        date = fields.Date.to_date(date)
        moves = self.env["account.move"]
        if raise_errors:
            errors = self._get_rent_invoice_errors()
            if errors:
                raise UserError("\n".join(errors.values()))
            return self._generate_rent_invoices_batch(date, raise_errors=True)
        for batch in split_every(batch_size, self.ids, self.browse):
            moves |= batch._generate_rent_invoices_savepoint(date, split=len(batch) > 1)
        return moves

    # What can go wrong with one lease's invoice (bad data on the lease, its product or its
    # partner): the run goes on with the others.
    _RENT_INVOICE_LEASE_ERRORS = (
        UserError,
        ValueError,
        pg_errors.IntegrityError,
        pg_errors.DataError,
    )

    def _generate_rent_invoices_savepoint(self, date, split):
        """Invoice ``self`` in one savepoint; when a lease fails, invoice the leases one by one
        so that only the failing ones are skipped (logged, and flagged for the accountant)."""
        try:
            with self.env.cr.savepoint():
                return self._generate_rent_invoices_batch(date, raise_errors=False)
        except (pg_errors.UniqueViolation, pg_errors.SerializationFailure):
            # A parallel run invoiced some of these leases after our snapshot: its
            # invoices stand, ours are rolled back; the next run completes the batch.
            _logger.warning(
                "Rent invoicing: leases %s were invoiced concurrently; batch skipped.",
                self.ids,
            )
            self._retry_rent_invoicing_soon()
        except self._RENT_INVOICE_LEASE_ERRORS as error:
            if split:
                moves = self.env["account.move"]
                for lease in self:
                    moves |= lease._generate_rent_invoices_savepoint(date, split=False)
                return moves
            message = self.env._(
                "Cannot invoice lease %(lease)s: %(reason)s",
                lease=self.name,
                reason=error.args[0] if error.args else repr(error),
            )
            _logger.warning("Rent invoicing skipped: %s", message)
            self._flag_rent_invoice_errors({self: message})
        return self.env["account.move"]

    def _flag_rent_invoice_errors(self, errors):
        """Keep each skipped lease's reason on it ({lease: message}) for the accountant."""
        for lease, message in errors.items():
            if lease.rent_invoice_error != message:
                lease.sudo().rent_invoice_error = message

    # Minutes after which the cron runs again when a run left leases to another one.
    _RENT_INVOICING_RETRY_MINUTES = 10

    @api.model
    def _retry_rent_invoicing_soon(self):
        """Run the rent invoicing cron again soon: this run skipped leases another run held;
        if that run dies, their periods are invoiced within minutes, not the next day."""
        cron = self.env.ref("apartment_crm_rent.ir_cron_apartment_rent_invoices", False)
        if cron:
            cron.sudo()._trigger(
                at=fields.Datetime.now() + relativedelta(minutes=self._RENT_INVOICING_RETRY_MINUTES)
            )

    def _lock_for_rent_invoicing(self, nowait=False):
        """Lock the leases' rows; returns the leases this transaction holds.

        Without ``nowait`` the leases locked by another transaction are skipped; with it the
        call fails at once (a user is told to try again).
        """
        if not self:
            return self
        self.env.cr.execute(
            SQL(
                "SELECT id FROM apartment_lease WHERE id IN %s ORDER BY id FOR NO KEY UPDATE %s",
                tuple(self.ids),
                SQL("NOWAIT") if nowait else SQL("SKIP LOCKED"),
            )
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    # Long on purpose: one locked batch inside one savepoint.
    def _generate_rent_invoices_batch(self, date, raise_errors=False):
        if raise_errors:
            try:
                with self.env.cr.savepoint(flush=False):
                    leases = self._lock_for_rent_invoicing(nowait=True)
            except pg_errors.LockNotAvailable:
                raise UserError(
                    self.env._(
                        "These leases are being invoiced by another user or the scheduled "
                        "action right now; try again in a moment."
                    )
                ) from None
        else:
            leases = self._lock_for_rent_invoicing()
            if busy := self - leases:
                _logger.warning(
                    "Rent invoicing: leases %s are being invoiced by another run; skipped, "
                    "retried in %s minutes.",
                    busy.ids,
                    self._RENT_INVOICING_RETRY_MINUTES,
                )
                self._retry_rent_invoicing_soon()
            errors = leases._get_rent_invoice_errors()
            for message in errors.values():
                _logger.warning("Rent invoicing skipped: %s", message)
            leases -= self.browse(lease.id for lease in errors)
            self._flag_rent_invoice_errors(
                {lease: message for lease, message in errors.items() if lease.state == "active"}
            )
            if solved := leases.filtered("rent_invoice_error"):
                solved.sudo().rent_invoice_error = False
        if not leases:
            return self.env["account.move"]
        leases.property_id._get_or_create_analytic_account()
        invoiced = leases._get_rent_invoiced_periods()
        vals_by_company = {}
        for lease in leases:
            for period in lease._get_periods_to_invoice(date, invoiced):
                vals_by_company.setdefault(lease.company_id, []).append(
                    lease._prepare_rent_invoice_vals(period)
                )
        moves = self.env["account.move"]
        for company, vals_list in vals_by_company.items():
            company_moves = (
                self.env["account.move"]
                .with_company(company)
                .with_context(default_move_type="out_invoice")
                .create(vals_list)
            )
            self._on_rent_invoices_created(company_moves)
            if company.rent_auto_post:
                company_moves.action_post()
            moves |= company_moves
        return moves

    def _on_rent_invoices_created(self, moves):
        """Hook: the new rent invoices of a run, before they are posted (e.g. the loyalty
        addon applies pending rent credits to them)."""
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_invoices(self):
        # Named to run after the foundation's state check (ondelete hooks run by name).
        live = (
            self.env["account.move"]
            .sudo()
            .search([("lease_id", "in", self.ids), ("state", "!=", "cancel")], limit=1)
        )
        if live:
            raise UserError(
                self.env._(
                    "Lease %(lease)s has invoice %(move)s and cannot be deleted: cancel or "
                    "reverse its invoices first, or keep the lease as cancelled.",
                    lease=live.lease_id.name,
                    move=live.name,
                )
            )

    def _cancel_unpaid_deposit_invoices(self):
        """A withdrawn lease takes back its deposit invoice while nothing is paid on it.

        Not a deposit carried over from the previous lease (renewal): that one stays with it.
        """
        own = self.filtered(
            lambda lease: lease.deposit_move_id != lease.predecessor_lease_id.deposit_move_id
        )
        deposits = own.deposit_move_id.filtered(
            lambda move: move.state != "cancel" and move.payment_state == "not_paid"
        )
        if deposits:
            deposits = deposits.sudo()
            deposits.filtered(lambda move: move.state == "posted").button_draft()
            deposits.button_cancel()
        return deposits

    # Deposit -----------------------------------------------------------------------------------
    def _on_activated(self):
        res = super()._on_activated()
        self._create_deposit_invoices()
        return res

    def _on_cancelled(self):
        res = super()._on_cancelled()
        self._cancel_unpaid_deposit_invoices()
        return res

    def _prepare_deposit_invoice_vals(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "journal_id": self.company_id.rent_journal_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": today,
            "invoice_date_due": max(today, self.date_start),
            "invoice_origin": self.name,
            "invoice_user_id": self.user_id.id,
            "lease_id": self.id,
            "rent_kind": "deposit",
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": self.company_id.rent_deposit_product_id.id,
                        "name": self.env._(
                            "Security deposit, lease %(lease)s (%(unit)s)",
                            lease=self.name,
                            unit=self.unit_id.display_name,
                        ),
                        "quantity": 1.0,
                        "price_unit": self.deposit_amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }

    def _create_deposit_invoices(self):
        """One deposit invoice per activated lease with a deposit, when the company has a
        deposit product and a rent journal (else a note on the lease says what is missing)."""
        leases = self.filtered(lambda lease: lease.deposit_amount > 0 and not lease.deposit_move_id)
        ready = leases.filtered(
            lambda lease: lease.company_id.rent_deposit_product_id
            and lease.company_id.rent_journal_id
        )
        for lease in leases - ready:
            lease.message_post(
                body=self.env._(
                    "No deposit invoice was created: set a deposit product and a rent journal "
                    "in Settings > Apartment CRM > Rent Invoicing, then invoice the deposit by "
                    "hand."
                )
            )
        if not ready:
            return self.env["account.move"]
        moves = self.env["account.move"]
        for company in ready.company_id:
            company_leases = ready.filtered(lambda lease, c=company: lease.company_id == c)
            # A housekeeper activates leases without invoicing rights: the deposit invoice
            # follows from the signature, so it is created as the system would.
            company_moves = (
                self.env["account.move"]
                .sudo()
                .with_company(company)
                .create([lease._prepare_deposit_invoice_vals() for lease in company_leases])
            )
            if company.rent_auto_post:
                company_moves.action_post()
            for lease, move in zip(company_leases, company_moves, strict=True):
                lease.deposit_move_id = move
            moves |= company_moves.sudo(False)
        return moves

    # Long on purpose: the vals dict of the credit note, one key a line.
    def _prepare_deposit_settlement_vals(self, deductions):
        self.ensure_one()
        deposit = self.deposit_move_id
        deposit_amount = deposit.amount_untaxed
        lines = [
            Command.create(
                {
                    "product_id": self.company_id.rent_deposit_product_id.id,
                    "name": self.env._(
                        "Security deposit returned, lease %(lease)s", lease=self.name
                    ),
                    "quantity": 1.0,
                    "price_unit": deposit_amount,
                    "tax_ids": [Command.clear()],
                }
            )
        ]
        for description, amount in deductions:
            lines.append(
                Command.create(
                    {
                        "product_id": self.company_id.rent_product_id.id,
                        "name": description,
                        "quantity": 1.0,
                        "price_unit": -amount,
                        "tax_ids": [Command.clear()],
                        "analytic_distribution": self._get_rent_analytic_distribution(),
                    }
                )
            )
        return {
            "move_type": "out_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "journal_id": deposit.journal_id.id,
            "currency_id": deposit.currency_id.id,
            "invoice_date": fields.Date.context_today(self),
            "invoice_origin": self.name,
            "invoice_user_id": self.user_id.id,
            "reversed_entry_id": deposit.id,
            "lease_id": self.id,
            "rent_kind": "deposit_refund",
            "invoice_line_ids": lines,
        }

    def _action_settle_deposit(self, deductions=None):
        """Settle the deposit at move-out: a credit note of the deposit invoice for the
        refundable part, the deductions as negative lines on it.

        ``deductions``: list of (description, amount). The credit note is reconciled with what
        is still open on the deposit invoice; a paid deposit leaves the credit note open, to be
        paid back to the tenant. Returns the credit note.
        """
        self.ensure_one()
        deductions = [(name, amount) for name, amount in deductions or [] if amount]
        self._check_deposit_settlement(deductions)
        deposit = self.deposit_move_id
        refund = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(self._prepare_deposit_settlement_vals(deductions))
        )
        self.deposit_refund_move_id = refund
        if self.company_id.rent_auto_post or deposit.state == "posted":
            refund.action_post()
        if refund.state == "posted" and deposit.state == "posted":
            (refund | deposit).line_ids.filtered(
                lambda line: line.account_type == "asset_receivable" and not line.reconciled
            ).reconcile()
        return refund

    # Long on purpose: a chain of refusals, each with its own message.
    def _check_deposit_settlement(self, deductions):
        """Refuse a settlement without a deposit to settle, a second one, or deductions that
        are incomplete or exceed the deposit."""
        self.ensure_one()
        deposit = self.deposit_move_id
        if self.state not in ("active", "ended"):
            raise UserError(
                self.env._(
                    "Lease %(lease)s is not active or ended: there is no deposit to settle.",
                    lease=self.name,
                )
            )
        if not deposit or deposit.state == "cancel":
            raise UserError(
                self.env._(
                    "Lease %(lease)s has no deposit invoice to settle: create and post the "
                    "deposit invoice first.",
                    lease=self.name,
                )
            )
        if deposit.state != "posted":
            raise UserError(
                self.env._(
                    "The deposit invoice %(move)s of lease %(lease)s is not posted: post it "
                    "first, then settle the deposit.",
                    move=deposit.display_name,
                    lease=self.name,
                )
            )
        settle_from = self.date_end - relativedelta(days=self._get_deposit_settle_days())
        if self.state == "active" and fields.Date.context_today(self) < settle_from:
            raise UserError(
                self.env._(
                    "Lease %(lease)s runs until %(end)s: its deposit is settled at move-out, "
                    "from %(start)s on, or once the lease is ended.",
                    lease=self.name,
                    end=format_date(self.env, self.date_end),
                    start=format_date(self.env, settle_from),
                )
            )
        if self.deposit_refund_move_id and self.deposit_refund_move_id.state != "cancel":
            raise UserError(
                self.env._(
                    "The deposit of lease %(lease)s is already settled by %(move)s: cancel that "
                    "credit note first to settle again.",
                    lease=self.name,
                    move=self.deposit_refund_move_id.display_name,
                )
            )
        if any(amount < 0 or not name for name, amount in deductions):
            raise UserError(
                self.env._(
                    "Each deduction of the deposit of lease %(lease)s needs a description and "
                    "a positive amount.",
                    lease=self.name,
                )
            )
        total = self.currency_id.round(sum(amount for __, amount in deductions))
        if self.currency_id.compare_amounts(total, deposit.amount_untaxed) > 0:
            raise UserError(
                self.env._(
                    "The deductions (%(total)s) exceed the deposit (%(deposit)s) of lease "
                    "%(lease)s: invoice the difference to the tenant separately.",
                    total=total,
                    deposit=deposit.amount_untaxed,
                    lease=self.name,
                )
            )

    @api.model
    def _rent_demo_register_payments(self):
        """Demo data only: pay most demo rent invoices, some on time, some late, leave a few
        overdue, so the tenants' on-time rates differ."""
        today = fields.Date.context_today(self)
        moves = self.env["account.move"].search(
            [
                *self.env["account.move"]._get_rent_invoice_domain(),
                ("payment_state", "=", "not_paid"),
                ("lease_id.name", "!=", False),
            ],
            order="id",
        )
        by_date = {}
        for move in moves:
            # Every tenant (by id) has a habit: on time, a few days late, or behind.
            habit = move.partner_id.id % 5
            if habit == 4 and move.invoice_date_due > today - relativedelta(months=2):
                continue  # unpaid, overdue
            delay = {0: -2, 1: 0, 2: 0, 3: 9, 4: 20}[habit]
            pay_date = move.invoice_date_due + relativedelta(days=delay)
            if pay_date > today:
                continue
            by_date.setdefault(pay_date, self.env["account.move"])
            by_date[pay_date] |= move
        for pay_date, invoices in sorted(by_date.items()):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoices.ids
            ).create({"payment_date": pay_date, "group_payment": False})._create_payments()
        return True
