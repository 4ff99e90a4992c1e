# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ReconcileCommon


@tagged("post_install", "-at_install")
class TestReconcileSecurity(ReconcileCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Other Operator"})
        cls.payer = cls.env["apartment.payer.account"].create(
            {
                "partner_id": cls.tenant.id,
                "account_number": "6222 0000 1111",
                "holder_name": "张建国",
            }
        )
        cls.payer_b = cls.env["apartment.payer.account"].create(
            {"partner_id": cls.tenant.id, "account_number": "999", "company_id": cls.company_b.id}
        )
        cls.user_billing = new_test_user(
            cls.env, login="apt_billing", groups="base.group_user,account.group_account_invoice"
        )
        cls.portal_user = cls._create_portal_user(cls.tenant, "zhang_sec")

    def test_payer_accounts_access(self):
        self.assertEqual(self.payer.account_number, "622200001111")
        Payer = self.env["apartment.payer.account"]
        # Housekeepers read, billing and managers edit, employees and tenants see nothing.
        self.assertEqual(Payer.with_user(self.user_housekeeper).search([]), self.payer)
        with self.assertRaises(AccessError):
            self.payer.with_user(self.user_housekeeper).write({"holder_name": "x"})
        self.payer.with_user(self.user_billing).write({"holder_name": "张建国 (father)"})
        self.payer.with_user(self.user_manager).write({"active": False})
        for user in (self.user_employee, self.portal_user):
            with self.assertRaises(AccessError):
                Payer.with_user(user).search([])
        # Another company's accounts stay hidden.
        self.assertNotIn(
            self.payer_b,
            Payer.with_user(self.user_manager).with_context(active_test=False).search([]),
        )

    def test_report_access(self):
        Report = self.env["apartment.reconcile.report"]
        Report.with_user(self.user_billing).search([])
        Report.with_user(self.user_manager).search([])
        for user in (self.user_housekeeper, self.portal_user):
            with self.assertRaises(AccessError):
                Report.with_user(user).search([])

    def test_bad_input(self):
        for value in (-1, 101, 10**9):
            with self.assertRaisesRegex(ValidationError, "Threshold"), self.cr.savepoint():
                self.company.rent_reconcile_threshold = value
        line = self._line(100, "x")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            line.write({"rent_match_confidence": 101})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.payer.write({"match_count": -1})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["apartment.payer.account"].create(
                {"partner_id": self.tenant.id, "account_number": "6222-0000-1111"}
            )

    def test_portal_cannot_see_statement_lines(self):
        self._line(4000, "x")
        with self.assertRaises(AccessError):
            self.StLine.with_user(self.portal_user).search([])
