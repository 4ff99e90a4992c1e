# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from psycopg2.errors import UniqueViolation

from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger


@tagged("post_install", "-at_install")
class TestRegistrationConcurrency(TransactionCase):
    """Two requests of one tenant register them for one event at the same moment (a double
    click, two tabs): each searched before the other committed, so both try to create."""

    def test_two_simultaneous_registrations_make_one(self):
        dbname = self.env.cr.dbname
        with db_connect(dbname).cursor() as setup_cr:
            env = self.env(cr=setup_cr)
            partner = env["res.partner"].create({"name": "Double Clicker"})
            event = env["event.event"].create(
                {
                    "name": "Race Dumplings",
                    "date_begin": datetime(2030, 3, 10, 10, 0),
                    "date_end": datetime(2030, 3, 10, 12, 0),
                }
            )
            ids = {"partner": partner.id, "event": event.id}
        cr1 = db_connect(dbname).cursor()
        cr2 = db_connect(dbname).cursor()
        try:
            vals = {"event_id": ids["event"], "partner_id": ids["partner"]}
            # Both take their snapshot before either registered.
            for cr in (cr1, cr2):
                cr.execute(
                    SQL("SELECT count(*) FROM event_registration WHERE event_id = %s", ids["event"])
                )
                self.assertEqual(cr.fetchone()[0], 0)
            self.env(cr=cr1)["event.registration"].create(vals)
            cr1.commit()
            with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation):
                self.env(cr=cr2)["event.registration"].create(vals)
            cr2.rollback()
            # A cancelled registration does not count: the tenant may register again.
            cr1.execute(
                SQL(
                    "UPDATE event_registration SET state = 'cancel' WHERE event_id = %s",
                    ids["event"],
                )
            )
            self.env(cr=cr1)["event.registration"].create(vals)
            cr1.commit()
            cr1.execute(
                SQL(
                    "SELECT state, count(*) FROM event_registration WHERE event_id = %s"
                    " GROUP BY state ORDER BY state",
                    ids["event"],
                )
            )
            self.assertEqual(cr1.fetchall(), [("cancel", 1), ("open", 1)])
        finally:
            for cr in (cr1, cr2):
                cr.rollback()
                cr.close()
            with db_connect(dbname).cursor() as cleanup_cr:
                cleanup_env = self.env(cr=cleanup_cr)
                cleanup_env["event.registration"].search([("event_id", "=", ids["event"])]).unlink()
                cleanup_env["event.event"].browse(ids["event"]).unlink()
                cleanup_env["res.partner"].browse(ids["partner"]).unlink()
