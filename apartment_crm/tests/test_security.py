# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ApartmentCommon


@tagged("post_install", "-at_install")
class TestAccess(ApartmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._create_lease()
        cls.lease_2 = cls._create_lease(partner_id=cls.tenant_2.id, unit_id=cls.unit_c.id)
        cls.portal_user = cls._create_portal_user(cls.tenant, "apt_portal_tenant")
        cls.other_company = cls.env["res.company"].create({"name": "Other Operator"})
        cls.other_user = mail_new_test_user(
            cls.env,
            login="apt_other_company",
            groups="base.group_user,apartment_crm.group_apartment_manager",
            company_id=cls.other_company.id,
            company_ids=[(6, 0, cls.other_company.ids)],
        )
        cls.other_property = cls.env["apartment.property"].create(
            {"name": "Elsewhere", "code": "ELS", "company_id": cls.other_company.id}
        )

    def test_groups_chain(self):
        manager_group = self.env.ref("apartment_crm.group_apartment_manager")
        user_group = self.env.ref("apartment_crm.group_apartment_user")
        self.assertIn(user_group, manager_group.implied_ids)
        self.assertTrue(
            self.env.ref("base.user_admin").has_group("apartment_crm.group_apartment_manager")
        )

    def test_housekeeper(self):
        env = self.env(user=self.user_housekeeper)
        leases = env["apartment.lease"].search([("id", "in", (self.lease | self.lease_2).ids)])
        self.assertEqual(len(leases), 2)
        lease = env["apartment.lease"].create(
            {
                "partner_id": self.tenant_2.id,
                "unit_id": self.unit_b.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 6, 30),
            }
        )
        lease.action_activate()
        lease.write({"date_end": date(2026, 7, 31)})
        self.assertEqual(lease.user_id, self.user_housekeeper)
        with self.assertRaises(AccessError):
            lease.unlink()
        # Buildings are the manager's to configure.
        with self.assertRaises(AccessError):
            env["apartment.property"].create({"name": "Mine", "code": "MINE"})
        with self.assertRaises(AccessError):
            env["apartment.unit"].create({"name": "X", "property_id": self.property.id})
        with self.assertRaises(AccessError):
            self.property.with_user(self.user_housekeeper).write({"name": "Renamed"})
        # The ID document number is for managers only.
        with self.assertRaises(AccessError):
            env["res.partner"].browse(self.tenant.id).read(["id_document_number"])

    def test_manager(self):
        env = self.env(user=self.user_manager)
        prop = env["apartment.property"].create({"name": "New Tower", "code": "NEW"})
        unit = env["apartment.unit"].create({"name": "1", "property_id": prop.id})
        tenant = env["res.partner"].browse(self.tenant.id)
        tenant.id_document_number = "310101199001011234"
        self.assertEqual(tenant.id_document_number, "310101199001011234")
        lease = env["apartment.lease"].create(
            {
                "partner_id": self.tenant.id,
                "unit_id": unit.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        lease.unlink()
        unit.unlink()
        prop.unlink()

    def test_plain_employee_has_no_access(self):
        env = self.env(user=self.user_employee)
        for model in ("apartment.lease", "apartment.unit", "apartment.property"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                env[model].search([])

    def test_portal_tenant_sees_own_lease_only(self):
        env = self.env(user=self.portal_user)
        Lease = env["apartment.lease"]
        self.assertEqual(Lease.search([]), self.lease)
        with self.assertRaises(AccessError):
            Lease.browse(self.lease_2.id).read(["name"])
        self.assertEqual(env["apartment.unit"].search([]), self.unit_a)
        self.assertEqual(env["apartment.property"].search([]), self.property)
        with self.assertRaises(AccessError):
            Lease.browse(self.lease.id).write({"rent_amount": 1})
        with self.assertRaises(AccessError):
            Lease.create(
                {
                    "partner_id": self.tenant.id,
                    "unit_id": self.unit_b.id,
                    "date_start": date(2027, 1, 1),
                    "date_end": date(2027, 12, 31),
                }
            )

    def test_other_company_isolated(self):
        env = self.env(user=self.other_user)
        self.assertEqual(
            env["apartment.property"].search([("code", "in", ("T-RIV", "T-GDN", "ELS"))]),
            self.other_property,
        )
        self.assertFalse(env["apartment.lease"].search([]))
        with self.assertRaises(AccessError):
            env["apartment.lease"].browse(self.lease.id).read(["name"])
        with self.assertRaises(AccessError):
            env["apartment.unit"].browse(self.unit_a.id).read(["name"])
