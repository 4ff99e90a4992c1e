# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.addons.apartment_crm_rent.tests.common import RentCommon


class ReconcileCommon(RentCommon):
    """RentCommon plus a bank journal, a second tenant of the same building and helpers to
    create statement lines and run the matching on them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id |= cls.env.ref("account.group_account_user")
        cls.company.rent_reconcile_threshold = 90
        cls.StLine = cls.env["account.bank.statement.line"]
        cls.tenant_3 = cls.env["res.partner"].create({"name": "李娜", "email": "li.na@example.com"})
        # A journal of the tests' own: the demo data has statement lines in the company's bank
        # journal.
        cls.bank_journal = cls.env["account.journal"].create(
            {"name": "Test Bank", "code": "TBNK", "type": "bank", "company_id": cls.company.id}
        )
        # The demo data has tenants of the same names (Zhang Wei 张伟, Emma Schmidt, Li Na 李娜)
        # with leases and open rent in this company: the engine would rightly find two tenants
        # for every name. The tests' tenants are the only ones with a name here.
        others = (
            cls.env["apartment.lease"]
            .with_context(active_test=False)
            .search([("company_id", "=", cls.company.id)])
            .partner_id
            - cls.tenant
            - cls.tenant_2
            - cls.tenant_3
        )
        for partner in others:
            partner.name = f"Other Tenant {partner.id}"

    @classmethod
    def _create_invoiced_lease(cls, upto=date(2026, 2, 1), **vals):
        lease = cls._create_active_lease(**vals)
        lease._generate_rent_invoices(upto)
        return lease

    def _line(self, amount, memo="", day=date(2026, 2, 3), journal=None, **vals):
        values = {
            "journal_id": (journal or self.bank_journal).id,
            "date": day,
            "amount": amount,
            "payment_ref": memo or "/",
        }
        values.update(vals)
        return self.StLine.create(values)

    def _match(self, *lines):
        lines = self.StLine.concat(*lines)
        lines._rent_match()
        return lines

    def _receivable_residual(self, partner):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", partner.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
            ]
        )
        return sum(lines.mapped("amount_residual"))
