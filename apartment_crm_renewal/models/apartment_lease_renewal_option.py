# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .apartment_lease_renewal import DEFAULT_TERMS

# The longest renewal term an option may offer (ten years).
MAX_TERM_MONTHS = 120
UPGRADE_TERM = 12
# The size order of unit types: an upgrade is a unit of a larger type (or more bedrooms).
UNIT_TYPE_RANK = {
    "room": 0,
    "studio": 1,
    "one_bedroom": 2,
    "loft": 2,
    "two_bedroom": 3,
    "three_bedroom": 4,
}


class ApartmentLeaseRenewalOption(models.Model):
    """One choice of a renewal offer: a term, a unit and a price with its incentives."""

    _name = "apartment.lease.renewal.option"
    _description = "Lease Renewal Option"
    _check_company_auto = True
    _order = "renewal_id, sequence, id"

    renewal_id = fields.Many2one(
        "apartment.lease.renewal", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    lease_id = fields.Many2one(related="renewal_id.lease_id")
    company_id = fields.Many2one(related="renewal_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="renewal_id.currency_id")
    term_months = fields.Integer(string="Term (months)", required=True, default=12)
    unit_id = fields.Many2one(
        "apartment.unit", required=True, ondelete="restrict", check_company=True
    )
    kind = fields.Selection(
        [("same", "Same unit"), ("upgrade", "Upgrade"), ("swap", "Swap")],
        compute="_compute_kind",
        store=True,
        help="Same unit; upgrade to a larger unit (more area or bedrooms); swap to another "
        "unit of the same size (以租换租).",
    )
    date_start = fields.Date(compute="_compute_dates", store=True)
    date_end = fields.Date(compute="_compute_dates", store=True)
    base_rent = fields.Monetary(
        compute="_compute_base_rent",
        store=True,
        readonly=False,
        precompute=True,
        help="The current rent for the same unit, the unit's list rent for another unit.",
    )
    discount_percent = fields.Float(
        string="Tier Discount (%)",
        digits=(5, 2),
        compute="_compute_discount_percent",
        store=True,
        readonly=False,
        precompute=True,
    )
    term_adjust_percent = fields.Float(
        string="Term Adjustment (%)",
        digits=(5, 2),
        compute="_compute_term_adjust_percent",
        store=True,
        readonly=False,
        precompute=True,
        help="Premium (positive) of a short term or discount (negative) of a long term on the "
        "base rent, from the company's renewal settings.",
    )
    price_monthly = fields.Monetary(
        string="Monthly Price", compute="_compute_price_monthly", store=True
    )
    rent_amount = fields.Monetary(
        related="price_monthly",
        string="Monthly Rent",
        help="The monthly rent of the renewed lease with this option (the name the lease uses; "
        "price_monthly is kept for existing databases and reports).",
    )
    bonus_points = fields.Integer(
        help="Loyalty points granted when this option is accepted; set by managers only, up to "
        "the company's maximum (Renewals tab of the company).",
    )
    free_services = fields.Text(help="Free services offered with this option, e.g. cleaning.")
    service_product_ids = fields.Many2many(
        "product.product", string="Free Service Products", help="Services offered free."
    )
    label = fields.Char(compute="_compute_label")
    is_accepted = fields.Boolean(compute="_compute_is_accepted")

    _sql_constraints = [
        (
            "term_positive",
            f"CHECK(term_months > 0 AND term_months <= {MAX_TERM_MONTHS})",
            "The term of a renewal option must be between 1 and 120 months.",
        ),
        (
            "discount_range",
            "CHECK(discount_percent >= 0 AND discount_percent <= 100)",
            "The discount of a renewal option must be between 0 and 100 %.",
        ),
        ("base_rent_positive", "CHECK(base_rent >= 0)", "The rent cannot be negative."),
        (
            "bonus_points_positive",
            "CHECK(bonus_points >= 0)",
            "The bonus points of a renewal option cannot be negative.",
        ),
        (
            "term_adjust_range",
            "CHECK(term_adjust_percent > -100 AND term_adjust_percent <= 100)",
            "The term adjustment of a renewal option must be between -100 and 100 %.",
        ),
    ]

    @api.depends("unit_id", "renewal_id.lease_id.unit_id")
    def _compute_kind(self):
        for option in self:
            current = option.renewal_id.lease_id.unit_id
            if not option.unit_id or option.unit_id == current:
                option.kind = "same"
            elif option._is_larger(option.unit_id, current):
                option.kind = "upgrade"
            else:
                option.kind = "swap"

    @api.depends("term_months", "renewal_id.lease_id.date_end")
    def _compute_dates(self):
        for option in self:
            end = option.renewal_id.lease_id.date_end
            # Out of bounds, no dates: the term's CHECK constraint then names the bounds.
            if end and 0 < option.term_months <= MAX_TERM_MONTHS:
                option.date_start = end + timedelta(days=1)
                option.date_end = option.date_start + relativedelta(
                    months=option.term_months, days=-1
                )
            else:
                option.date_start = option.date_end = False

    @api.depends("unit_id")
    def _compute_base_rent(self):
        for option in self:
            lease = option.renewal_id.lease_id
            option.base_rent = (
                lease.rent_amount if option.unit_id == lease.unit_id else option.unit_id.list_rent
            )

    @api.depends("renewal_id.lease_id")
    def _compute_discount_percent(self):
        for option in self:
            option.discount_percent = option._get_tier(
                option.renewal_id.lease_id.partner_id
            ).rent_discount_percent

    @api.depends("term_months", "renewal_id.company_id")
    def _compute_term_adjust_percent(self):
        for option in self:
            option.term_adjust_percent = option._get_term_adjust_percent(
                option.term_months, option.renewal_id.company_id or self.env.company
            )

    @api.depends("base_rent", "term_adjust_percent", "discount_percent", "currency_id")
    def _compute_price_monthly(self):
        for option in self:
            price = (
                option.base_rent
                * (1 + (option.term_adjust_percent or 0.0) / 100.0)
                * (1 - (option.discount_percent or 0.0) / 100.0)
            )
            currency = option.currency_id or self.env.company.currency_id
            option.price_monthly = currency.round(price)

    @api.depends("term_months", "unit_id", "kind", "price_monthly")
    def _compute_label(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for option in self:
            option.label = self.env._(
                "%(months)s months · %(unit)s · %(kind)s",
                months=option.term_months,
                unit=option.unit_id.display_name or "",
                kind=kinds.get(option.kind, ""),
            )

    def _compute_is_accepted(self):
        for option in self:
            option.is_accepted = option.renewal_id.accepted_option_id == option

    @api.model
    def _get_tier(self, partner):
        return partner.commercial_partner_id.tenant_tier_id or partner.tenant_tier_id

    @api.model
    def _get_term_adjust_percent(self, term_months, company):
        """The premium (> 0) or discount (< 0) of a term: 12 months is the reference price."""
        if term_months < 12:
            return company.renewal_short_term_premium_percent
        if term_months > 12:
            return -company.renewal_long_term_discount_percent
        return 0.0

    @api.model
    def _is_larger(self, unit, reference):
        """A larger unit: more bedrooms, or a larger type that is not smaller in area.

        A unit of the same type is a swap even with a few more square metres."""
        if (unit.bedrooms or 0) > (reference.bedrooms or 0):
            return True
        rank, reference_rank = (UNIT_TYPE_RANK.get(u.unit_type, 0) for u in (unit, reference))
        return rank > reference_rank and (unit.area or 0) >= (reference.area or 0)

    # ------------------------------------------------------------------------------------------
    # Default options
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_default_terms(self, lease):
        return DEFAULT_TERMS

    @api.model
    def _prepare_default_options(self, lease, upgrade_unit=None):
        """Values of the default options: same unit 12, 6, 24 months, then an upgrade."""
        options = [
            {"sequence": index, "term_months": term, "unit_id": lease.unit_id.id}
            for index, term in enumerate(self._get_default_terms(lease), start=1)
        ]
        if upgrade_unit:
            options.append(
                {
                    "sequence": len(options) + 1,
                    "term_months": UPGRADE_TERM,
                    "unit_id": upgrade_unit.id,
                }
            )
        tier = self._get_tier(lease.partner_id)
        for vals in options:
            vals.update(self._get_tier_incentive_vals(tier, lease, vals))
        return options

    @api.model
    def _get_tier_incentive_vals(self, tier, lease, vals):
        """Extra values of a default option from the tier's renewal strategy.

        Core and VIP tenants (renewal value plan): extended cleaning with a renewal of a year or
        more, and a free move with the upgrade (at the larger unit's own list rent). Potential
        tenants: an upgrade coupon as bonus points on the upgrade. Transient tenants: the
        tier's rent discount (applied to every option by ``discount_percent``). Override to
        change the plan.
        """
        is_upgrade = vals["unit_id"] != lease.unit_id.id
        code = tier.code
        if code in ("core", "vip"):
            if is_upgrade:
                return {
                    "free_services": self.env._(
                        "Free move: we move your belongings to the larger unit"
                    )
                }
            if vals["term_months"] >= 12:
                return {"free_services": self.env._("Extended cleaning: one deep clean a quarter")}
        if code == "potential" and is_upgrade:
            return {"bonus_points": 500}
        return {}

    @api.model
    def _get_upgrade_candidate_units(self, leases):
        """The units of the leases' properties that may be offered as upgrades, cheapest first.

        The current tenant of a unit has priority: units of the batch's leases and of leases
        with an open renewal are not offered to others."""
        in_renewal = (
            self.env["apartment.lease.renewal"]
            .sudo()
            ._search([("state", "in", ("draft", "offered"))])
        )
        return (
            self.env["apartment.unit"]
            .sudo()
            .search(
                [
                    ("property_id", "in", leases.property_id.ids),
                    ("under_maintenance", "=", False),
                    ("id", "not in", leases.unit_id.ids),
                    ("id", "not in", in_renewal.subselect("unit_id")),
                ],
                order="list_rent, area, id",
            )
        )

    # Long on purpose: one batch pass; its busy map books each unit once.
    @api.model
    def _find_upgrade_units(self, leases):
        """{lease_id: unit} of the cheapest larger unit of the same property that is free for
        the whole new term (UPGRADE_TERM months from the day after the lease end).

        A fixed number of queries for the whole batch (candidate units, their live leases),
        nothing per lease.
        """
        if not leases:
            return {}
        candidates = self._get_upgrade_candidate_units(leases)
        if not candidates:
            return {}
        first_start = min(leases.mapped("date_end")) + timedelta(days=1)
        busy = defaultdict(list)
        others = (
            self.env["apartment.lease"]
            .sudo()
            .search(
                [
                    ("unit_id", "in", candidates.ids),
                    ("state", "in", ("draft", "active")),
                    ("date_end", ">=", first_start),
                ]
            )
        )
        for other in others:
            busy[other.unit_id.id].append((other.date_start, other.date_end))
        by_property = defaultdict(list)
        for unit in candidates:
            by_property[unit.property_id.id].append(unit)
        result = {}
        for lease in leases:
            start = lease.date_end + timedelta(days=1)
            end = start + relativedelta(months=UPGRADE_TERM, days=-1)
            for unit in by_property[lease.property_id.id]:
                if not self._is_larger(unit, lease.unit_id):
                    continue
                if any(s <= end and e >= start for s, e in busy[unit.id]):
                    continue
                result[lease.id] = unit
                # Two leases of one batch must not both be offered the same unit.
                busy[unit.id].append((start, end))
                break
        return result

    @api.constrains("bonus_points")
    def _check_bonus_points(self):
        for option in self:
            company = option.company_id or option.renewal_id.company_id or self.env.company
            cap = company.renewal_max_bonus_points
            if option.bonus_points < 0 or option.bonus_points > cap:
                raise ValidationError(
                    self.env._(
                        "Bonus Points of a renewal option must be between 0 and %(cap)s (the "
                        "maximum of %(company)s, Renewals tab of the company); %(points)s "
                        "given.",
                        cap=cap,
                        company=company.name,
                        points=option.bonus_points,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("bonus_points") for vals in vals_list):
            self._check_bonus_points_manager()
        return super().create(vals_list)

    def write(self, vals):
        if "bonus_points" in vals:
            self._check_bonus_points_manager()
        return super().write(vals)

    def _check_bonus_points_manager(self):
        """Bonus points leave the ledger's rules: managers only (the renewal cron runs as
        superuser)."""
        if self.env.su or self.env.user.has_group("apartment_crm.group_apartment_manager"):
            return
        raise AccessError(
            self.env._(
                "Only apartment managers can set the Bonus Points of a renewal option; ask a "
                "manager."
            )
        )

    def action_accept(self):
        """Staff button: accept this option for the tenant."""
        self.ensure_one()
        successor = self.renewal_id._accept_option(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "apartment.lease",
            "res_id": successor.id,
            "view_mode": "form",
        }
