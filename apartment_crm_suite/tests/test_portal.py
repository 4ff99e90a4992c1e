# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import HttpCase, tagged

from odoo.addons.apartment_crm.tests.common import ApartmentCommon
from odoo.addons.apartment_crm_rent.tests.common import RentCommon


@tagged("post_install", "-at_install")
class TestPortalLease(ApartmentCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._create_lease(
            date_start=date(2026, 1, 1),
            date_end=date(2026, 12, 31),
            user_id=cls.user_housekeeper.id,
        )
        cls.lease.action_activate()
        cls.other_lease = cls._create_lease(partner_id=cls.tenant_2.id, unit_id=cls.unit_b.id)
        cls.other_lease.action_activate()
        cls.draft_lease = cls._create_lease(
            unit_id=cls.unit_c.id, date_start=date(2027, 1, 1), date_end=date(2027, 12, 31)
        )
        cls.portal_user = cls._create_portal_user(cls.tenant, "portal_tenant_lease")
        cls.portal_user.password = "portal_tenant_lease"

    def test_tenant_sees_own_leases(self):
        self.authenticate("portal_tenant_lease", "portal_tenant_lease")
        response = self.url_open("/my/leases")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.lease.name, response.text)
        self.assertNotIn(self.other_lease.name, response.text)
        self.assertNotIn(self.draft_lease.name, response.text, "drafts are not shown yet")
        response = self.url_open(f"/my/leases/{self.lease.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Test Riverside", response.text)
        self.assertIn("Hank Housekeeper", response.text)

    def test_tenant_cannot_open_another_lease(self):
        self.authenticate("portal_tenant_lease", "portal_tenant_lease")
        response = self.url_open(f"/my/leases/{self.other_lease.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        response = self.url_open("/my/leases/999999", allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_home_counter(self):
        self.authenticate("portal_tenant_lease", "portal_tenant_lease")
        response = self.url_open(
            "/my/counters",
            data='{"jsonrpc": "2.0", "method": "call", "params": {"counters": ["lease_count"]}}',
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["result"]["lease_count"], 1)

    def test_anonymous_redirected(self):
        response = self.url_open(f"/my/leases/{self.lease.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)


@tagged("post_install", "-at_install")
class TestPortalLeaseInvoices(RentCommon, HttpCase):
    def test_lease_page_lists_own_rent_invoices_and_next_rent(self):
        lease = self._create_active_lease(date_start=date(2026, 1, 1), rent_amount=4000)
        other = self._create_active_lease(
            partner_id=self.tenant_2.id, unit_id=self.unit_b.id, date_start=date(2026, 1, 1)
        )
        lease._generate_rent_invoices(date(2026, 2, 1))
        other._generate_rent_invoices(date(2026, 1, 1))
        january, february = self._rent_invoices(lease)
        self._pay(january, january.invoice_date_due)
        portal_user = self._create_portal_user(self.tenant, "portal_lease_invoices")
        portal_user.password = "portal_lease_invoices"
        self.authenticate("portal_lease_invoices", "portal_lease_invoices")
        page = self.url_open(f"/my/leases/{lease.id}").text
        self.assertIn(f'data-invoice-id="{january.id}"', page)
        self.assertIn(f'data-invoice-id="{february.id}"', page)
        self.assertNotIn(self._rent_invoices(other).name, page)
        self.assertIn("lease_next_rent", page)
        self.assertIn(february.get_portal_url(), page, "the next rent links to its payment page")
