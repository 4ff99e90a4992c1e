# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import RentCommon


@tagged("post_install", "-at_install")
class TestRentVat(RentCommon):
    """The company chooses whether rent carries VAT: exempt (no tax on rent) or taxed with
    one sales tax (e.g. l10n_cn's 9 % for leasing real property); deposits never carry VAT."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The product's own taxes never decide: the company's choice does.
        cls.product_tax = cls._tax("Product tax 13%", 13)
        cls.rent_product.taxes_id = [Command.set(cls.product_tax.ids)]
        cls.vat_9 = cls._tax("VAT 9% (rent)", 9)
        cls.vat_9_included = cls._tax("VAT 9% included (rent)", 9, included=True)

    @classmethod
    def _tax(cls, name, amount, included=False):
        return cls.env["account.tax"].create(
            {
                "name": name,
                "amount": amount,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
                "price_include_override": "tax_included" if included else "tax_excluded",
            }
        )

    def _january(self, **lease_vals):
        lease = self._create_active_lease(
            date_start=date(2026, 1, 1), rent_amount=5450, **lease_vals
        )
        lease._generate_rent_invoices(date(2026, 1, 1))
        return lease, self._rent_invoices(lease)

    def test_exempt_by_default(self):
        self.assertEqual(self.company.rent_vat, "exempt")
        __, invoice = self._january()
        self.assertFalse(invoice.invoice_line_ids.tax_ids, "exempt: no tax, not the product's")
        self.assertEqual(invoice.amount_total, 5450)

    def test_taxed_rent_and_late_fee_but_not_the_deposit(self):
        self.company.write(
            {
                "rent_vat": "taxed",
                "rent_tax_id": self.vat_9.id,
                "rent_late_fee_type": "fixed",
                "rent_late_fee_rate": 10,
                "rent_late_fee_date_from": date(2026, 1, 1),
            }
        )
        lease, invoice = self._january(deposit_amount=5450)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.vat_9)
        self.assertRecordValues(
            invoice, [{"amount_untaxed": 5450, "amount_tax": 490.5, "amount_total": 5940.5}]
        )
        deposit = lease._create_deposit_invoices()
        self.assertFalse(deposit.invoice_line_ids.tax_ids, "a deposit is owed back: no VAT")
        fee = invoice._generate_rent_late_fees(date(2026, 1, 11))
        self.assertEqual(fee.invoice_line_ids.tax_ids, self.vat_9, "a late fee follows the rent")

    def test_tax_included_rent_keeps_the_quoted_rent(self):
        self.company.write({"rent_vat": "taxed", "rent_tax_id": self.vat_9_included.id})
        __, invoice = self._january()
        self.assertRecordValues(
            invoice, [{"amount_total": 5450, "amount_untaxed": 5000, "amount_tax": 450}]
        )

    def test_taxed_needs_a_sales_tax_of_the_company(self):
        with self.assertRaisesRegex(ValidationError, "VAT on Rent"):
            self.company.write({"rent_vat": "taxed", "rent_tax_id": False})
        purchase = self._tax("Purchase 9%", 9)
        purchase.type_tax_use = "purchase"
        with self.assertRaisesRegex(ValidationError, "sales tax"):
            self.company.write({"rent_vat": "taxed", "rent_tax_id": purchase.id})

    def test_lease_cannot_be_invoiced_without_its_tax(self):
        self.company.write({"rent_vat": "taxed", "rent_tax_id": self.vat_9.id})
        lease = self._create_active_lease(date_start=date(2026, 1, 1))
        self.vat_9.active = False
        self.assertIn("VAT", lease.rent_invoice_issue)
