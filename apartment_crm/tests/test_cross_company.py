# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ApartmentCommon


class TestCrossCompany(ApartmentCommon):
    """Records of two companies never meet (issue 13, item 7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Operator"})
        # A manager working for both operators (the attacker needs both companies).
        cls.user_both = mail_new_test_user(
            cls.env,
            login="apt_both_companies",
            groups="base.group_user,apartment_crm.group_apartment_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, (cls.company | cls.other_company).ids)],
        )
        cls.other_property = cls.env["apartment.property"].create(
            {"name": "Elsewhere", "code": "ELS", "company_id": cls.other_company.id}
        )

    def test_unit_moved_to_other_company_under_live_leases(self):
        lease = self._create_lease()
        lease.action_activate()
        next_lease = self._create_lease(
            partner_id=self.tenant_2.id, date_start="2027-01-01", date_end="2027-12-31"
        )
        unit = self.unit_a.with_user(self.user_both).with_context(
            allowed_company_ids=(self.company | self.other_company).ids
        )
        with self.assertRaises(ValidationError) as caught:
            unit.write({"property_id": self.other_property.id})
        message = caught.exception.args[0]
        self.assertTrue(lease.name in message or next_lease.name in message, message)
        # Not into another building of the same company either (the leases' building moves).
        with self.assertRaisesRegex(ValidationError, "end or cancel the lease first"):
            unit.write({"property_id": self.property_2.id})
        self.assertEqual(self.unit_a.property_id, self.property)
        self.assertEqual(self.unit_a.company_id, self.company)
        # A unit without a live lease moves.
        self.unit_b.with_user(self.user_both).write({"property_id": self.property_2.id})
        self.assertEqual(self.unit_b.property_id, self.property_2)

    def test_lease_of_other_company_unit_refused(self):
        other_unit = self.env["apartment.unit"].create(
            {"name": "901", "property_id": self.other_property.id, "list_rent": 3000}
        )
        lease = self._create_lease()
        with self.assertRaises(UserError):  # ValidationError is a UserError
            lease.with_user(self.user_both).with_context(
                allowed_company_ids=(self.company | self.other_company).ids
            ).write({"unit_id": other_unit.id})
        self.assertEqual(lease.unit_id, self.unit_a)

    def test_fields_check_company(self):
        """Where records of two company-bound models meet, the field checks the company."""
        for model, fname in (
            ("apartment.unit", "property_id"),
            ("apartment.lease", "unit_id"),
            ("apartment.touchpoint.log", "lease_id"),
        ):
            Model = self.env[model]
            self.assertTrue(Model._check_company_auto, model)
            self.assertTrue(Model._fields[fname].check_company, f"{model}.{fname}")
