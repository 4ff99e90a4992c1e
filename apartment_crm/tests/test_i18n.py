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

    def test_touchpoint_mails_in_the_tenants_language(self):
        """The move-in welcome and the farewell reach a Chinese tenant in Chinese."""
        partner = self.env["res.partner"].create(
            {"name": "Wang Fang 王芳", "email": "wang.fang@example.com", "lang": "zh_CN"}
        )
        building = self.env["apartment.property"].create({"name": "I18n Tower", "code": "I18N"})
        unit = self.env["apartment.unit"].create({"name": "801", "property_id": building.id})
        lease = self.env["apartment.lease"].create(
            {
                "partner_id": partner.id,
                "unit_id": unit.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "rent_amount": 4000,
            }
        )
        for xmlid, subject, body in (
            ("mail_template_touchpoint_move_in", "欢迎回家", "欢迎礼包"),
            ("mail_template_touchpoint_before_move_out", "感谢您", "押金结算"),
            ("mail_template_touchpoint_value_plan", "续租增值方案", "延长保洁"),
            ("mail_template_touchpoint_discount_calendar", "提前续租", "续租日历"),
        ):
            template = self.env.ref(f"apartment_crm.{xmlid}")
            mail = self.env["mail.mail"].browse(template.send_mail(lease.id))
            self.assertIn(subject, mail.subject, xmlid)
            self.assertIn(body, mail.body_html, xmlid)
        rule = self.env_zh.ref("apartment_crm.touchpoint_rule_move_in")
        self.assertEqual(rule.activity_summary, "首次上门：欢迎租户并送上欢迎礼包")
        # The core tenants' benefits pack (a tenant's mail, on the partner).
        template = self.env.ref("apartment_crm.mail_template_touchpoint_benefits_pack")
        mail = self.env["mail.mail"].browse(template.send_mail(partner.id))
        self.assertIn("年度权益礼包", mail.subject)
        self.assertIn("亲手交给您", mail.body_html)
        rule = self.env_zh.ref("apartment_crm.touchpoint_rule_core_benefits_pack")
        self.assertEqual(rule.activity_summary, "将年度权益礼包亲手交给租户")
