# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # --- sla ---
    sla_at_risk_percent = fields.Integer(
        string="SLA At Risk (%)",
        default=80,
        help="A running SLA clock is 'at risk' once this share of its target is consumed.",
    )
    sla_followup_delay_days = fields.Integer(
        string="Follow-up Delay (days)",
        default=3,
        help="Days after a ticket closes when the follow-up visit (回访) activity is due.",
    )
    sla_low_rating_threshold = fields.Integer(
        string="Low Rating Threshold",
        default=2,
        help="A satisfaction rating at or below this value (1-5) is a low rating.",
    )
    sla_low_rating_action = fields.Selection(
        [("reopen", "Reopen the ticket"), ("flag", "Flag it for the manager")],
        string="On Low Rating",
        default="flag",
        required=True,
    )

    # --- tiers and churn ---
    tenant_tier_grace_days = fields.Integer(
        string="Tier Demotion Grace Period (days)",
        default=60,
        help="A tenant who no longer meets the criteria of their tier keeps it for this many days "
        "before being demoted (promotions are immediate).",
    )
    churn_medium_threshold = fields.Integer(
        string="Churn Risk: Medium From",
        default=30,
        help="Churn risk score (0-100) from which a tenant is at medium risk.",
    )
    churn_high_threshold = fields.Integer(
        string="Churn Risk: High From",
        default=60,
        help="Churn risk score (0-100) from which a tenant is at high risk; the housekeeper then "
        "gets an activity.",
    )

    # --- renewals ---
    renewal_send_offer_email = fields.Boolean(
        string="Email Renewal Offers",
        default=True,
        help="Email the tenant the renewal offer (with a portal link) when it opens.",
    )
    renewal_successor_state = fields.Selection(
        [("draft", "Draft"), ("active", "Active")],
        string="Successor Lease State",
        default="draft",
        required=True,
        help="State of the lease created when a tenant accepts a renewal offer.",
    )
    renewal_deadline_days = fields.Integer(
        string="Offer Deadline (days before lease end)",
        default=30,
        help="The tenant must answer this many days before the lease ends.",
    )
    renewal_min_answer_days = fields.Integer(
        string="Minimum Answer Time (days)",
        default=7,
        help="An offer opened late still leaves the tenant at least this many days.",
    )
    renewal_reminder_days = fields.Integer(
        string="Reminder (days before deadline)",
        default=7,
        help="Remind the tenant once, this many days before the offer deadline.",
    )
    returning_perk_discount_percent = fields.Float(
        string="Returning Tenant Discount (%)",
        default=10.0,
        digits=(5, 2),
        help="First-month discount granted to a tenant who moves out.",
    )
    returning_perk_validity_months = fields.Integer(
        string="Returning Tenant Perk Validity (months)",
        default=6,
        help="How long after the lease end the returning-tenant perk can be used.",
    )

    loyalty_point_value = fields.Float(
        string="Point Value",
        digits=(16, 4),
        default=0.1,
        help="Rent credit, in the company currency, given for one redeemed point.",
    )
    loyalty_credit_cap = fields.Monetary(
        string="Rent Credit Cap per Invoice",
        currency_field="currency_id",
        default=500.0,
        help="Largest loyalty rent credit on one invoice; 0 = only the invoice amount limits it.",
    )
    loyalty_expiry_warning_days = fields.Integer(
        string="Expiry Warning (days)",
        default=30,
        help="Tenants are emailed this many days before their points expire.",
    )
    loyalty_referral_both = fields.Boolean(
        string="Referral Rewards Both Tenants",
        help="When a referred lease is signed, the new tenant earns the referral points too "
        "(redeemable as rent credit), not only the referrer.",
    )
    loyalty_portal_redeem = fields.Boolean(
        string="Tenants Redeem on the Portal",
        default=True,
        help="Tenants can turn their points into a rent credit themselves on the portal.",
    )
    loyalty_credit_product_id = fields.Many2one(
        "product.product",
        string="Rent Credit Product",
        help="Product of the discount lines of loyalty rent credits.",
    )

    # --- rent ---
    rent_product_id = fields.Many2one(
        "product.product",
        help="Product of the rent invoice lines; its income account and taxes apply.",
    )
    rent_journal_id = fields.Many2one(
        "account.journal",
        domain="[('type', '=', 'sale'), ('company_id', '=', id)]",
        help="Sales journal in which rent, deposit and late-fee invoices are created.",
    )
    rent_deposit_product_id = fields.Many2one(
        "product.product",
        string="Deposit Product",
        help="Product of the deposit invoice lines. Give it a liability income account "
        "(e.g. 'Tenant deposits received'): a deposit is owed back, it is not revenue.",
    )
    rent_billing_day = fields.Integer(
        string="Billing Day",
        default=1,
        help="Day of the month (1-28) on which rent periods start and are invoiced in advance.",
    )
    rent_auto_post = fields.Boolean(
        string="Post Rent Invoices",
        default=True,
        help="Post the generated rent invoices at once; otherwise they stay in draft.",
    )
    rent_late_fee_type = fields.Selection(
        [("none", "No late fee"), ("percent", "Percent per day"), ("fixed", "Fixed per day")],
        string="Late Fee",
        default="none",
        required=True,
    )
    rent_late_fee_rate = fields.Float(
        string="Late Fee Rate",
        digits=(16, 4),
        help="Percent of the overdue amount per day, or a fixed amount per day.",
    )
    rent_late_fee_cap = fields.Float(
        string="Late Fee Cap",
        help="Maximum late fee per invoice, in the company currency (0 = no cap).",
    )
    rent_late_fee_grace_days = fields.Integer(
        string="Late Fee Grace Days",
        default=0,
        help="Days after the due date before a late fee accrues.",
    )
    rent_late_fee_product_id = fields.Many2one(
        "product.product",
        string="Late Fee Product",
        help="Product of late-fee invoice lines (defaults to the rent product).",
    )

    _sql_constraints = [
        (
            "rent_billing_day_range",
            "CHECK(rent_billing_day IS NULL OR (rent_billing_day >= 1 AND rent_billing_day <= 28))",
            "The rent billing day must be between 1 and 28.",
        ),
        (
            "loyalty_point_value_positive",
            "CHECK(loyalty_point_value >= 0)",
            "The value of a loyalty point cannot be negative.",
        ),
        (
            "loyalty_credit_cap_positive",
            "CHECK(loyalty_credit_cap >= 0)",
            "The loyalty rent credit cap cannot be negative.",
        ),
        (
            "sla_settings_range",
            "CHECK(sla_at_risk_percent > 0 AND sla_at_risk_percent <= 100 "
            "AND sla_followup_delay_days >= 0 "
            "AND sla_low_rating_threshold >= 0 AND sla_low_rating_threshold <= 5)",
            "SLA settings: the at-risk share is 1-100 %, the follow-up delay is not negative "
            "and the low-rating threshold is 0-5.",
        ),
    ]

    @api.constrains("tenant_tier_grace_days", "churn_medium_threshold", "churn_high_threshold")
    def _check_tier_churn_settings(self):
        for company in self:
            if company.tenant_tier_grace_days < 0:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the tier demotion grace period cannot be negative; "
                        "enter 0 to demote at once.",
                        company=company.name,
                    )
                )
            if not (0 < company.churn_medium_threshold < company.churn_high_threshold <= 100):
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the churn risk thresholds must satisfy "
                        "0 < medium (%(medium)s) < high (%(high)s) <= 100.",
                        company=company.name,
                        medium=company.churn_medium_threshold,
                        high=company.churn_high_threshold,
                    )
                )

    @api.constrains("rent_billing_day")
    def _check_rent_billing_day(self):
        for company in self:
            if not 1 <= company.rent_billing_day <= 28:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the rent billing day %(day)s is out of range; "
                        "choose a day between 1 and 28 so it exists in every month.",
                        company=company.name,
                        day=company.rent_billing_day,
                    )
                )

    @api.constrains("rent_late_fee_rate", "rent_late_fee_cap", "rent_late_fee_grace_days")
    def _check_rent_late_fee(self):
        for company in self:
            if (
                company.rent_late_fee_rate < 0
                or company.rent_late_fee_cap < 0
                or company.rent_late_fee_grace_days < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the late fee rate, cap and grace days cannot be "
                        "negative.",
                        company=company.name,
                    )
                )

    @api.constrains("rent_journal_id")
    def _check_rent_journal(self):
        for company in self:
            journal = company.rent_journal_id
            if journal and (journal.type != "sale" or journal.company_id != company):
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the rent journal %(journal)s must be a sales "
                        "journal of this company.",
                        company=company.name,
                        journal=journal.display_name,
                    )
                )
