# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


class ApartmentLease(models.Model):
    """A tenant's lease (租约) of one unit for a period."""

    _name = "apartment.lease"
    _description = "Apartment Lease"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Tenant",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    unit_id = fields.Many2one(
        "apartment.unit",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    property_id = fields.Many2one(
        related="unit_id.property_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        tracking=True,
    )
    date_start = fields.Date(string="Start Date", required=True, index=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, index=True, tracking=True)
    duration_months = fields.Integer(
        compute="_compute_duration_months",
        store=True,
        help="Length of the lease in whole months.",
    )
    rent_amount = fields.Monetary(
        string="Monthly Rent",
        required=True,
        tracking=True,
        compute="_compute_rent_amount",
        store=True,
        readonly=False,
        precompute=True,
    )
    deposit_amount = fields.Monetary(string="Deposit", tracking=True)
    billing_period = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly")],
        required=True,
        default="monthly",
        tracking=True,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("ended", "Ended"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Housekeeper",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
        help="The tenant's housekeeper (管家): their account manager at the operator.",
    )
    note = fields.Html(string="Terms and Notes")

    _sql_constraints = [
        (
            "date_check",
            "CHECK(date_end > date_start)",
            "The end date of a lease must be after its start date.",
        ),
        (
            "rent_amount_positive",
            "CHECK(rent_amount >= 0)",
            "The rent of a lease cannot be negative.",
        ),
        (
            "deposit_amount_positive",
            "CHECK(deposit_amount >= 0)",
            "The deposit of a lease cannot be negative.",
        ),
        # The database itself refuses two live leases of one unit over overlapping dates,
        # also when two users confirm at the same time (needs the btree_gist extension).
        (
            "unit_no_overlap",
            "EXCLUDE USING gist (unit_id WITH =, daterange(date_start, date_end, '[]') WITH &&)"
            " WHERE (state IN ('draft', 'active'))",
            "This unit already has a draft or active lease overlapping these dates: "
            "end or cancel that lease, or choose other dates or another unit.",
        ),
    ]

    def _auto_init(self):
        # The exclusion constraint mixes a scalar (=) and a range (&&) in one GiST index.
        self.env.cr.execute(SQL("CREATE EXTENSION IF NOT EXISTS btree_gist"))
        return super()._auto_init()

    @api.depends("date_start", "date_end")
    def _compute_duration_months(self):
        for lease in self:
            if lease.date_start and lease.date_end and lease.date_end > lease.date_start:
                # An inclusive end on the day before the start's day-of-month is a whole month.
                end = fields.Date.add(lease.date_end, days=1)
                months = (
                    (end.year - lease.date_start.year) * 12 + end.month - lease.date_start.month
                )
                if end.day < lease.date_start.day:
                    months -= 1
                lease.duration_months = max(months, 0)
            else:
                lease.duration_months = 0

    @api.depends("unit_id")
    def _compute_rent_amount(self):
        for lease in self:
            if not lease.rent_amount and lease.unit_id:
                lease.rent_amount = lease.unit_id.list_rent
            elif not lease.rent_amount:
                lease.rent_amount = 0.0

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for lease in self:
            if lease.date_start and lease.date_end and lease.date_end <= lease.date_start:
                raise ValidationError(
                    self.env._(
                        "Lease %(lease)s: the end date (%(end)s) must be after the start date "
                        "(%(start)s).",
                        lease=lease.display_name,
                        end=lease.date_end,
                        start=lease.date_start,
                    )
                )

    @api.constrains("rent_amount", "deposit_amount")
    def _check_amounts(self):
        for lease in self:
            if lease.rent_amount < 0:
                raise ValidationError(
                    self.env._(
                        "Lease %s: the monthly rent cannot be negative.",
                        lease.display_name,
                    )
                )
            if lease.deposit_amount < 0:
                raise ValidationError(
                    self.env._("Lease %s: the deposit cannot be negative.", lease.display_name)
                )

    @api.constrains("partner_id", "company_id")
    def _check_tenant(self):
        for lease in self:
            partner = lease.partner_id
            if not partner.is_company and partner.type != "contact":
                raise ValidationError(
                    self.env._(
                        "Lease %(lease)s: the tenant %(tenant)s is an address (%(type)s), not a "
                        "person or company. Choose the tenant's contact itself.",
                        lease=lease.display_name,
                        tenant=partner.display_name,
                        type=dict(partner._fields["type"]._description_selection(self.env))[
                            partner.type
                        ],
                    )
                )
            if partner.company_id and partner.company_id != lease.company_id:
                raise ValidationError(
                    self.env._(
                        "Lease %(lease)s: the tenant %(tenant)s belongs to company %(pcompany)s, "
                        "not to the lease's company %(company)s.",
                        lease=lease.display_name,
                        tenant=partner.display_name,
                        pcompany=partner.company_id.name,
                        company=lease.company_id.name,
                    )
                )

    @api.constrains("unit_id", "company_id")
    def _check_unit_company(self):
        for lease in self:
            if lease.unit_id.company_id != lease.company_id:
                raise ValidationError(
                    self.env._(
                        "Lease %(lease)s: unit %(unit)s belongs to company %(ucompany)s, not to "
                        "the lease's company %(company)s.",
                        lease=lease.display_name,
                        unit=lease.unit_id.display_name,
                        ucompany=lease.unit_id.company_id.name,
                        company=lease.company_id.name,
                    )
                )

    @api.constrains("unit_id", "date_start", "date_end", "state")
    def _check_overlap(self):
        # Same rule as the SQL exclusion constraint, checked first for a message that names
        # the other lease; one query for the whole batch.
        live = self.filtered(lambda lease: lease.state in ("draft", "active"))
        if not live:
            return
        self.flush_model(["unit_id", "date_start", "date_end", "state"])
        self.env.cr.execute(
            SQL(
                """
                SELECT lease.id, other.id
                  FROM apartment_lease lease
                  JOIN apartment_lease other
                    ON other.unit_id = lease.unit_id
                   AND other.id != lease.id
                   AND other.state IN ('draft', 'active')
                   AND other.date_start <= lease.date_end
                   AND other.date_end >= lease.date_start
                 WHERE lease.id IN %s
                 LIMIT 1
                """,
                tuple(live.ids),
            )
        )
        row = self.env.cr.fetchone()
        if row:
            lease, other = self.browse(row[0]), self.sudo().browse(row[1])
            raise ValidationError(
                self.env._(
                    "Unit %(unit)s is already leased from %(start)s to %(end)s by "
                    "%(other)s (%(tenant)s), which overlaps lease %(lease)s. End or cancel "
                    "that lease, or choose other dates or another unit.",
                    unit=lease.unit_id.display_name,
                    start=other.date_start,
                    end=other.date_end,
                    other=other.name,
                    tenant=other.partner_id.display_name,
                    lease=lease.display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code(
                    "apartment.lease"
                ) or self.env._("New")
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        for lease in self:
            if lease.state not in ("draft", "cancelled"):
                raise UserError(
                    self.env._(
                        "Lease %s is %s and cannot be deleted: end or cancel it instead, so "
                        "its history is kept.",
                        lease.name,
                        dict(lease._fields["state"]._description_selection(self.env))[lease.state],
                    )
                )

    def _compute_access_url(self):
        super()._compute_access_url()
        for lease in self:
            lease.access_url = f"/my/leases/{lease.id}"

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------
    def _check_state(self, allowed, action_label):
        for lease in self:
            if lease.state not in allowed:
                states = dict(lease._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Cannot %(action)s lease %(lease)s: it is %(state)s; only %(allowed)s "
                        "leases can be %(action)s.",
                        action=action_label,
                        lease=lease.name,
                        state=states[lease.state],
                        allowed=" / ".join(states[s] for s in allowed),
                    )
                )

    def action_activate(self):
        """Sign the lease: draft -> active."""
        self._check_state(("draft",), self.env._("activate"))
        self.write({"state": "active"})
        self._on_activated()
        return True

    def _on_activated(self):
        """Hook for what follows a signature (deposit invoice, referral points...)."""
        return True

    def action_end(self):
        """The tenant moved out: active -> ended."""
        self._check_state(("active",), self.env._("end"))
        self.write({"state": "ended"})
        self._on_ended()
        return True

    def _on_ended(self):
        """Hook for move-out (deposit settlement, returning-tenant perk...)."""
        return True

    def action_cancel(self):
        """Withdraw a lease that should not have been (draft or active) -> cancelled."""
        self._check_state(("draft", "active"), self.env._("cancel"))
        self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        """Reopen a cancelled lease as a draft (the overlap rules apply again)."""
        self._check_state(("cancelled",), self.env._("reset to draft"))
        self.write({"state": "draft"})
        return True
