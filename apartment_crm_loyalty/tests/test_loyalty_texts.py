# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from psycopg2 import errors as pg_errors

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltyEntryTexts(LoyaltyCommon):
    """The ledger's texts written by the engines read in the reader's language, whatever the
    language of whoever (or whichever cron) posted the entry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.lease = cls._create_active_lease(rent_amount=4000)
        cls.invoice = cls.lease._generate_rent_invoices(date(2026, 1, 1), raise_errors=True)

    def _texts(self, entry):
        return (
            entry.with_context(lang="en_US").description,
            entry.with_context(lang="zh_CN").description,
        )

    def test_rent_on_time_posted_in_english_reads_in_chinese(self):
        # The payment is registered by an English-speaking accountant (or an en_US cron).
        self.assertIn(self.env.lang, (None, "en_US"))
        self._pay(self.invoice, date(2026, 1, 1))
        entry = self.Entry.search(
            [("res_model", "=", "account.move"), ("res_id", "=", self.invoice.id)]
        )
        english, chinese = self._texts(entry)
        self.assertEqual(english, f"Rent paid on time: {self.invoice.name}")
        self.assertEqual(chinese, f"按时交租：{self.invoice.name}")

    def test_reversal_and_expiry_posted_in_chinese_read_in_english(self):
        earned = self._earn(self.tenant, 100, date(2026, 1, 1), expiry=date(2026, 6, 30))
        Entry = self.Entry.with_context(lang="zh_CN")
        expired = Entry._cron_expire_points(date(2026, 7, 1))
        english, chinese = self._texts(expired)
        self.assertEqual(english, "Expired: 100 point(s) of Test 100 on 2026-01-01")
        self.assertTrue(chinese.startswith("过期："), chinese)
        self.assertNotIn("Expired", chinese)
        reversal = expired.with_context(lang="zh_CN")._reverse()
        english, chinese = self._texts(reversal)
        self.assertTrue(english.startswith("Reversal of "), english)
        self.assertTrue(chinese.startswith("冲销 "), chinese)
        self.assertNotIn("Reversal", chinese)
        self.assertTrue(earned)

    def test_default_texts_of_rules_and_redemptions(self):
        self.rule_manual.with_context(lang="zh_CN").name = "好评奖励"
        entries = self.rule_manual._award([{"partner": self.tenant, "date": date(2026, 1, 5)}])
        self.assertEqual(self._texts(entries), ("Goodwill", "好评奖励"))
        self._earn(self.tenant, 500, date(2026, 1, 1))
        redeem = self.env["apartment.loyalty.redeem"].create(
            {"partner_id": self.tenant.id, "points": 100, "redeem_type": "rent_credit"}
        )
        entry = redeem.with_context(lang="zh_CN")._redeem()
        self.assertEqual(self._texts(entry), ("Rent credit", "租金抵扣"))
        # A text the user typed stays as typed, in every language.
        typed = self._redeem(self.tenant, 10, description="Goodwill after a leak")
        self.assertEqual(self._texts(typed), ("Goodwill after a leak", "Goodwill after a leak"))

    def test_texts_cannot_be_rewritten(self):
        entry = self._earn(self.tenant, 100, date(2026, 1, 1))
        with self.assertRaises(AccessError):
            entry.with_user(self.user_manager).update_field_translations(
                "description", {"zh_CN": "伪造"}
            )
        # The source text is append-only in the database itself; a translation may be added.
        entry.flush_recordset()
        with mute_logger("odoo.sql_db"), self.assertRaises(pg_errors.InsufficientPrivilege):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL(
                        "UPDATE apartment_loyalty_entry SET description = %s WHERE id = %s",
                        '{"en_US": "Forged"}',
                        entry.id,
                    )
                )
        with self.env.cr.savepoint():
            self.env.cr.execute(
                SQL(
                    "UPDATE apartment_loyalty_entry SET description = description || %s::jsonb "
                    "WHERE id = %s",
                    '{"zh_CN": "测试"}',
                    entry.id,
                )
            )
