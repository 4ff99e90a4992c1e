# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

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
    rent_vat = fields.Selection(
        [("exempt", "Exempt: no VAT on rent"), ("taxed", "Taxed")],
        string="VAT on Rent",
        default="exempt",
        required=True,
        help="Whether rent (and late fees) carry VAT. Exempt: rent lines have no tax, whatever "
        "the product says. Taxed: rent and late-fee lines carry the Rent Tax, e.g. the 9 % of "
        "a general VAT taxpayer leasing real property in China (a tax 'included in price' "
        "keeps the quoted rent as the total). Deposits never carry VAT: they are owed back.",
    )
    rent_tax_id = fields.Many2one(
        "account.tax",
        domain="[('type_tax_use', '=', 'sale'), ('company_id', '=', id)]",
        help="Sales tax on rent and late fees when rent is taxed.",
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
    rent_late_fee_date_from = fields.Date(
        string="Late Fees From",
        help="Late fees are charged only on rent due on or after this day: switching late fees "
        "on sets it to that day, so rent that fell due before (paid late or still open) is "
        "never charged retroactively. Empty: every rent invoice.",
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
    ]

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("rent_late_fee_type", "none") != "none":
                vals.setdefault("rent_late_fee_date_from", today)
        companies = super().create(vals_list)
        # The journal comes with the chart of accounts (account.chart.template._post_load_data).
        companies._apartment_rent_set_defaults()
        return companies

    def write(self, vals):
        if vals.get("rent_late_fee_type", "none") != "none" and not vals.get(
            "rent_late_fee_date_from"
        ):
            # Late fees switched on (not merely re-rated): they start today, never retroactive.
            starting = self.filtered(lambda company: company.rent_late_fee_type == "none")
            if starting:
                res = super(ResCompany, self - starting).write(vals)
                super(ResCompany, starting).write(
                    dict(vals, rent_late_fee_date_from=fields.Date.context_today(self))
                )
                return res
        return super().write(vals)

    def _apartment_rent_set_defaults(self):
        """Fill the rent settings an operator would otherwise set by hand, where empty: the
        rent and deposit products, the company's sales journal, and a deposit liability account
        on the deposit product when the chart of accounts has one. Called at install, for a new
        company and after a chart of accounts is loaded; never overwrites a choice."""
        rent = self.env.ref("apartment_crm_rent.product_rent", raise_if_not_found=False)
        deposit = self.env.ref("apartment_crm_rent.product_deposit", raise_if_not_found=False)
        for company in self.sudo():
            vals = {}
            if not company.rent_product_id and rent:
                vals["rent_product_id"] = rent.id
            if not company.rent_deposit_product_id and deposit:
                vals["rent_deposit_product_id"] = deposit.id
            if not company.rent_journal_id:
                journal = self.env["account.journal"].search(
                    [("company_id", "=", company.id), ("type", "=", "sale")],
                    order="sequence, id",
                    limit=1,
                )
                if journal:
                    vals["rent_journal_id"] = journal.id
            if vals:
                company.write(vals)
            company._apartment_rent_set_deposit_account()
        return True

    @api.model
    def _apartment_rent_enable_wire_transfer(self):
        """Tenants pay rent by bank transfer (the usual way in China): enable Odoo's wire
        transfer provider (payment_custom) at install, so the portal's "Pay now" offers it with
        the company's bank details as instructions. Left alone when it was set up already."""
        provider = self.env.ref("payment.payment_provider_transfer", raise_if_not_found=False)
        if not provider or provider.state != "disabled":
            return False
        provider = provider.sudo()
        provider.write({"state": "enabled", "is_published": True})
        provider._transfer_ensure_pending_msg_is_set()
        return True

    def _get_rent_tax_commands(self):
        """The tax_ids commands of rent and late-fee lines: the company's choice, never the
        product's own taxes (which may be a generic sales tax of the chart)."""
        self.ensure_one()
        if self.rent_vat == "taxed" and self.rent_tax_id:
            return [Command.set(self.rent_tax_id.ids)]
        return [Command.clear()]

    def _rent_demo_set_vat(self):
        """Demo data only: on a Chinese chart of accounts (l10n_cn), rent is taxed at the 9 %
        VAT of leasing real property (general VAT taxpayer), included in the quoted rent
        as Chinese rents are quoted; elsewhere the demo keeps rent exempt."""
        for company in self:
            vat_9 = self.env.ref(
                f"account.{company.id}_l10n_cn_sales_excluded_9", raise_if_not_found=False
            )
            if not vat_9 or company.rent_vat == "taxed":
                continue  # not a Chinese chart, or done already (the demo runs on update)
            included = vat_9.copy(
                {
                    "name": self.env._("9% incl. (rent)"),
                    "invoice_label": self.env._("VAT 9% incl."),
                    "price_include_override": "tax_included",
                }
            )
            company.write({"rent_vat": "taxed", "rent_tax_id": included.id})
        return True

    def _apartment_rent_set_deposit_account(self):
        """A deposit is owed back to the tenant: book it on a liability account of the chart
        (e.g. 押金 / 存入保证金 / deposits received) rather than on revenue, when there is one
        and the deposit product has no income account of its own for this company yet."""
        self.ensure_one()
        product = self.rent_deposit_product_id.with_company(self)
        if not product or product.property_account_income_id:
            return False
        account = self.env["account.account"].search(
            [
                *self.env["account.account"]._check_company_domain(self),
                ("account_type", "in", ("liability_current", "liability_non_current")),
                "|",
                "|",
                ("name", "ilike", "deposit"),
                ("name", "ilike", "押金"),
                ("name", "ilike", "保证金"),
            ],
            order="code",
            limit=1,
        )
        if account:
            product.property_account_income_id = account
        return bool(account)

    @api.model
    def _get_rent_setup_issues(self, product, deposit_product, journal):
        """What keeps rent from being invoiced with these settings, in words (empty: ready)."""
        issues = []
        if not product:
            issues.append(self.env._("no rent product"))
        if not deposit_product:
            issues.append(self.env._("no deposit product"))
        if not journal:
            issues.append(self.env._("no sales journal for rent (install a chart of accounts)"))
        return issues

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

    @api.constrains("rent_vat", "rent_tax_id")
    def _check_rent_vat(self):
        for company in self:
            tax = company.rent_tax_id
            if company.rent_vat == "taxed" and not tax:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: VAT on Rent is 'Taxed' but no Rent Tax is set. "
                        "Choose the sales tax of rent (e.g. VAT 9%%) or set rent as exempt.",
                        company=company.name,
                    )
                )
            if tax and (tax.type_tax_use != "sale" or tax.company_id != company):
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the Rent Tax %(tax)s must be a sales tax of this "
                        "company.",
                        company=company.name,
                        tax=tax.display_name,
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
