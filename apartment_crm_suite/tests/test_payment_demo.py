# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from odoo.addons.apartment_crm_rent.tests.common import RentCommon


@tagged("post_install", "-at_install")
class TestPortalPayDemo(RentCommon, HttpCase):
    """On a demo database (the suite's demo installs Odoo's offline provider payment_demo), a
    tenant pays a rent invoice from /my/invoices: the payment form offers the demo provider
    beside the wire transfer, the transaction is created for the tenant's own invoice only, and
    the simulated payment leaves the invoice paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo_installed = cls.env["ir.module.module"]._get("payment_demo").state == "installed"
        cls.lease = cls._create_active_lease(date_start=date(2026, 1, 1), rent_amount=5600)
        cls.lease._generate_rent_invoices(date(2026, 1, 1))
        cls.invoice = cls._lease_invoices(cls.lease)
        cls.other = cls._create_active_lease(
            partner_id=cls.tenant_2.id, unit_id=cls.unit_b.id, date_start=date(2026, 1, 1)
        )
        cls.other._generate_rent_invoices(date(2026, 1, 1))
        cls.other_invoice = cls._lease_invoices(cls.other)
        cls.portal_user = cls._create_portal_user(cls.tenant, "portal_pay_demo")
        cls.portal_user.password = "portal_pay_demo"

    @classmethod
    def _lease_invoices(cls, lease):
        return cls.env["account.move"].search(
            [("lease_id", "=", lease.id), ("rent_kind", "=", "rent")]
        )

    def setUp(self):
        super().setUp()
        if not self.demo_installed:
            self.skipTest("payment_demo is installed by the suite's demo data only")

    def _transaction(self, invoice, provider, **extra):
        return self.make_jsonrpc_request(
            f"/invoice/transaction/{invoice.id}",
            {
                "access_token": invoice._portal_ensure_token(),
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
                "token_id": None,
                "amount": invoice.amount_residual,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": invoice.get_portal_url(),
                **extra,
            },
        )

    def test_tenant_pays_rent_with_the_demo_provider(self):
        provider = self.env.ref("payment.payment_provider_demo")
        self.assertRecordValues(provider, [{"state": "test", "is_published": True}])
        self.assertEqual(len(self.invoice), 1)
        self.authenticate("portal_pay_demo", "portal_pay_demo")
        page = self.url_open(self.invoice.get_portal_url()).text
        self.assertIn(f'data-provider-id="{provider.id}"', page)
        transfer = self.env.ref("payment.payment_provider_transfer")
        self.assertIn(f'data-provider-id="{transfer.id}"', page, "wire transfer stays offered")

        values = self._transaction(self.invoice, provider)
        tx = self.env["payment.transaction"].search([("reference", "=", values["reference"])])
        self.assertEqual(tx.invoice_ids, self.invoice)
        self.assertEqual(tx.partner_id, self.tenant)
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {"reference": tx.reference, "payment_details": "4242", "simulated_state": "done"},
        )
        self.assertEqual(tx.state, "done")
        tx._post_process()
        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))
        self.assertFalse(self.invoice.amount_residual)
        self.assertEqual(self.other_invoice.payment_state, "not_paid")

    def test_tenant_cannot_pay_another_tenants_invoice(self):
        provider = self.env.ref("payment.payment_provider_demo")
        self.authenticate("portal_pay_demo", "portal_pay_demo")
        # The other tenant's invoice without its token, or with this tenant's own token.
        for token in (None, self.invoice._portal_ensure_token()):
            with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
                self._transaction(self.other_invoice, provider, access_token=token)
        self.assertFalse(
            self.env["payment.transaction"].search([("invoice_ids", "in", self.other_invoice.ids)])
        )
