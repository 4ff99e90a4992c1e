# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
from datetime import date

from psycopg2.errors import SerializationFailure

from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger


@tagged("post_install", "-at_install")
class TestLoyaltyConcurrentRedeem(TransactionCase):
    """Two staff members redeem the same tenant's points at the same moment.

    Deliberately not built on the loyalty fixtures: this test's own cursor must never touch
    apartment_loyalty_entry, because the clean-up disables the ledger's trigger with
    ALTER TABLE (an exclusive lock) to remove the committed fixtures.
    """

    def _redeem(self, key, cr, partner_id, product_id, results):
        env = self.env(cr=cr)
        try:
            with mute_logger("odoo.sql_db"):
                env["apartment.loyalty.redeem"].create(
                    {
                        "partner_id": partner_id,
                        "points": 80,
                        "redeem_type": "service",
                        "product_id": product_id,
                    }
                )._redeem()
                env.flush_all()
            results[key] = "ok"
        except Exception as exc:  # noqa: BLE001 - the failure is the expected outcome
            results[key] = exc

    # Long on purpose: one scenario over two connections, sharing cursors and cleanup.
    def test_two_redemptions_never_exceed_the_balance(self):
        dbname = self.env.cr.dbname
        product_id = self.env.ref("apartment_crm_loyalty.product_loyalty_rent_credit").id
        # Committed fixtures, visible from both connections.
        with db_connect(dbname).cursor() as setup_cr:
            setup_env = self.env(cr=setup_cr)
            partner = setup_env["res.partner"].create({"name": "Racing Redeemer"})
            setup_env["apartment.loyalty.entry"]._post_entries(
                [
                    {
                        "partner_id": partner.id,
                        "points": 100,
                        "entry_type": "earn",
                        "date": date(2026, 1, 1),
                    }
                ]
            )
            partner_id = partner.id
        results = {}
        cr1 = db_connect(dbname).cursor()
        cr2 = db_connect(dbname).cursor()
        try:
            self._redeem("first", cr1, partner_id, product_id, results)
            self.assertEqual(results["first"], "ok")
            # The second redemption waits on the tenant's row lock held by the first.
            thread = threading.Thread(
                target=self._redeem, args=("second", cr2, partner_id, product_id, results)
            )
            thread.start()
            thread.join(timeout=2)
            self.assertTrue(thread.is_alive(), "the second redemption must wait for the first")
            cr1.commit()
            thread.join(timeout=30)
            self.assertFalse(thread.is_alive())
            # Refused: by the balance check, or by PostgreSQL (the row changed under its
            # snapshot; Odoo retries such a request, and the retry meets the balance check).
            self.assertIsInstance(results["second"], (UserError, SerializationFailure))
            cr2.rollback()
            with db_connect(dbname).cursor() as check_cr:
                check_cr.execute(
                    SQL(
                        """
                        SELECT p.loyalty_balance, SUM(e.points), COUNT(e.id)
                          FROM res_partner p JOIN apartment_loyalty_entry e
                            ON e.partner_id = p.id
                         WHERE p.id = %s GROUP BY p.id
                        """,
                        partner_id,
                    )
                )
                balance, total, count = check_cr.fetchone()
            self.assertEqual((float(balance), float(total), count), (20.0, 20.0, 2))
            # A retry of the second request now sees the balance of 20.
            with db_connect(dbname).cursor() as retry_cr:
                self._redeem("retry", retry_cr, partner_id, product_id, results)
                retry_cr.rollback()
            self.assertIsInstance(results["retry"], UserError)
            self.assertIn("has 20 point(s): cannot redeem 80", str(results["retry"]))
        finally:
            cr2.rollback()
            cr2.close()
            cr1.rollback()
            cr1.close()
            # The ledger refuses DELETE, by design also here: the clean-up connection (the
            # table owner) disables the trigger for the duration of its own transaction only
            # (ALTER TABLE is transactional), removes the fixtures and re-enables it.
            with db_connect(dbname).cursor() as cleanup_cr:
                cleanup_cr.execute(SQL("SET LOCAL lock_timeout = '10s'"))
                cleanup_cr.execute(
                    SQL(
                        "ALTER TABLE apartment_loyalty_entry "
                        "DISABLE TRIGGER apartment_loyalty_entry_protect"
                    )
                )
                cleanup_cr.execute(
                    SQL("DELETE FROM apartment_loyalty_entry WHERE partner_id = %s", partner_id)
                )
                cleanup_cr.execute(
                    SQL(
                        "ALTER TABLE apartment_loyalty_entry "
                        "ENABLE TRIGGER apartment_loyalty_entry_protect"
                    )
                )
                cleanup_cr.execute(
                    SQL(
                        "DELETE FROM mail_activity WHERE res_model = 'res.partner' AND res_id = %s",
                        partner_id,
                    )
                )
                cleanup_cr.execute(
                    SQL("DELETE FROM apartment_loyalty_redeem WHERE partner_id = %s", partner_id)
                )
                cleanup_cr.execute(SQL("DELETE FROM res_partner WHERE id = %s", partner_id))
