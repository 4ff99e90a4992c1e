# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero
from odoo.tools.misc import format_amount


class ApartmentLoyaltyRedeem(models.TransientModel):
    """Redeem a tenant's points (兑换): a rent credit or a service."""

    _name = "apartment.loyalty.redeem"
    _description = "Redeem Loyalty Points"

    partner_id = fields.Many2one("res.partner", string="Tenant", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    balance = fields.Float(
        string="Balance", related="partner_id.loyalty_balance", digits="Loyalty Points"
    )
    points = fields.Float(digits="Loyalty Points", required=True)
    redeem_type = fields.Selection(
        [("rent_credit", "Rent credit"), ("service", "Service")],
        required=True,
        default="rent_credit",
    )
    credit_amount = fields.Monetary(compute="_compute_credit_amount")
    invoice_id = fields.Many2one(
        "account.move",
        string="Invoice to Credit",
        compute="_compute_invoice_id",
        store=True,
        readonly=False,
        domain="[('partner_id', 'child_of', partner_id), ('move_type', '=', 'out_invoice'), "
        "('state', 'in', ('draft', 'posted')), ('payment_state', 'in', ('not_paid', 'partial'))]",
        groups="account.group_account_invoice",
        help="The tenant's next open invoice; empty: the credit waits for the next rent "
        "invoice (tenants with an active lease only).",
    )
    invoice_display = fields.Char(
        string="Credited On",
        compute="_compute_invoice_display",
        compute_sudo=True,
        help="Where the rent credit goes (readable without invoicing rights).",
    )
    product_id = fields.Many2one(
        "product.product", string="Service", domain="[('type', '=', 'service')]"
    )
    description = fields.Char()

    @api.depends("points", "company_id")
    def _compute_credit_amount(self):
        for wizard in self:
            currency = wizard.company_id.currency_id or self.env.company.currency_id
            wizard.credit_amount = currency.round(
                wizard.points * wizard.company_id.loyalty_point_value
            )

    @api.depends("partner_id", "redeem_type", "company_id")
    def _compute_invoice_id(self):
        for wizard in self:
            wizard.invoice_id = (
                wizard._find_invoice_to_credit() if wizard.redeem_type == "rent_credit" else False
            )

    @api.depends("invoice_id", "redeem_type")
    def _compute_invoice_display(self):
        for wizard in self:
            invoice = wizard.invoice_id
            if wizard.redeem_type != "rent_credit":
                wizard.invoice_display = False
            elif invoice:
                wizard.invoice_display = self.env._(
                    "%(invoice)s (due %(due)s, %(amount)s)",
                    invoice=invoice.name or self.env._("Draft invoice"),
                    due=invoice.invoice_date_due or "-",
                    amount=format_amount(
                        self.env,
                        invoice.amount_residual
                        if invoice.state == "posted"
                        else invoice.amount_total,
                        invoice.currency_id,
                    ),
                )
            else:
                wizard.invoice_display = self.env._("Next rent invoice (pending credit)")

    def _get_invoice_to_credit_domain(self):
        self.ensure_one()
        return [
            ("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
            ("company_id", "=", self.company_id.id),
            ("move_type", "=", "out_invoice"),
            ("state", "in", ("draft", "posted")),
            ("payment_state", "in", ("not_paid", "partial")),
            # Rent invoices, or invoices outside the leases; never a deposit or late fee.
            ("rent_kind", "in", ("rent", False)),
        ]

    def _find_invoice_to_credit(self):
        """The tenant's next open invoice: rent invoices first, then the earliest due."""
        self.ensure_one()
        if not self.partner_id:
            return self.env["account.move"]
        invoices = (
            self.env["account.move"]
            .sudo()
            .search(self._get_invoice_to_credit_domain(), order="invoice_date_due, id")
        )
        return invoices.sorted(lambda move: move.rent_kind != "rent")[:1]

    # ------------------------------------------------------------------------------------------
    def _check_points(self):
        self.ensure_one()
        Entry = self.env["apartment.loyalty.entry"]
        digits = Entry._points_digits()
        if float_compare(self.points, 0.0, precision_digits=digits) <= 0:
            raise UserError(
                self.env._(
                    "Cannot redeem %(points)s point(s) for %(tenant)s: enter a positive number "
                    "of points.",
                    points=Entry._format_points(self.points),
                    tenant=self.partner_id.display_name,
                )
            )
        # Locked: a second redemption of this tenant waits here until this one commits.
        balance = Entry._get_locked_balance(self.partner_id)
        if float_compare(self.points, balance, precision_digits=digits) > 0:
            raise UserError(
                self.env._(
                    "%(tenant)s has %(balance)s point(s): cannot redeem %(points)s. Enter at "
                    "most the balance.",
                    tenant=self.partner_id.display_name,
                    balance=Entry._format_points(balance),
                    points=Entry._format_points(self.points),
                )
            )

    def _get_rent_credit_room(self, invoice):
        """(already credited, amount the credit may cover, label) of the invoice to credit, or
        of the next rent invoice when there is none (pending credits count as credited)."""
        self.ensure_one()
        Entry = self.env["apartment.loyalty.entry"].sudo()
        if invoice:
            already = sum(
                Entry.search([("credit_move_id", "=", invoice.id)]).mapped("credit_amount")
            )
            room = invoice.amount_residual if invoice.state == "posted" else invoice.amount_total
            return already, room, invoice.name or self.env._("the draft invoice")
        if not self.partner_id.lease_ids.filtered(lambda lease: lease.state == "active"):
            raise UserError(
                self.env._(
                    "%(tenant)s has no open invoice to credit and no active lease whose "
                    "next rent invoice could take the credit: redeem a service instead, "
                    "or create the invoice first.",
                    tenant=self.partner_id.display_name,
                )
            )
        pending = Entry.search(Entry._get_pending_credits_domain(self.partner_id))
        already = sum(pending.mapped("credit_amount"))
        return already, self.credit_amount, self.env._("the next rent invoice")

    def _check_invoice_to_credit(self, invoice):
        """The invoice set on the wizard (the view's domain is not enough: RPC callers send any
        id) must be one ``_get_invoice_to_credit_domain`` allows: the tenant's own open rent
        invoice in the wizard's company. The message names no invoice (it may be another
        tenant's)."""
        self.ensure_one()
        if not invoice:
            return
        domain = [("id", "=", invoice.id), *self._get_invoice_to_credit_domain()]
        if not self.env["account.move"].sudo().search_count(domain, limit=1):
            raise UserError(
                self.env._(
                    "The invoice to credit must be an open (unpaid, not cancelled) rent "
                    "invoice of %(tenant)s in %(company)s: choose one of the tenant's open "
                    "invoices, or leave the field empty to credit the next rent invoice.",
                    tenant=self.partner_id.display_name,
                    company=self.company_id.name,
                )
            )

    # Long on purpose: its message needs every figure it computes.
    def _check_rent_credit(self, invoice):
        self.ensure_one()
        company = self.company_id
        amount = self.credit_amount
        Entry = self.env["apartment.loyalty.entry"].sudo()
        if float_is_zero(amount, precision_rounding=self.currency_id.rounding):
            raise UserError(
                self.env._(
                    "%(points)s point(s) are worth no rent credit at the point value of "
                    "%(company)s (%(value)s): set the point value in the Apartment settings "
                    "or redeem more points.",
                    points=Entry._format_points(self.points),
                    company=company.name,
                    value=company.loyalty_point_value,
                )
            )
        already, room, target = self._get_rent_credit_room(invoice)
        cap = company.loyalty_credit_cap
        limit = room

        def money(value):
            return format_amount(self.env, value, self.currency_id)

        if cap:
            limit = min(limit, cap - already)
        if float_compare(amount, limit, precision_rounding=self.currency_id.rounding) > 0:
            max_points = Entry._format_points(
                Entry._round_points(max(limit, 0.0) / company.loyalty_point_value)
            )
            raise UserError(
                self.env._(
                    "A rent credit of %(amount)s on %(target)s exceeds what it can take "
                    "(%(limit)s: cap per invoice %(cap)s, already credited %(already)s, "
                    "amount due %(room)s). Redeem at most %(max_points)s point(s).",
                    amount=money(amount),
                    target=target,
                    limit=money(max(limit, 0.0)),
                    cap=money(cap) if cap else "-",
                    already=money(already),
                    room=money(room),
                    max_points=max_points,
                )
            )

    def _prepare_entry_vals(self):
        self.ensure_one()
        vals = {
            "partner_id": self.partner_id.id,
            "date": fields.Date.context_today(self),
            "points": -self.points,
            "entry_type": "redeem",
            "company_id": self.company_id.id,
            "description": self.description,
        }
        # A text typed by the user stays as typed; the default ones read in every language.
        Entry = self.env["apartment.loyalty.entry"]
        if self.redeem_type == "rent_credit":
            vals["credit_amount"] = self.credit_amount
            if self.env.context.get("loyalty_portal_redeem") and not self.description:
                vals["description"] = Entry._in_every_lang(
                    lambda env: env._("Redeemed by the tenant on the portal")
                )
            else:
                vals["description"] = self.description or Entry._in_every_lang(
                    lambda env: env._("Rent credit")
                )
        else:
            vals["product_id"] = self.product_id.id
            vals["res_model"] = "product.product"
            vals["res_id"] = self.product_id.id
            vals["description"] = self.description or Entry._in_every_lang(
                lambda env: self.product_id.with_env(env).display_name
            )
        return vals

    def action_redeem(self):
        """Button Redeem: post the redemption and open its entry (an action, never a recordset:
        XML-RPC callers cannot receive one)."""
        entry = self._redeem()
        return {
            "type": "ir.actions.act_window",
            "res_model": "apartment.loyalty.entry",
            "res_id": entry.id,
            "view_mode": "form",
        }

    def _check_redeem(self):
        """Every check of the redemption, nothing posted (the portal's confirm step runs them
        before it asks); returns the invoice to credit."""
        self.ensure_one()
        self._check_points()
        invoice = self.sudo().invoice_id
        if self.redeem_type == "rent_credit":
            self._check_invoice_to_credit(invoice)
            self._check_rent_credit(invoice)
        elif not self.product_id:
            raise UserError(
                self.env._(
                    "Choose the service %(tenant)s redeems the points for.",
                    tenant=self.partner_id.display_name,
                )
            )
        return invoice

    def _redeem(self):
        """Post the redemption (and its rent credit or delivery activity); returns the entry."""
        self.ensure_one()
        invoice = self._check_redeem()
        entry = self.env["apartment.loyalty.entry"]._post_entries([self._prepare_entry_vals()])
        if self.redeem_type == "rent_credit" and invoice:
            entry.sudo()._apply_rent_credit(invoice)
        elif self.redeem_type == "service":
            self._schedule_delivery(entry)
        return entry

    def _schedule_delivery(self, entry):
        """An activity for the tenant's housekeeper to deliver the redeemed service."""
        user = self.partner_id.housekeeper_id or self.env.user
        self.partner_id.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._(
                "Deliver %(service)s (loyalty redemption)", service=self.product_id.display_name
            ),
            note=self.env._(
                "%(tenant)s redeemed %(points)s point(s) for %(service)s (%(entry)s).",
                tenant=self.partner_id.display_name,
                points=entry._format_points(self.points),
                service=self.product_id.display_name,
                entry=entry.reference,
            ),
            user_id=user.id,
        )

    def action_redeem_and_view(self):
        return self.action_redeem()
