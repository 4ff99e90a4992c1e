# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class ApartmentLease(models.Model):
    _inherit = "apartment.lease"

    renewal_ids = fields.One2many("apartment.lease.renewal", "lease_id", string="Renewals")
    renewal_count = fields.Integer(compute="_compute_renewal_count")
    renewal_id = fields.Many2one(
        "apartment.lease.renewal",
        string="Created by Renewal",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The accepted renewal offer this lease comes from.",
    )
    predecessor_lease_id = fields.Many2one(
        "apartment.lease",
        string="Previous Lease",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    successor_lease_id = fields.Many2one(
        "apartment.lease",
        string="Next Lease",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    returning_perk_id = fields.Many2one(
        "apartment.returning.perk", readonly=True, copy=False, index="btree_not_null"
    )
    first_month_discount_percent = fields.Float(
        string="First-Month Discount (%)",
        digits=(5, 2),
        copy=False,
        help="Discount on the first month's rent (returning-tenant perk); rent invoicing "
        "deducts it from the first rent invoice of the lease, once.",
    )

    _sql_constraints = [
        (
            "first_month_discount_range",
            "CHECK(first_month_discount_percent IS NULL OR "
            "(first_month_discount_percent >= 0 AND first_month_discount_percent <= 100))",
            "The first-month discount of a lease must be between 0 and 100 %.",
        ),
    ]

    def _compute_renewal_count(self):
        groups = self.env["apartment.lease.renewal"]._read_group(
            [("lease_id", "in", self.ids)], ["lease_id"], ["__count"]
        )
        counts = {lease.id: count for lease, count in groups}
        for lease in self:
            lease.renewal_count = counts.get(lease.id, 0)

    def _get_workflow_fields(self):
        # The renewal links are set by the renewal's accept and the returning-tenant perk.
        return super()._get_workflow_fields() + [
            "renewal_id",
            "predecessor_lease_id",
            "successor_lease_id",
            "returning_perk_id",
        ]

    @api.model_create_multi
    def create(self, vals_list):
        leases = super().create(vals_list)
        # A new tenancy (not a renewal) of a former tenant gets their returning-tenant perk.
        new_tenancies = leases.filtered(
            lambda lease: not lease.renewal_id and not lease.predecessor_lease_id
        )
        self.env["apartment.returning.perk"]._apply_to_new_leases(new_tenancies)
        return leases

    def _on_ended(self):
        """Move-out: a tenant who declined the renewal gets the deposit settled."""
        res = super()._on_ended()
        self.filtered(
            lambda lease: "declined" in lease.renewal_ids.mapped("state")
        )._renewal_settle_deposit()
        return res

    def _renewal_settle_deposit(self):
        """Settle the deposit of leases whose tenant declined the renewal and moved out.

        Calls the rent capability's ``_action_settle_deposit()`` (no deductions: after the
        move-out inspection the staff cancel the credit note and settle again with deductions
        when needed). A lease without a deposit invoice, or already settled, gets a note instead
        of an error, so the move-out itself never fails on it.
        """
        for lease in self:
            deposit = lease.deposit_move_id
            refund = lease.deposit_refund_move_id
            if refund and refund.state != "cancel":
                continue
            if deposit.state != "posted":
                lease.message_post(
                    body=self.env._(
                        "Move-out: lease %(lease)s has no deposit invoice; settle the deposit "
                        "by hand if one was paid.",
                        lease=lease.name,
                    )
                )
                continue
            lease._action_settle_deposit()
        return True

    def action_view_renewals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm_renewal.apartment_lease_renewal_action"
        )
        action["domain"] = [("lease_id", "=", self.id)]
        action["context"] = {"default_lease_id": self.id}
        return action

    def action_open_renewal(self):
        """Open the renewal now (before the cron would), e.g. on the tenant's request."""
        self.ensure_one()
        Renewal = self.env["apartment.lease.renewal"]
        renewal = Renewal._get_open_renewals_by_lease(self).get(self.id)
        if not renewal:
            if self.state != "active" or self.successor_lease_id:
                raise UserError(
                    self.env._(
                        "Lease %(lease)s cannot be renewed: only active leases without a next "
                        "lease can.",
                        lease=self.name,
                    )
                )
            upgrades = self.env["apartment.lease.renewal.option"]._find_upgrade_units(self)
            renewal = Renewal.create(
                Renewal._prepare_renewal_vals(
                    self, fields.Date.context_today(self), upgrades.get(self.id)
                )
            )
            renewal._schedule_housekeeper_activity()
        return {
            "type": "ir.actions.act_window",
            "res_model": "apartment.lease.renewal",
            "res_id": renewal.id,
            "view_mode": "form",
        }

    def _prepare_first_month_discount_line_vals(self, period):
        """The returning-tenant perk: a discount on the first month's rent, on the invoice of
        the lease's first period only (one invoice per period, so it is given once)."""
        self.ensure_one()
        start = period[0]
        if not self.first_month_discount_percent or start > self.date_start:
            return {}
        first_month = min(self.rent_amount, self._get_rent_period_amount(period))
        amount = self.currency_id.round(first_month * self.first_month_discount_percent / 100)
        if not amount:
            return {}
        # Formatted outside self.env._(): Babel cannot extract a call holding an f-string.
        percent = f"{self.first_month_discount_percent:g}"
        return {
            "product_id": self.company_id.rent_product_id.id,
            "name": self.env._(
                "Returning-tenant discount: %(percent)s%% off the first month",
                percent=percent,
            ),
            "quantity": 1.0,
            "price_unit": -amount,
            "analytic_distribution": self._get_rent_analytic_distribution(),
        }

    def _prepare_rent_invoice_vals(self, period):
        vals = super()._prepare_rent_invoice_vals(period)
        discount_line = self._prepare_first_month_discount_line_vals(period)
        if discount_line:
            vals["invoice_line_ids"].append(Command.create(discount_line))
        return vals
