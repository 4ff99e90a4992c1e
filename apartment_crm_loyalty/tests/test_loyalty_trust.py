# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltyTrust(LoyaltyCommon):
    """Attacks on the points: forged balances, other tenants' invoices, RPC return values."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._earn(cls.tenant, 1000, date(2026, 1, 1))
        cls.user_cashier = mail_new_test_user(
            cls.env,
            login="apt_cashier",
            name="Cathy Cashier",
            groups="base.group_user,apartment_crm.group_apartment_user,"
            "account.group_account_invoice",
        )

    def _forge_balance(self, partner, balance):
        """What a stale or forged stored balance looks like to the wizards."""
        self.env.cr.execute(
            SQL("UPDATE res_partner SET loyalty_balance = %s WHERE id = %s", balance, partner.id)
        )
        partner.invalidate_recordset(["loyalty_balance"])

    def test_housekeeper_cannot_write_balance(self):
        with self.assertRaisesRegex(AccessError, "Points"):
            self.tenant.with_user(self.user_housekeeper).write({"loyalty_balance": 999999})
        with self.assertRaisesRegex(AccessError, "Points"):
            self.env["res.partner"].with_user(self.user_housekeeper).create(
                {"name": "Forger", "loyalty_balance": 999999}
            )
        # Nor through the wizard's related field (read-only: refused, not written through).
        wizard = (
            self.env["apartment.loyalty.redeem"]
            .with_user(self.user_housekeeper)
            .create({"partner_id": self.tenant.id, "points": 10, "redeem_type": "rent_credit"})
        )
        with self.assertRaisesRegex(UserError, "computed by the application"):
            wizard.write({"balance": 999999})
        self.tenant.invalidate_recordset(["loyalty_balance"])
        self.assertEqual(self.tenant.loyalty_balance, 1000)

    def test_redeem_more_than_ledger_with_forged_balance(self):
        self._forge_balance(self.tenant, 999999)
        wizard = (
            self.env["apartment.loyalty.redeem"]
            .with_user(self.user_housekeeper)
            .create(
                {
                    "partner_id": self.tenant.id,
                    "points": 5000,
                    "redeem_type": "service",
                    "product_id": self.env.ref(
                        "apartment_crm_loyalty.product_loyalty_rent_credit"
                    ).id,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "has 1000 point"):
            wizard.action_redeem()
        self.assertEqual(self._sum(self.tenant), 1000)

    def test_adjust_more_than_ledger_with_forged_balance(self):
        self._forge_balance(self.tenant, 999999)
        wizard = (
            self.env["apartment.loyalty.adjust"]
            .with_user(self.user_manager)
            .create({"partner_id": self.tenant.id, "points": -5000, "reason": "Take them back"})
        )
        with self.assertRaisesRegex(UserError, "cannot take 5000"):
            wizard.action_apply()
        self.assertEqual(self._sum(self.tenant), 1000)

    def _redeem_on(self, invoice):
        wizard = (
            self.env["apartment.loyalty.redeem"]
            .with_user(self.user_cashier)
            .create({"partner_id": self.tenant.id, "points": 100, "redeem_type": "rent_credit"})
        )
        wizard.write({"invoice_id": invoice.id})  # what an RPC caller sends
        return wizard.action_redeem()

    def test_rent_credit_on_other_tenant_invoice(self):
        other = self._invoice(partner=self.tenant_2)
        with self.assertRaisesRegex(UserError, "open .* rent invoice of Zhang Wei") as error:
            self._redeem_on(other)
        self.assertNotIn(other.name, str(error.exception), "the other invoice stays unnamed")
        self.assertEqual(self._sum(self.tenant), 1000)
        self.assertFalse(self.Entry.search([("credit_move_id", "=", other.id)]))
        self.assertEqual(other.amount_residual, 4000)

    def test_rent_credit_on_cancelled_or_paid_invoice(self):
        cancelled = self._invoice()
        cancelled.button_draft()
        cancelled.button_cancel()
        with self.assertRaisesRegex(UserError, "open"):
            self._redeem_on(cancelled)
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.tenant.id,
                "invoice_date": date(2026, 3, 1),
                "invoice_line_ids": [
                    Command.create({"name": "Repair", "quantity": 1, "price_unit": 100})
                ],
            }
        )
        with self.assertRaisesRegex(UserError, "open"):
            self._redeem_on(bill)
        self.assertEqual(self._sum(self.tenant), 1000)

    def test_rent_credit_on_own_invoice_still_works(self):
        invoice = self._invoice()
        result = self._redeem_on(invoice)
        self.assertEqual(result["res_model"], "apartment.loyalty.entry")
        self.assertEqual(self._sum(self.tenant), 900)

    def test_actions_return_no_recordset(self):
        """XML-RPC cannot marshal a recordset: the fault came after the commit."""
        redeem = (
            self.env["apartment.loyalty.redeem"]
            .with_user(self.user_housekeeper)
            .create(
                {
                    "partner_id": self.tenant.id,
                    "points": 10,
                    "redeem_type": "service",
                    "product_id": self.env.ref(
                        "apartment_crm_loyalty.product_loyalty_rent_credit"
                    ).id,
                }
            )
        )
        result = redeem.action_redeem()
        self.assertIsInstance(result, dict)
        adjust = (
            self.env["apartment.loyalty.adjust"]
            .with_user(self.user_manager)
            .create({"partner_id": self.tenant.id, "points": 5, "reason": "Goodwill"})
        )
        self.assertIs(adjust.action_apply(), True)
        self.assertEqual(self._sum(self.tenant), 995)
