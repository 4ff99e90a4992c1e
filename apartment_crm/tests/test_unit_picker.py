# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from lxml import etree

from odoo.tests import Form, tagged

from .common import ApartmentCommon


@tagged("post_install", "-at_install")
class TestUnitPicker(ApartmentCommon):
    def _names(self, text):
        Unit = self.env["apartment.unit"].with_user(self.user_housekeeper)
        ours = (self.unit_a | self.unit_b | self.unit_c).ids
        return {name for id_, name in Unit.name_search(text, limit=None) if id_ in ours}

    def test_search_by_displayed_name(self):
        self.assertEqual(self._names("T-RIV / 101"), {"T-RIV / 101"})
        self.assertEqual(self._names("t-riv / 10"), {"T-RIV / 101", "T-RIV / 102"})
        self.assertEqual(self._names("T-GDN"), {"T-GDN / 201"})
        self.assertEqual(self._names("Test Garden"), {"T-GDN / 201"})
        self.assertEqual(self._names("201"), {"T-GDN / 201"})
        self.assertFalse(self._names("T-GDN / 101"))

    def test_free_units_on_the_lease_dates(self):
        lease = self._create_lease()  # unit 101 over 2026
        self.unit_b.under_maintenance = True
        Unit = self.env["apartment.unit"].with_user(self.user_housekeeper)

        def free(start, end, lease_id=False):
            units = Unit.with_context(
                free_date_start=start, free_date_end=end, free_exclude_lease_id=lease_id
            )
            found = units.search([("is_free", "=", True)])
            return found & (self.unit_a | self.unit_b | self.unit_c)

        self.assertEqual(free("2026-06-01", "2027-05-31"), self.unit_c)
        self.assertEqual(free(date(2027, 1, 1), date(2027, 12, 31)), self.unit_a | self.unit_c)
        self.assertEqual(free("2026-06-01", "2026-07-31", lease.id), self.unit_a | self.unit_c)
        taken = Unit.with_context(free_date_start="2026-06-01", free_date_end="2026-06-30")
        self.assertEqual(
            taken.search([("is_free", "=", False), ("id", "in", (self.unit_a | self.unit_b).ids)]),
            self.unit_a | self.unit_b,
        )
        self.assertFalse(taken.browse(self.unit_a.id).is_free)
        self.assertTrue(taken.browse(self.unit_c.id).is_free)

    def test_lease_form_unit_picker(self):
        Lease = self.env["apartment.lease"].with_user(self.user_housekeeper)
        arch = Lease.get_views([(False, "form")])["views"]["form"]["arch"]
        node = etree.fromstring(arch).xpath("//field[@name='unit_id']")[0]
        self.assertIn("'no_create': True", node.get("options"), "no quick create of a unit")
        self.assertIn("is_free", node.get("domain"))
        self.assertIn("free_date_start", node.get("context"))
        form = Form(Lease)
        form.partner_id = self.tenant
        form.unit_id = self.unit_c
        form.date_start = date(2026, 1, 1)
        form.date_end = date(2026, 12, 31)
        self.assertEqual(form.save().unit_id, self.unit_c)


@tagged("post_install", "-at_install")
class TestCoreScreens(ApartmentCommon):
    def test_property_card_shows_the_address(self):
        self.property.partner_id = self.env["res.partner"].create(
            {"name": "Test Riverside", "street": "88 Riverside Road", "city": "Shanghai"}
        )
        self.assertEqual(self.property.address, "88 Riverside Road, Shanghai")
        Property = self.env["apartment.property"].with_user(self.user_housekeeper)
        arch = etree.fromstring(Property.get_views([(False, "kanban")])["views"]["kanban"]["arch"])
        card = arch.xpath("//t[@t-name='card']")[0]
        self.assertEqual([f.get("name") for f in card.iter("field")].count("name"), 1)
        self.assertTrue(card.xpath(".//field[@name='address']"))
        self.assertFalse(card.xpath(".//field[@name='partner_id']"), "its name again")

    def test_suite_users_land_on_the_dashboard(self):
        """The web client opens the first app: the suite's, before Discuss."""
        menus = self.env["ir.ui.menu"].with_user(self.user_housekeeper).load_menus(False)
        first_app = menus[menus["root"]["children"][0]]
        self.assertEqual(first_app["xmlid"], "apartment_crm.apartment_crm_menu_root")
        dashboard = self.env.ref("apartment_crm.apartment_dashboard_action")
        self.assertEqual(first_app["action"], f"ir.actions.client,{dashboard.id}")
        # An employee outside the suite keeps the standard landing app.
        menus = self.env["ir.ui.menu"].with_user(self.user_employee).load_menus(False)
        first_app = menus[menus["root"]["children"][0]]
        self.assertNotEqual(first_app["xmlid"], "apartment_crm.apartment_crm_menu_root")
