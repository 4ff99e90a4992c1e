# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command

from odoo.addons.apartment_crm.tests.common import ApartmentCommon


class RentCommon(ApartmentCommon):
    """ApartmentCommon plus rent settings on the test company (which holds a chart of
    accounts: account installs one on every database)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("account.group_account_invoice")
        cls.journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), *cls.env["account.journal"]._check_company_domain(cls.company)],
            limit=1,
        )
        cls.bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), *cls.env["account.journal"]._check_company_domain(cls.company)],
            limit=1,
        )
        cls.deposit_account = cls.env["account.account"].create(
            {
                "name": "Test Tenant Deposits",
                "code": "219991",
                "account_type": "liability_current",
                "company_ids": [Command.link(cls.company.id)],
            }
        )
        cls.rent_product, cls.deposit_product = cls.env["product.product"].create(
            [
                {"name": "Test Rent", "type": "service", "taxes_id": [Command.clear()]},
                {
                    "name": "Test Deposit",
                    "type": "service",
                    "taxes_id": [Command.clear()],
                    "property_account_income_id": cls.deposit_account.id,
                },
            ]
        )
        cls.company.write(
            {
                "rent_product_id": cls.rent_product.id,
                "rent_deposit_product_id": cls.deposit_product.id,
                "rent_journal_id": cls.journal.id,
                "rent_billing_day": 1,
                "rent_auto_post": True,
            }
        )
        cls.Move = cls.env["account.move"]

    @classmethod
    def _create_active_lease(cls, **vals):
        lease = cls._create_lease(**vals)
        lease.write({"state": "active"})  # without the activation hook (no deposit invoice)
        return lease

    def _rent_invoices(self, lease):
        return self.Move.search(
            [("lease_id", "=", lease.id), ("rent_kind", "=", "rent")], order="rent_period_start"
        )

    def _pay(self, invoices, pay_date, amount=None):
        vals = {"payment_date": pay_date, "journal_id": self.bank_journal.id}
        if amount is not None:
            vals["amount"] = amount
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(vals)
            ._create_payments()
        )


D = date
