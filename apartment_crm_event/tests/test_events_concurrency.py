# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import datetime, timedelta

from psycopg2.errors import UniqueViolation

from odoo import SUPERUSER_ID, api, fields
from odoo.sql_db import db_connect
from odoo.tests import HttpCase, TransactionCase, get_db_name, tagged
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


@tagged("post_install", "-at_install")
class TestRegistrationDoubleSubmitHttp(HttpCase):
    """The portal route when a simultaneous post of the same tenant registered them after
    this request's snapshot: the unique index refuses the second registration, and the tenant
    reads a friendly answer, not an error page."""

    @classmethod
    def setUpClass(cls):
        # Registered first, so it runs last: after the test transaction is rolled back.
        cls.addClassCleanup(cls._remove_committed_fixtures)
        # Committed before the test transaction starts, so that its snapshot sees them.
        with db_connect(get_db_name()).cursor() as setup_cr:
            env = api.Environment(setup_cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create(
                {"name": "Double Poster", "email": "dp@example.com"}
            )
            begin = fields.Datetime.now() + timedelta(days=20)
            event = env["event.event"].create(
                {
                    "name": "Race Lanterns",
                    "date_begin": begin,
                    "date_end": begin + timedelta(hours=2),
                    "portal_published": True,
                    "tenant_only": False,
                }
            )
            cls.committed = {"partner": partner.id, "event": event.id}
        super().setUpClass()

    @classmethod
    def _remove_committed_fixtures(cls):
        with db_connect(get_db_name()).cursor() as cleanup_cr:
            env = api.Environment(cleanup_cr, SUPERUSER_ID, {})
            event = env["event.event"].browse(cls.committed["event"])
            env["event.registration"].search([("event_id", "=", event.id)]).unlink()
            event.unlink()
            env["res.partner"].browse(cls.committed["partner"]).unlink()

    def test_simultaneous_post_gets_a_friendly_answer(self):
        event_id, partner_id = self.committed["event"], self.committed["partner"]
        self.env["res.users"].create(
            {
                "login": "double_poster",
                "password": "double_poster_pw",
                "partner_id": partner_id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.authenticate("double_poster", "double_poster_pw")
        page = self.url_open("/my/events")
        self.assertIn("Race Lanterns", page.text)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        # The tenant's other request registers and commits first.
        with db_connect(get_db_name()).cursor() as other_cr:
            api.Environment(other_cr, SUPERUSER_ID, {})["event.registration"].create(
                {"event_id": event_id, "partner_id": partner_id}
            )
        with mute_logger("odoo.sql_db"):
            response = self.url_open(f"/my/events/{event_id}/register", data={"csrf_token": token})
        self.assertEqual(response.status_code, 200)
        self.assertIn("You are already registered", response.text)
        with db_connect(get_db_name()).cursor() as check_cr:
            check_cr.execute(
                SQL(
                    "SELECT count(*) FROM event_registration WHERE event_id = %s"
                    " AND state != 'cancel'",
                    event_id,
                )
            )
            self.assertEqual(check_cr.fetchone()[0], 1)
