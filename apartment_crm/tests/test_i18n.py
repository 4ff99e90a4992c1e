# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from .i18n_common import TranslationCompleteMixin


@tagged("post_install", "-at_install")
class TestChineseTranslation(TranslationCompleteMixin, TransactionCase):
    _i18n_module = "apartment_crm"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        # Load the module's own zh_CN.po (what installing the language does).
        cls.env["ir.module.module"].search([("name", "=", "apartment_crm")])._update_translations(
            filter_lang=["zh_CN"], overwrite=True
        )
        cls.env_zh = cls.env(context={"lang": "zh_CN"})

    def test_labels_in_chinese(self):
        Lease = self.env_zh["apartment.lease"]
        self.assertEqual(Lease._fields["partner_id"]._description_string(self.env_zh), "租户")
        states = dict(
            self.env_zh["apartment.unit"]._fields["state"]._description_selection(self.env_zh)
        )
        self.assertEqual(states["vacant"], "空置")
        menu = self.env_zh.ref("apartment_crm.apartment_lease_menu")
        self.assertEqual(menu.name, "租约")
        tier = self.env_zh.ref("apartment_crm.tier_core")
        self.assertIn("核心", tier.name)

    def test_code_message_in_chinese(self):
        with self.assertRaises(Exception) as caught:
            self.env_zh["apartment.lease"]._check_dates_and_amounts({"rent_amount": -1})
        self.assertRegex(str(caught.exception), "[\u4e00-\u9fff]", "the error is in Chinese")
