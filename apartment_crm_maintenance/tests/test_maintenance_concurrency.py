# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger


@tagged("post_install", "-at_install")
class TestPlanConcurrency(TransactionCase):
    """Two workers generate the same plan at the same time: each occurrence exists once."""

    def setUp(self):
        super().setUp()
        self.dbname = self.env.cr.dbname
        with db_connect(self.dbname).cursor() as setup_cr:
            env = self.env(cr=setup_cr)
            prop = env["apartment.property"].create({"name": "Race Tower", "code": "RACE-T"})
            equipment = env["maintenance.equipment"].create(
                [
                    {
                        "name": f"Race lift {i}",
                        "category_id": env.ref(
                            "apartment_crm_maintenance.equipment_category_elevator"
                        ).id,
                        "property_id": prop.id,
                    }
                    for i in range(3)
                ]
            )
            plan = env["apartment.maintenance.plan"].create(
                {
                    "name": "Race weekly check",
                    "category_id": equipment.category_id.id,
                    "property_id": prop.id,
                    "interval": 1,
                    "interval_unit": "week",
                    "start_date": date(2026, 1, 5),
                    "horizon_days": 13,
                }
            )
            self.ids = {"property": prop.id, "equipment": equipment.ids, "plan": plan.id}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with db_connect(self.dbname).cursor() as cleanup_cr:
            env = self.env(cr=cleanup_cr)
            env["maintenance.request"].search(
                [("apartment_plan_id", "=", self.ids["plan"])]
            ).unlink()
            env["apartment.maintenance.plan"].browse(self.ids["plan"]).unlink()
            env["maintenance.equipment"].browse(self.ids["equipment"]).unlink()
            env["apartment.property"].browse(self.ids["property"]).unlink()

    def _count(self, cr):
        cr.execute(
            SQL(
                "SELECT count(*), count(DISTINCT (equipment_id, apartment_occurrence_date)) "
                "FROM maintenance_request WHERE apartment_plan_id = %s",
                self.ids["plan"],
            )
        )
        return cr.fetchone()

    def _run(self, test):
        crs = [db_connect(self.dbname).cursor() for __ in range(3)]
        try:
            plans = [
                self.env(cr=cr)["apartment.maintenance.plan"].browse(self.ids["plan"]) for cr in crs
            ]
            test(crs, plans)
        finally:
            for cr in crs:
                cr.rollback()
                cr.close()

    def test_two_workers_at_once(self):
        """The second worker skips the plan the first is generating (advisory lock)."""

        def scenario(crs, plans):
            first = plans[0]._generate_requests(date(2026, 1, 5))
            second = plans[1]._generate_requests(date(2026, 1, 5))  # does not wait
            self.assertEqual(len(first), 3 * 2)  # 3 lifts x (Jan 5, Jan 12)
            self.assertFalse(second)
            crs[0].commit()
            crs[1].commit()
            self.assertEqual(self._count(crs[2]), (6, 6))

        self._run(scenario)

    def test_second_worker_with_older_snapshot(self):
        """A worker whose snapshot predates the other's commit hits the unique key: it skips
        the plan instead of failing or duplicating, and the cron run goes on."""

        def scenario(crs, plans):
            self.assertEqual(self._count(crs[1]), (0, 0))  # snapshot of the second worker
            plans[0]._generate_requests(date(2026, 1, 5))
            crs[0].commit()
            with mute_logger("odoo.sql_db", "odoo.addons.apartment_crm_maintenance"):
                second = plans[1]._generate_requests(date(2026, 1, 5))
            self.assertFalse(second)
            crs[1].commit()
            # a third run later sees them all and adds only the new week
            third = plans[2]._generate_requests(date(2026, 1, 12))
            self.assertEqual(len(third), 3)
            crs[2].commit()
            self.assertEqual(self._count(crs[2]), (9, 9))

        self._run(scenario)
