# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader


@tagged("post_install", "-at_install")
class TestChineseTranslation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        # Load the module's own zh_CN.po (what installing the language does).
        cls.env["ir.module.module"].search([("name", "=", "apartment_crm")])._update_translations(
            filter_lang=["zh_CN"], overwrite=True
        )
        cls.env_zh = cls.env(context={"lang": "zh_CN"})

    def test_every_term_translated(self):
        """Every string the module adds (fields, views, menus, data, code) has a zh_CN text."""
        po = polib.pofile(file_path("apartment_crm/i18n/zh_CN.po"))
        translated = {entry.msgid for entry in po if entry.msgstr}
        # What Odoo's exporter finds in the installed module now, code strings included.
        terms = {
            source
            for module, _type, _name, _res_id, source, _value, _comments in (
                TranslationModuleReader(self.env.cr, ["apartment_crm"])
            )
            if module == "apartment_crm"
        }
        missing = sorted(terms - translated)
        self.assertFalse(
            missing,
            f"{len(missing)} terms without zh_CN translation (run scripts/i18n_update.py and "
            f"translate): {missing[:15]}",
        )
        self.assertTrue(os.path.getsize(file_path("apartment_crm/i18n/apartment_crm.pot")) > 0)

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
