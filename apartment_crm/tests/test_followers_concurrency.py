# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2.errors import UniqueViolation

from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.apartment_crm.models.mail_followers import CONCURRENT_FOLLOWERS


@tagged("post_install", "-at_install")
class TestFollowersConcurrency(TransactionCase):
    """Two batch jobs add the same housekeeper as follower of the same tenant (each schedules
    an activity): neither saw the other's follower in its snapshot."""

    # Long on purpose: one scenario over three connections, sharing cursors and cleanup.
    def test_concurrent_follower_is_skipped(self):
        dbname = self.env.cr.dbname
        with db_connect(dbname).cursor() as setup_cr:
            Partner = self.env(cr=setup_cr)["res.partner"].with_context(
                tracking_disable=True, mail_create_nosubscribe=True
            )
            tenant, housekeeper, other = Partner.create(
                [{"name": "Race Tenant"}, {"name": "Race Housekeeper"}, {"name": "Race Other"}]
            )
            ids = [tenant.id, housekeeper.id, other.id]
        crs = [db_connect(dbname).cursor() for __ in range(3)]
        count = SQL(
            "SELECT count(*) FROM mail_followers WHERE res_model = 'res.partner' AND res_id = %s",
            ids[0],
        )
        try:
            for cr in crs:  # every snapshot predates the first follower
                cr.execute(count)
                self.assertEqual(cr.fetchone()[0], 0)
            first, second, third = (self.env(cr=cr)["res.partner"].browse(ids[0]) for cr in crs)
            first.message_subscribe(partner_ids=[ids[1]])
            crs[0].commit()
            # Without the flag the race is fatal (what the jobs hit) ...
            with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation):
                second.message_subscribe(partner_ids=[ids[1]])
                second.env.flush_all()
            crs[1].rollback()
            # ... with it, the existing follower is skipped and the new one added.
            third.with_context(**{CONCURRENT_FOLLOWERS: True}).message_subscribe(
                partner_ids=[ids[1], ids[2]]
            )
            crs[2].commit()
            crs[0].execute(
                SQL(
                    "SELECT partner_id FROM mail_followers WHERE res_model = 'res.partner'"
                    " AND res_id = %s ORDER BY partner_id",
                    ids[0],
                )
            )
            self.assertEqual([row[0] for row in crs[0].fetchall()], ids[1:])
        finally:
            for cr in crs:
                cr.rollback()
                cr.close()
            with db_connect(dbname).cursor() as cleanup_cr:
                cleanup_cr.execute(
                    SQL(
                        "DELETE FROM mail_followers WHERE res_model = 'res.partner'"
                        " AND res_id = ANY(%s)",
                        ids,
                    )
                )
                cleanup_cr.execute(SQL("DELETE FROM res_partner WHERE id = ANY(%s)", ids))
