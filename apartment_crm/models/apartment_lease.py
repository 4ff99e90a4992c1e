# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import (
    OverlapGuard,
    OverlapRow,
    check_state,
    check_workflow_fields,
    is_workflow_write,
    workflow_write,
)

# Two live (draft or active) leases never hold one unit on the same day.
LEASE_OVERLAP = OverlapGuard(
    table="apartment_lease",
    resource="unit_id",
    start="date_start",
    end="date_end",
    live=SQL("other.state IN ('draft', 'active')"),
    depends=("state",),
    closed=True,
)


class ApartmentLease(models.Model):
    """A tenant's lease (租约) of one unit for a period."""

    _name = "apartment.lease"
    _description = "Apartment Lease"
    _check_company_auto = True
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
        check_company=True,
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
    referred_by_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        tracking=True,
        help="The tenant who referred this one (转介绍); rewarded by the loyalty programme.",
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

    def _check_dates_and_amounts(self, vals):
        """Refuse impossible dates and amounts before they reach the SQL checks.

        Called from create/write with the incoming values, so the user gets a message that
        names the lease and the fix rather than a bare constraint violation.
        """
        for field in ("rent_amount", "deposit_amount"):
            if (vals.get(field) or 0.0) < 0:
                raise ValidationError(
                    self.env._(
                        "%(field)s cannot be negative (%(value)s): enter zero or a positive "
                        "amount.",
                        field=self._fields[field]._description_string(self.env),
                        value=vals[field],
                    )
                )
        if "date_start" not in vals and "date_end" not in vals:
            return
        for lease in self or [self.browse()]:
            start = fields.Date.to_date(vals.get("date_start", lease.date_start))
            end = fields.Date.to_date(vals.get("date_end", lease.date_end))
            if start and end and end <= start:
                raise ValidationError(
                    self.env._(
                        "Lease %(lease)s: the end date (%(end)s) must be after the start date "
                        "(%(start)s).",
                        lease=lease.name or self.env._("New"),
                        end=end,
                        start=start,
                    )
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

    def _get_overlap_rows(self, candidates):
        """The live leases among ``candidates``, the (record or None, vals) about to be
        written, as rows of the unit overlap guard."""
        rows = []
        for index, (lease, vals) in enumerate(candidates):
            state = vals.get("state", lease.state if lease else "draft")
            unit_id = vals.get("unit_id", lease.unit_id.id if lease else False)
            start = fields.Date.to_date(vals.get("date_start", lease and lease.date_start))
            end = fields.Date.to_date(vals.get("date_end", lease and lease.date_end))
            if state in ("draft", "active") and unit_id and start and end:
                name = lease.name if lease else self.env._("New")
                rows.append(OverlapRow(index, lease or self.browse(), unit_id, start, end, name))
        return rows

    def _check_overlap(self, candidates):
        """Refuse overlapping live leases of a unit, naming the other lease when the user may
        read it (see ``LEASE_OVERLAP``)."""
        overlap = LEASE_OVERLAP.first_overlap(self, self._get_overlap_rows(candidates))
        if overlap:
            self._raise_overlap(*overlap)

    def _raise_overlap(self, row, other):
        if not other.record:
            other_label = self.env._("another lease of this batch")
        elif LEASE_OVERLAP.can_read(self, other):
            other_label = f"{other.record.name} ({other.record.partner_id.display_name})"
        else:
            # Neither the reference nor the tenant of a lease the user may not read.
            other_label = self.env._("another lease")
        raise ValidationError(
            self.env._(
                "Unit %(unit)s is already leased from %(start)s to %(end)s by %(other)s, which "
                "overlaps lease %(lease)s. End or cancel that lease, or choose other dates or "
                "another unit.",
                unit=self.env["apartment.unit"].browse(row.resource_id).sudo().display_name,
                start=other.start,
                end=other.end,
                other=other_label,
                lease=row.name,
            )
        )

    def _get_workflow_fields(self):
        """Fields only the lease's own actions write (capability addons add theirs)."""
        return ["state"]

    def _check_workflow_write(self, vals):
        check_workflow_fields(
            self,
            vals,
            self._get_workflow_fields(),
            self.env._(
                "%(fields)s of lease %(record)s cannot be written directly: use the lease's "
                "buttons (Activate, End, Cancel, Reset to Draft), which run their checks and "
                "follow-ups (such as the deposit invoice)."
            ),
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_workflow_write(self):
            for vals in vals_list:
                if vals.get("state", "draft") != "draft":
                    raise UserError(
                        self.env._(
                            "A new lease starts as a draft: create it without a state, then "
                            "use Activate to sign it."
                        )
                    )
        for vals in vals_list:
            self._check_dates_and_amounts(vals)
        self._check_overlap([(None, vals) for vals in vals_list])
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code(
                    "apartment.lease"
                ) or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_write(vals)
        self._check_dates_and_amounts(vals)
        if {"unit_id", "date_start", "date_end", "state"} & set(vals):
            self._check_overlap([(lease, vals) for lease in self])
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        for lease in self:
            if lease.state not in ("draft", "cancelled"):
                raise UserError(
                    self.env._(
                        "Lease %(lease)s is %(state)s and cannot be deleted: end or cancel it "
                        "instead, so its history is kept.",
                        lease=lease.name,
                        state=dict(lease._fields["state"]._description_selection(self.env))[
                            lease.state
                        ],
                    )
                )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for lease in self:
            lease.access_url = f"/my/leases/{lease.id}"
        return res

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------
    def _check_state(self, allowed, action_label):
        check_state(
            self,
            allowed,
            action_label,
            self.env._(
                "Cannot %(action)s lease %(record)s: it is %(state)s; only %(allowed)s leases "
                "can be %(action)s."
            ),
        )

    def action_activate(self):
        """Sign the lease: draft -> active."""
        self._check_state(("draft",), self.env._("activate"))
        workflow_write(self, {"state": "active"})
        self._on_activated()
        return True

    def _on_activated(self):
        """Hook: what follows a signature (capability addons add e.g. the deposit invoice or
        the referrer's reward, calling ``super()``)."""
        return True

    def action_end(self):
        """The tenant moved out: active -> ended."""
        self._check_state(("active",), self.env._("end"))
        workflow_write(self, {"state": "ended"})
        self._on_ended()
        return True

    def _on_ended(self):
        """Hook: what follows a move-out (e.g. the deposit settlement of the renewal addon)."""
        return True

    def action_cancel(self):
        """Withdraw a lease that should not have been (draft or active) -> cancelled."""
        self._check_state(("draft", "active"), self.env._("cancel"))
        workflow_write(self, {"state": "cancelled"})
        self._on_cancelled()
        return True

    def _on_cancelled(self):
        """Hook: what follows the withdrawal of a lease (e.g. its unpaid deposit invoice)."""
        return True

    def action_draft(self):
        """Reopen a cancelled lease as a draft (the overlap rules apply again)."""
        self._check_state(("cancelled",), self.env._("reset to draft"))
        workflow_write(self, {"state": "draft"})
        return True
