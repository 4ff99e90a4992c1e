# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from psycopg2.errors import SerializationFailure

from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger


@tagged("post_install", "-at_install")
class TestNotifyConcurrency(TransactionCase):
    """Two workers click Notify Tenants on the same request at once (two tabs, a double
    submit): one notice. The second one's snapshot predates the first one's commit: its row
    lock fails with a serialization error (Odoo retries such a request), and the retry sees
    the notice."""

    def setUp(self):
        super().setUp()
        self.dbname = self.env.cr.dbname
        with db_connect(self.dbname).cursor() as setup_cr:
            env = self.env(cr=setup_cr)
            prop = env["apartment.property"].create({"name": "Race Notice", "code": "RACE-N"})
            equipment = env["maintenance.equipment"].create(
                {"name": "Race lift", "property_id": prop.id}
            )
            request = env["maintenance.request"].create(
                {
                    "name": "Race lift check",
                    "equipment_id": equipment.id,
                    "schedule_date": datetime.now().replace(microsecond=0) + timedelta(days=2),
                    "duration": 2.0,
                }
            )
            self.ids = {"property": prop.id, "equipment": equipment.id, "request": request.id}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with db_connect(self.dbname).cursor() as cleanup_cr:
            env = self.env(cr=cleanup_cr)
            env["apartment.notice"].with_context(active_test=False).search(
                [("property_ids", "in", [self.ids["property"]])]
            ).unlink()
            env["maintenance.request"].browse(self.ids["request"]).unlink()
            env["maintenance.equipment"].browse(self.ids["equipment"]).unlink()
            env["apartment.property"].browse(self.ids["property"]).unlink()

    def _notice_count(self, cr):
        cr.execute(
            SQL(
                "SELECT count(*) FROM apartment_notice_apartment_property_rel "
                "WHERE apartment_property_id = %s",
                self.ids["property"],
            )
        )
        return cr.fetchone()[0]

    def test_two_clicks_at_once(self):
        crs = [db_connect(self.dbname).cursor() for __ in range(3)]
        try:
            first, second, third = (
                self.env(cr=cr)["maintenance.request"].browse(self.ids["request"]) for cr in crs
            )
            self.assertFalse(second.apartment_notice_id)  # the second worker's snapshot
            first.action_notify_tenants()
            crs[0].commit()
            with mute_logger("odoo.sql_db"), self.assertRaises(SerializationFailure):
                second.action_notify_tenants()
            crs[1].rollback()
            # Odoo's retry of the second request: it sees the notice and posts nothing.
            second.invalidate_recordset()
            second.action_notify_tenants()
            crs[1].commit()
            self.assertEqual(self._notice_count(crs[2]), 1)
            self.assertTrue(third.apartment_notice_id)
        finally:
            for cr in crs:
                cr.rollback()
                cr.close()
