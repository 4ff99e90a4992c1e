# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.tests import tagged

from .common import RentCommon


@tagged("post_install", "-at_install")
class TestRentScreens(RentCommon):
    def _arch(self, model, view_type, view_id=False, user=None):
        records = self.env[model].with_user(user or self.user_manager)
        views = records.get_views([(view_id, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_rent_invoice_list_columns(self):
        action = self.env.ref("apartment_crm_rent.apartment_rent_invoice_action")
        self.user_manager.groups_id |= self.env.ref("account.group_account_invoice")
        arch = self._arch("account.move", "list", action.view_id.id)
        for fname in ("lease_id", "rent_period_start", "rent_period_end", "days_late"):
            node = arch.xpath(f"//field[@name='{fname}']")[0]
            self.assertEqual(node.get("optional"), "show", fname)
        for fname in ("invoice_date_due", "rent_period_start", "rent_period_end"):
            self.assertTrue(arch.xpath(f"//field[@name='{fname}'][@width]"), f"{fname} in full")

    def test_valid_widgets_and_settle_button(self):
        self.user_manager.groups_id |= self.env.ref("account.group_account_invoice")
        partner = self._arch("res.partner", "form")
        rate = partner.xpath("//field[@name='on_time_payment_rate']")[0]
        self.assertIsNone(rate.get("widget"), "percentage_raw is no widget of Odoo")
        lease = self._arch("apartment.lease", "form")
        button = lease.xpath("//button[@string='Settle Deposit']")[0]
        self.assertEqual(button.get("invisible"), "not deposit_settleable")
