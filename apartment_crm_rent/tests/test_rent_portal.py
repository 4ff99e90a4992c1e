# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import HttpCase, tagged

from .common import RentCommon


@tagged("post_install", "-at_install")
class TestRentPortal(RentCommon, HttpCase):
    """The tenant's next rent to pay: on the portal home and the lease page, the rent invoice
    due first (not a late fee or deposit), with a payment page that offers a way to pay."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "rent_late_fee_type": "fixed",
                "rent_late_fee_rate": 1,
                "rent_late_fee_date_from": date(2026, 1, 1),
            }
        )
        cls.lease = cls._create_active_lease(date_start=date(2026, 1, 1), rent_amount=5600)
        cls.lease._generate_rent_invoices(date(2026, 3, 1))
        cls.jan, cls.feb, cls.mar = cls.env["account.move"].search(
            [("lease_id", "=", cls.lease.id), ("rent_kind", "=", "rent")],
            order="rent_period_start",
        )
        cls.other = cls._create_active_lease(
            partner_id=cls.tenant_2.id, unit_id=cls.unit_b.id, date_start=date(2026, 1, 1)
        )
        cls.other._generate_rent_invoices(date(2026, 1, 1))
        cls.portal_user = cls._create_portal_user(cls.tenant, "portal_next_rent")
        cls.portal_user.password = "portal_next_rent"

    def test_next_rent_is_the_next_rent(self):
        # January paid late: a late fee (an open, small invoice of the lease) follows.
        self._pay(self.jan, date(2026, 1, 20))
        fee = self.jan._generate_rent_late_fees(date(2026, 1, 25))  # due before February
        self.assertEqual(fee.rent_late_fee_source_id, self.jan)
        Move = self.env["account.move"]
        self.assertEqual(Move._get_next_rent_to_pay(self.tenant), self.feb)
        self.assertEqual(Move._get_next_rent_to_pay(self.tenant, lease=self.lease), self.feb)
        self.assertEqual(Move._get_next_rent_to_pay(self.tenant, lease=self.other), Move)

        self.authenticate("portal_next_rent", "portal_next_rent")
        page = self.url_open(f"/my/leases/{self.lease.id}").text
        self.assertIn("lease_next_rent", page)
        next_card = page.split('id="lease_next_rent"', 1)[1].split('id="lease_invoices"', 1)[0]
        self.assertIn("5,600.00", next_card)
        self.assertNotIn("19.00", next_card, "not the late fee")
        self.assertIn(self.feb.get_portal_url(), next_card)

        home = self.url_open("/my").text
        self.assertIn("apartment_home_rent", home)
        home_card = home.split('id="apartment_home_rent"', 1)[1].split("</section>", 1)[0]
        self.assertIn("5,600.00", home_card)
        self.assertIn(self.feb.get_portal_url(), home_card)
        self.assertIn('id="apartment_home_pay"', home_card)
        self.assertNotIn(self.other.name, home)

    def test_home_without_rent_to_pay(self):
        self._pay(self.jan | self.feb | self.mar, date(2026, 1, 1))
        self.authenticate("portal_next_rent", "portal_next_rent")
        home = self.url_open("/my").text
        self.assertIn("apartment_home_rent", home)
        self.assertNotIn("apartment_home_pay", home)
        self.assertIn("All your rent is paid", home)

    def test_pay_now_offers_the_wire_transfer(self):
        transfer = self.env.ref("payment.payment_provider_transfer")
        transfer.state = "disabled"
        self.assertTrue(self.env["res.company"]._apartment_rent_enable_wire_transfer())
        self.assertRecordValues(transfer, [{"state": "enabled", "is_published": True}])
        self.assertTrue(transfer.pending_msg, "the instructions are set")
        self.authenticate("portal_next_rent", "portal_next_rent")
        page = self.url_open(self.feb.get_portal_url()).text
        self.assertIn(f'data-provider-id="{transfer.id}"', page)
        # An operator's own choice is never undone.
        transfer.state = "test"
        self.assertFalse(self.env["res.company"]._apartment_rent_enable_wire_transfer())
        self.assertEqual(transfer.state, "test")
