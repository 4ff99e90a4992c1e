# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..tools import find_references, is_valid_reference, make_reference
from .common import ReconcileCommon


@tagged("post_install", "-at_install")
class TestPaymentReference(ReconcileCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._create_invoiced_lease()
        cls.lease_2 = cls._create_lease(partner_id=cls.tenant_2.id, unit_id=cls.unit_b.id)

    def test_format_and_check_digit(self):
        self.assertEqual(make_reference(123), "AP0001230")
        reference = self.lease.payment_reference
        self.assertEqual(reference, make_reference(self.lease.id))
        self.assertTrue(is_valid_reference(reference))
        self.assertNotEqual(reference, self.lease_2.payment_reference)
        # Every single wrong digit and every swap of two different neighbours is refused.
        digits = reference[2:]
        for position in range(len(digits)):
            for digit in "0123456789":
                if digit != digits[position]:
                    typo = "AP" + digits[:position] + digit + digits[position + 1 :]
                    self.assertFalse(is_valid_reference(typo), typo)
        # Found in a memo however it was typed.
        spaced = f"房租 {reference[:2].lower()} {reference[2:5]} {reference[5:]} 11月"
        self.assertEqual(find_references(spaced), [reference])
        self.assertEqual(find_references(f"ＡＰ{reference[2:]}"), [reference])

    def test_stable_and_unique(self):
        with self.assertRaisesRegex(UserError, "never changes"):
            self.lease.with_user(self.user_manager).write({"payment_reference": "AP0000000"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.lease_2.sudo().write({"payment_reference": self.lease.payment_reference})

    def test_on_rent_invoices_and_pdf(self):
        invoices = self._rent_invoices(self.lease)
        self.assertEqual(len(invoices), 2)
        self.assertEqual(set(invoices.mapped("payment_reference")), {self.lease.payment_reference})
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.report_invoice", invoices[:1].ids)[0]
            .decode()
        )
        self.assertIn(self.lease.payment_reference, html)

    def test_on_deposit_and_late_fee_invoices(self):
        # Late fees switched on now start today (not retroactive): from January here.
        self.company.write(
            {
                "rent_late_fee_type": "fixed",
                "rent_late_fee_rate": 10,
                "rent_late_fee_date_from": date(2026, 1, 1),
            }
        )
        fees = self.Move._cron_generate_rent_late_fees(date(2026, 3, 1))
        # The demo leases of the company are charged too: each fee carries its own lease's.
        own = fees.filtered(lambda fee: fee.lease_id == self.lease)
        self.assertTrue(own)
        self.assertEqual(set(own.mapped("payment_reference")), {self.lease.payment_reference})
        for fee in fees:
            self.assertEqual(fee.payment_reference, fee.lease_id.payment_reference, fee.name)
        self.lease_2.action_activate()
        self.assertEqual(
            self.lease_2.deposit_move_id.payment_reference, self.lease_2.payment_reference
        )

    def test_existing_leases_on_install(self):
        self.env.cr.execute(
            "UPDATE apartment_lease SET payment_reference = NULL WHERE id = %s", [self.lease.id]
        )
        self.lease.invalidate_recordset()
        from .. import post_init_hook

        post_init_hook(self.env)
        self.assertEqual(self.lease.payment_reference, make_reference(self.lease.id))


@tagged("post_install", "-at_install")
class TestPaymentReferencePortal(ReconcileCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._create_invoiced_lease()
        cls.lease_2 = cls._create_invoiced_lease(partner_id=cls.tenant_2.id, unit_id=cls.unit_b.id)
        cls._create_portal_user(cls.tenant, "zhang_ref")

    def test_portal_lease_page_shows_own_reference_only(self):
        self.authenticate("zhang_ref", "zhang_ref")
        response = self.url_open(f"/my/leases/{self.lease.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.lease.payment_reference, response.text)
        self.assertIn("Payment reference", response.text)
        response = self.url_open(f"/my/leases/{self.lease_2.id}")
        self.assertNotIn(self.lease_2.payment_reference, response.text)
