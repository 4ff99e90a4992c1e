# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ApartmentTenantTier(models.Model):
    """A value tier of tenants (流动 / 潜力 / 核心 / VIP) and the benefits it grants.

    The benefits are read by the other capabilities: renewal offers (rent discount, lead time),
    the points ledger (multiplier) and SLA targets (factor).
    """

    _name = "apartment.tenant.tier"
    _description = "Tenant Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(
        default=10, help="Rank of the tier: higher sequence means a higher tier."
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    description = fields.Text(translate=True)
    # Benefits
    rent_discount_percent = fields.Float(
        string="Renewal Discount (%)",
        digits=(5, 2),
        help="Discount on the rent offered in renewal offers.",
    )
    points_multiplier = fields.Float(
        default=1.0,
        digits=(5, 2),
        help="Points earned by tenants of this tier are multiplied by this factor.",
    )
    sla_factor = fields.Float(
        string="SLA Factor",
        default=1.0,
        digits=(5, 2),
        help="Service-level targets are multiplied by this factor (0.5 = twice as fast).",
    )
    renewal_lead_days = fields.Integer(
        default=90, help="How many days before a lease ends its renewal opens."
    )
    partner_ids = fields.One2many("res.partner", "tenant_tier_id", string="Tenants")
    # Criteria (each optional: zero means "not required"). A tenant reaches the best tier whose
    # criteria all pass; see res.partner._evaluate_tenant_tiers().
    min_tenure_months = fields.Integer(
        string="Minimum Tenure (months)",
        help="Whole months leased with the operator (signed leases, up to the evaluation date).",
    )
    min_on_time_rate = fields.Float(
        string="Minimum On-time Payment Rate (%)",
        digits=(5, 2),
        help="Share of the rent invoices of the last 12 months paid by their due date.",
    )
    min_monthly_rent = fields.Float(
        string="Minimum Monthly Rent",
        digits="Account",
        help="Monthly rent of the current lease (else of the last signed one).",
    )
    min_spend_12m = fields.Float(
        string="Minimum 12-month Spend",
        digits="Account",
        help="Amount invoiced to the tenant over the last 12 months.",
    )
    min_events_12m = fields.Integer(
        string="Minimum Events Attended (12 months)",
        help="Community events attended over the last 12 months.",
    )
    min_loyalty_balance = fields.Float(
        string="Minimum Loyalty Balance",
        digits=(16, 2),
        help="Points balance of the tenant in the loyalty ledger.",
    )
    tenant_count = fields.Integer(compute="_compute_tenant_count")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A tier code must be unique."),
        (
            "rent_discount_percent_range",
            "CHECK(rent_discount_percent >= 0 AND rent_discount_percent <= 100)",
            "The renewal discount of a tier must be between 0 and 100 %.",
        ),
        (
            "points_multiplier_positive",
            "CHECK(points_multiplier >= 0)",
            "The points multiplier of a tier cannot be negative.",
        ),
        (
            "sla_factor_positive",
            "CHECK(sla_factor > 0)",
            "The SLA factor of a tier must be greater than zero.",
        ),
        (
            "renewal_lead_days_positive",
            "CHECK(renewal_lead_days >= 0)",
            "The renewal lead time of a tier cannot be negative.",
        ),
        (
            "criteria_positive",
            "CHECK(min_tenure_months >= 0 AND min_on_time_rate >= 0 AND min_on_time_rate <= 100"
            " AND min_monthly_rent >= 0 AND min_spend_12m >= 0 AND min_events_12m >= 0"
            " AND min_loyalty_balance >= 0)",
            "The criteria of a tier cannot be negative, and the on-time rate is at most 100 %.",
        ),
    ]

    def _compute_tenant_count(self):
        groups = self.env["res.partner"]._read_group(
            [("tenant_tier_id", "in", self.ids)], ["tenant_tier_id"], ["__count"]
        )
        counts = {tier.id: count for tier, count in groups}
        for tier in self:
            tier.tenant_count = counts.get(tier.id, 0)

    @api.model
    def _get_criteria_fields(self):
        """The criteria: [(metric name, field name of the minimum)].

        The metric names are those of res.partner._get_tier_metrics(); add a criterion by adding a
        field here and a ``_get_tier_metric_<name>`` method on res.partner.
        """
        return [
            ("tenure_months", "min_tenure_months"),
            ("on_time_rate", "min_on_time_rate"),
            ("monthly_rent", "min_monthly_rent"),
            ("spend_12m", "min_spend_12m"),
            ("events_attended_12m", "min_events_12m"),
            ("loyalty_balance", "min_loyalty_balance"),
        ]

    def _get_criteria(self):
        """This tier's criteria in use: [(metric, label, minimum)] (minimum 0 = not used)."""
        self.ensure_one()
        return [
            (metric, self._fields[fname]._description_string(self.env), self[fname])
            for metric, fname in self._get_criteria_fields()
            if self[fname]
        ]

    @api.model
    def _get_criteria_texts(self):
        """Translated templates of the reason lines, looked up once per batch."""
        return {
            "unknown": self.env._(
                "%(criterion)s %(minimum)s: not evaluated (metric not available)"
            ),
            "known": self.env._("%(criterion)s %(minimum)s: %(value)s, %(result)s"),
            "passed": self.env._("passed"),
            "failed": self.env._("failed"),
            "meets": self.env._("Meets %(tier)s:"),
            "not_reached": self.env._("Not %(tier)s:"),
            "no_criteria": self.env._("no criteria"),
            "none_met": self.env._("No tier's criteria are met."),
        }

    def _check_criteria(self, metrics, criteria=None, texts=None):
        """Check one tenant's metrics against this tier.

        :param dict metrics: {metric name: value or None (unknown)}
        :param criteria: this tier's ``_get_criteria()``, texts: ``_get_criteria_texts()``
            (given by the batch so they are computed once)
        :return: (passed, lines): passed is False when a known metric is below its minimum; an
            unknown metric is "not evaluated" and does not block. lines describe each criterion.
        """
        self.ensure_one()
        criteria = self._get_criteria() if criteria is None else criteria
        texts = texts or self._get_criteria_texts()
        fmt = self._format_criterion
        passed = True
        lines = []
        for metric, label, minimum in criteria:
            value = metrics.get(metric)
            if value is None:
                lines.append(texts["unknown"] % {"criterion": label, "minimum": fmt(minimum)})
                continue
            ok = value >= minimum
            passed = passed and ok
            lines.append(
                texts["known"]
                % {
                    "criterion": label,
                    "minimum": fmt(minimum),
                    "value": fmt(value),
                    "result": texts["passed"] if ok else texts["failed"],
                }
            )
        return passed, lines

    @api.model
    def _format_criterion(self, value):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
