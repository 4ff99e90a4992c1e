# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from psycopg2 import IntegrityError
from psycopg2.errors import InsufficientPrivilege

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import LoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltyAppendOnly(LoyaltyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.entry = cls._earn(cls.tenant, 100, date(2026, 1, 10), date(2027, 1, 10))
        cls.user_portal = cls._create_portal_user(cls.tenant, "loyal_portal")

    def _users(self):
        return {
            "housekeeper": self.user_housekeeper,
            "manager": self.user_manager,
            "admin": self.env.ref("base.user_admin"),
            "portal": self.user_portal,
        }

    def test_write_refused_for_every_user(self):
        for login, user in self._users().items():
            for vals in (
                {"points": 1000},
                {"partner_id": self.tenant_2.id},
                {"date": date(2025, 1, 1)},
                {"entry_type": "adjust"},
                {"remaining": 0},
                {"description": "edited"},
            ):
                with (
                    self.subTest(user=login, vals=vals),
                    self.assertRaisesRegex(UserError, "append-only"),
                ):
                    self.entry.with_user(user).write(vals)
        with self.assertRaisesRegex(UserError, "append-only"):
            self.entry.sudo().write({"points": 1})
        self.assertEqual(self.entry.points, 100)

    def test_unlink_refused_for_every_user(self):
        for login, user in self._users().items():
            # No unlink right for anyone (AccessError, a UserError), and the ondelete hook.
            with self.subTest(user=login), self.assertRaises(UserError):
                self.entry.with_user(user).unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted: the points ledger"):
            self.entry.sudo().unlink()
        self.assertTrue(self.entry.exists())

    def test_create_refused_to_users(self):
        """Only the ledger's own methods create entries (ACL: read-only for everyone)."""
        for login in ("housekeeper", "manager", "portal"):
            user = self._users()[login]
            with self.subTest(user=login), self.assertRaises(AccessError):
                self.Entry.with_user(user).create(
                    {"partner_id": self.tenant.id, "points": 5, "entry_type": "earn"}
                )

    def test_raw_sql_refused_by_trigger(self):
        for statement in (
            SQL("UPDATE apartment_loyalty_entry SET points = 1 WHERE id = %s", self.entry.id),
            SQL(
                "UPDATE apartment_loyalty_entry SET partner_id = %s WHERE id = %s",
                self.tenant_2.id,
                self.entry.id,
            ),
            SQL(
                "UPDATE apartment_loyalty_entry SET date = '2020-01-01' WHERE id = %s",
                self.entry.id,
            ),
            SQL("DELETE FROM apartment_loyalty_entry WHERE id = %s", self.entry.id),
        ):
            with self.subTest(sql=statement.code), mute_logger("odoo.sql_db"):
                with self.assertRaisesRegex(InsufficientPrivilege, "append-only"):
                    with self.cr.savepoint():
                        self.cr.execute(statement)
        # The technical book-keeping column may change (the ledger's own consumption).
        self.cr.execute(
            SQL("UPDATE apartment_loyalty_entry SET remaining = 40 WHERE id = %s", self.entry.id)
        )
        self.entry.invalidate_recordset()
        self.assertEqual(self.entry.remaining, 40)
        self.assertEqual(self.entry.points, 100)

    def test_reverse_once_by_manager(self):
        with self.assertRaisesRegex(UserError, "Only apartment managers"):
            self.entry.with_user(self.user_housekeeper).action_reverse()
        self.entry.with_user(self.user_manager).action_reverse()
        reversal = self.entry.reversal_entry_id
        self.assertEqual(reversal.points, -100)
        self.assertEqual(reversal.entry_type, "reversal")
        self.assertEqual(reversal.create_uid, self.user_manager)
        self.assertEqual(self.entry.remaining, 0)
        self.assertEqual(self.tenant.loyalty_balance, 0)
        with self.assertRaisesRegex(UserError, "already reversed"):
            self.entry.with_user(self.user_manager).action_reverse()
        with self.assertRaisesRegex(UserError, "already reversed"):
            reversal.with_user(self.user_manager).action_reverse()
        # The database refuses a second reversal of one entry.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Entry.sudo()._create_entries([self.entry._prepare_reversal_vals()])

    def test_reverse_spent_points_takes_from_other_entries(self):
        later = self._earn(self.tenant, 50, date(2026, 2, 1))
        self._redeem(self.tenant, 80)
        self.assertEqual((self.entry.remaining, later.remaining), (20, 50))
        self.entry._reverse()
        # 20 still on the entry, 80 already spent: taken from the later entry (50) and the
        # balance goes below zero by what is missing.
        self.assertEqual((self.entry.remaining, later.remaining), (0, 0))
        self.assertEqual(self.tenant.loyalty_balance, -30)
        self.assertEqual(self.tenant.loyalty_balance, self._sum(self.tenant))


@tagged("post_install", "-at_install")
class TestLoyaltyBalance(LoyaltyCommon):
    def test_balance_is_exact_sum(self):
        self._earn(self.tenant, 10, date(2026, 1, 1))
        self._earn(self.tenant, 25, date(2026, 1, 2))
        self._earn(self.tenant_2, 7, date(2026, 1, 2))
        self.assertEqual(self.tenant.loyalty_balance, 35)
        self.assertEqual(self.tenant_2.loyalty_balance, 7)
        # Stored in the same transaction, readable by SQL.
        self.cr.execute(
            SQL("SELECT loyalty_balance FROM res_partner WHERE id = %s", self.tenant.id)
        )
        self.assertEqual(float(self.cr.fetchone()[0]), 35)
        self.assertFalse(self.env["res.partner"]._cron_check_loyalty_balances())

    def test_check_finds_mismatch(self):
        self._earn(self.tenant, 10, date(2026, 1, 1))
        self.cr.execute(
            SQL("UPDATE res_partner SET loyalty_balance = 99 WHERE id = %s", self.tenant.id)
        )
        self.env["res.partner"].invalidate_model(["loyalty_balance"])
        with mute_logger("odoo.addons.apartment_crm_loyalty.models.apartment_loyalty_entry"):
            mismatches = self.env["res.partner"]._cron_check_loyalty_balances()
        self.assertEqual(mismatches, [(self.tenant.id, 99.0, 10.0)])

    def test_precision(self):
        entry = self._earn(self.tenant, 12.6, date(2026, 1, 1))
        self.assertEqual(entry.points, 13, "0 digits by default: whole points")
        self.env["decimal.precision"].search([("name", "=", "Loyalty Points")]).digits = 2
        entry = self._earn(self.tenant, 1.256, date(2026, 1, 2))
        self.assertAlmostEqual(entry.points, 1.26)
        self.assertAlmostEqual(self.tenant.loyalty_balance, 14.26)

    def test_expiry_fields_on_partner(self):
        with self.subTest("nothing"):
            self.assertFalse(self.tenant.loyalty_next_expiry_date)
        from freezegun import freeze_time

        with freeze_time("2026-06-01"):
            self._earn(self.tenant, 10, date(2026, 1, 1), date(2026, 6, 20))
            self._earn(self.tenant, 5, date(2026, 1, 2), date(2026, 9, 1))
            self.tenant.invalidate_recordset(
                ["loyalty_next_expiry_date", "loyalty_points_expiring_soon"]
            )
            self.assertEqual(self.tenant.loyalty_next_expiry_date, date(2026, 6, 20))
            self.assertEqual(self.tenant.loyalty_points_expiring_soon, 10)

    def test_balance_query_count_is_flat(self):
        """Posting entries for many tenants costs the same queries as for a few."""
        partners = self.env["res.partner"].create([{"name": f"T{i}"} for i in range(30)])

        def post(batch):
            self.Entry._post_entries(
                [
                    {
                        "partner_id": p.id,
                        "points": 3,
                        "entry_type": "earn",
                        "date": date(2026, 1, 1),
                    }
                    for p in batch
                ]
            )
            self.env.flush_all()

        post(partners[:2])
        start = self.cr.sql_log_count
        post(partners[2:4])
        few = self.cr.sql_log_count - start
        start = self.cr.sql_log_count
        post(partners[4:])
        many = self.cr.sql_log_count - start
        self.assertEqual(few, many)
        self.assertEqual(set(partners.mapped("loyalty_balance")), {3.0})
