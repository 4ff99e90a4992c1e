# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date

from odoo import http
from odoo.tests import HttpCase, tagged

from odoo.addons.apartment_crm_rent.tests.common import RentCommon


@tagged("post_install", "-at_install")
class TestPortalPoints(RentCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.loyalty_point_value = 0.5
        cls.company.loyalty_credit_cap = 0
        cls.lease = cls._create_active_lease(date_start=date(2026, 1, 1), rent_amount=4000)
        rule = cls.env["apartment.loyalty.rule"].create(
            {"name": "Welcome", "trigger": "manual", "points": 100}
        )
        Entry = cls.env["apartment.loyalty.entry"]
        cls.mine = Entry._post_entries(
            [
                {
                    "partner_id": cls.tenant.id,
                    "date": date(2026, 1, 5),
                    "points": 300,
                    "entry_type": "earn",
                    "rule_id": rule.id,
                    "description": "Welcome bonus",
                    "company_id": cls.company.id,
                }
            ]
        )
        cls.theirs = Entry._post_entries(
            [
                {
                    "partner_id": cls.tenant_2.id,
                    "date": date(2026, 1, 5),
                    "points": 777,
                    "entry_type": "earn",
                    "rule_id": rule.id,
                    "description": "Someone else's bonus",
                    "company_id": cls.company.id,
                }
            ]
        )
        cls.portal_user = cls._create_portal_user(cls.tenant, "portal_points")
        cls.portal_user.password = "portal_points"

    def test_balance_and_history_are_the_tenants_own(self):
        self.authenticate("portal_points", "portal_points")
        page = self.url_open("/my/points").text
        self.assertIn('id="points_balance">300<', page)
        self.assertIn("Welcome bonus", page)
        self.assertNotIn("Someone else", page)
        # The other tenant's entry (777 points), not a digit run inside an asset hash.
        self.assertNotRegex(page, r"\b777\b")
        self.assertIn("points_redeem_form", page)

    def test_redeem_as_rent_credit(self):
        invoice = self.lease._generate_rent_invoices(date(2026, 2, 1))[:1]
        self.authenticate("portal_points", "portal_points")
        csrf = http.Request.csrf_token(self)
        # The first post only asks: what is redeemed, for how much, and a confirm form.
        response = self.url_open("/my/points/redeem", data={"points": "100", "csrf_token": csrf})
        self.assertIn("apartment_portal_confirm", response.text)
        self.assertIn("50.00", response.text, "100 points at 0.5 = a credit of 50")
        self.tenant.invalidate_recordset(["loyalty_balance"])
        self.assertEqual(self.tenant.loyalty_balance, 300, "nothing redeemed before confirming")
        key = re.search(r'name="redeem_key" value="([0-9a-f]+)"', response.text).group(1)
        confirmed = {"points": "100", "csrf_token": csrf, "confirmed": "1", "redeem_key": key}
        # Confirming without the page's key (a crafted post) redeems nothing either.
        response = self.url_open("/my/points/redeem", data=dict(confirmed, redeem_key="0" * 32))
        self.assertIn("points_already_redeemed", response.text)
        self.tenant.invalidate_recordset(["loyalty_balance"])
        self.assertEqual(self.tenant.loyalty_balance, 300)
        response = self.url_open("/my/points/redeem", data=confirmed)
        self.assertIn("points_redeemed", response.text)
        self.tenant.invalidate_recordset(["loyalty_balance"])
        self.assertEqual(self.tenant.loyalty_balance, 200)
        credit = self.env["apartment.loyalty.entry"].search(
            [("partner_id", "=", self.tenant.id), ("entry_type", "=", "redeem")]
        )
        self.assertEqual(credit.points, -100)
        self.assertTrue(invoice)
        # The same confirm page posted again (double tap, back and resubmit): no second credit.
        response = self.url_open("/my/points/redeem", data=confirmed)
        self.assertIn("points_already_redeemed", response.text)
        self.tenant.invalidate_recordset(["loyalty_balance"])
        self.assertEqual(self.tenant.loyalty_balance, 200)

    def test_home_card_offers_affordable_rewards(self):
        self.lease._generate_rent_invoices(date(2026, 2, 1))
        self.authenticate("portal_points", "portal_points")
        home = self.url_open("/my").text
        card = home.split('id="apartment_home_points"', 1)[1].split("</section>", 1)[0]
        self.assertIn('id="apartment_home_points_balance">300<', card)
        # 300 points: 100 and 200 are affordable, 500 is not.
        self.assertEqual(re.findall(r'data-points="(\d+)"', card), ["100", "200"])
        self.assertNotIn("777", card)

    def test_cannot_redeem_more_than_balance(self):
        self.lease._generate_rent_invoices(date(2026, 2, 1))
        self.authenticate("portal_points", "portal_points")
        response = self.url_open(
            "/my/points/redeem",
            data={"points": "5000", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertIn("points_error", response.text)
        self.tenant.invalidate_recordset(["loyalty_balance"])
        self.assertEqual(self.tenant.loyalty_balance, 300)

    def test_redemption_disabled(self):
        self.company.loyalty_portal_redeem = False
        self.authenticate("portal_points", "portal_points")
        self.assertNotIn("points_redeem_form", self.url_open("/my/points").text)
        self.url_open(
            "/my/points/redeem",
            data={"points": "100", "csrf_token": http.Request.csrf_token(self)},
        )
        self.tenant.invalidate_recordset(["loyalty_balance"])
        self.assertEqual(self.tenant.loyalty_balance, 300)

    def test_url_error_text_not_echoed(self):
        """A crafted link's ?error= text is not shown on the points page."""
        self.authenticate("portal_points", "portal_points")
        response = self.url_open("/my/points?error=Call+400-000-0000+to+unlock+your+points")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("400-000-0000", response.text)

    def test_redeem_bad_numbers_get_a_clear_message(self):
        """NaN, infinity and text are refused with the page's message, never an HTTP 500."""
        self.lease._generate_rent_invoices(date(2026, 2, 1))
        self.authenticate("portal_points", "portal_points")
        for points in ("nan", "inf", "-inf", "1e400", "abc", "99999999999999999999"):
            with self.subTest(points=points):
                response = self.url_open(
                    "/my/points/redeem",
                    data={"points": points, "csrf_token": http.Request.csrf_token(self)},
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("points_error", response.text)
                self.assertNotIn("Cannot redeem 0", response.text)
        self.tenant.invalidate_recordset(["loyalty_balance"])
        self.assertEqual(self.tenant.loyalty_balance, 300)

    def test_redeem_thousands_separator(self):
        """ "1,000" is a thousand points (refused here: the balance is 300), not zero."""
        self.lease._generate_rent_invoices(date(2026, 2, 1))
        self.authenticate("portal_points", "portal_points")
        response = self.url_open(
            "/my/points/redeem",
            data={"points": "1,000", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertIn("points_error", response.text)
        self.assertNotIn("Cannot redeem 0", response.text)
        self.assertIn("1000", response.text.replace(",", ""))
