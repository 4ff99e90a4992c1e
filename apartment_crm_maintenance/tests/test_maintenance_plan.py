# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.apartment_crm.tests.common import CronBatchMixin

from .common import MaintenanceCommon


@tagged("post_install", "-at_install")
class TestMaintenancePlan(MaintenanceCommon):
    def test_occurrence_dates(self):
        self.assertEqual(
            self.plan._get_occurrence_dates(date(2026, 1, 1), date(2026, 4, 30)),
            [date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15), date(2026, 4, 15)],
        )
        # computed from the start, not step after step: the 31st stays the month's end
        self.plan.start_date = date(2026, 1, 31)
        self.assertEqual(
            self.plan._get_occurrence_dates(date(2027, 2, 1), date(2027, 4, 30)),
            [date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)],
        )
        self.plan.write({"interval": 2, "interval_unit": "week", "start_date": date(2026, 1, 5)})
        self.assertEqual(
            self.plan._get_occurrence_dates(date(2026, 3, 1), date(2026, 3, 31)),
            [date(2026, 3, 2), date(2026, 3, 16), date(2026, 3, 30)],
        )

    def test_generate_ahead_exactly_once(self):
        Plan = self.env["apartment.maintenance.plan"]
        Plan._cron_generate_requests(date(2026, 1, 1))
        requests = self._plan_requests()
        # the building's two elevators, not the pump nor the other building's elevator
        self.assertEqual(requests.equipment_id, self.lift_a | self.lift_b)
        self.assertEqual(set(requests.mapped("apartment_occurrence_date")), {date(2026, 1, 15)})
        self.assertEqual(set(requests.mapped("maintenance_type")), {"preventive"})
        self.assertEqual(requests.maintenance_team_id, self.team)
        self.assertEqual(requests.user_id, self.technician)
        self.assertEqual(requests.property_id, self.property)
        self.assertIn("Door sensors", requests[0].description)
        # the technician follows and has the to-do on the date
        self.assertEqual(requests.activity_ids.user_id, self.technician)
        self.assertEqual(set(requests.activity_ids.mapped("date_deadline")), {date(2026, 1, 15)})
        self.assertIn(self.technician.partner_id, requests[0].message_partner_ids)
        # a second run, same day or a day later: nothing new
        Plan._cron_generate_requests(date(2026, 1, 1))
        Plan._cron_generate_requests(date(2026, 1, 2))
        self.assertEqual(self._plan_requests(), requests)
        # the horizon moves: the February occurrence appears once
        Plan._cron_generate_requests(date(2026, 1, 20))
        Plan._cron_generate_requests(date(2026, 1, 21))
        self.assertEqual(len(self._plan_requests()), 4)
        self.assertEqual(self.plan.request_count, 4)

    def test_equipment_plan_and_team_fallback(self):
        plan = self.env["apartment.maintenance.plan"].create(
            {
                "name": "Pump tank cleaning",
                "equipment_id": self.pump.id,
                "interval": 10,
                "interval_unit": "day",
                "start_date": date(2026, 3, 1),
                "horizon_days": 20,
            }
        )
        plan._generate_requests(date(2026, 3, 1))
        requests = self._plan_requests(plan)
        self.assertEqual(requests.equipment_id, self.pump)
        self.assertEqual(
            requests.mapped("apartment_occurrence_date"),
            [date(2026, 3, 1), date(2026, 3, 11), date(2026, 3, 21)],
        )
        self.assertTrue(requests.maintenance_team_id, "a default team when neither is set")

    def test_unique_occurrence_in_sql(self):
        self.plan._generate_requests(date(2026, 1, 1))
        request = self._plan_requests()[0]
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            request.copy(
                {
                    "apartment_plan_id": self.plan.id,
                    "apartment_occurrence_date": request.apartment_occurrence_date,
                }
            )

    def test_archived_plan_generates_nothing(self):
        self.plan.active = False
        self.env["apartment.maintenance.plan"]._cron_generate_requests(date(2026, 1, 1))
        self.assertFalse(self._plan_requests())

    def test_bad_input(self):
        Plan = self.env["apartment.maintenance.plan"]
        base = {"name": "Bad", "category_id": self.cat_elevator.id}
        for field, value in [
            ("interval", 0),
            ("interval", -3),
            ("interval", 10**6),
            ("horizon_days", -1),
            ("horizon_days", 10000),
            ("duration", -1.0),
            ("duration", 1000.5),
        ]:
            with (
                self.subTest(field=field, value=value),
                mute_logger("odoo.sql_db"),
                self.assertRaises(IntegrityError),
                self.cr.savepoint(),
            ):
                Plan.create({**base, field: value})
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            Plan.create({"name": "No target"})
        # Not a number or beyond any amount: the suite's input guard, naming the field.
        for value, problem in [
            (float("nan"), "not a finite number"),
            (float("inf"), "not a finite number"),
            (1e12, "too large"),
        ]:
            with (
                self.subTest(field="duration", value=value),
                self.assertRaisesRegex(
                    ValidationError,
                    rf"^Duration \(hours\) \(Preventive Maintenance Plan\): .*{problem}",
                ),
            ):
                Plan.create({**base, "duration": value})
        with self.assertRaisesRegex(ValidationError, "not of category"):
            Plan.create({**base, "equipment_id": self.pump.id})

    def test_equipment_unit_must_be_in_building(self):
        with self.assertRaisesRegex(ValidationError, "is not in building"):
            self.lift_a.unit_id = self.unit_c  # unit_c is in the second building
        form = Form(self.env["maintenance.equipment"])
        form.name = "Unit water heater"
        form.unit_id = self.unit_b
        self.assertEqual(form.property_id, self.property)
        self.assertEqual(form.floor, 1)
        form.save()

    def test_history_counts(self):
        self.plan._generate_requests(date(2026, 1, 1))
        self.env["maintenance.request"].create(
            {"name": "Lift A stuck", "equipment_id": self.lift_a.id}
        )
        self.assertEqual(self.lift_a.failure_count, 1)
        self.assertEqual(self.lift_a.preventive_count, 1)
        action = self.lift_a.action_view_failures()
        self.assertEqual(
            self.env["maintenance.request"].search(action["domain"]).name, "Lift A stuck"
        )
        self.assertEqual(self.property.equipment_count, 3)

    def test_access(self):
        self.plan._generate_requests(date(2026, 1, 1))
        plan_as_housekeeper = self.plan.with_user(self.user_housekeeper)
        self.assertTrue(plan_as_housekeeper.name)
        with self.assertRaises(AccessError):
            plan_as_housekeeper.write({"interval": 2})
        # housekeepers see all the building work (not only what they follow)
        requests = (
            self.env["maintenance.request"]
            .with_user(self.user_housekeeper)
            .search([("apartment_plan_id", "=", self.plan.id)])
        )
        self.assertEqual(len(requests), 2)
        self.plan.with_user(self.user_manager).write({"interval": 2})
        self.assertEqual(self.plan.interval, 2)

    def test_dashboard_overdue_per_building(self):
        self.plan._generate_requests(date(2026, 1, 1))
        requests = self._plan_requests()
        done_stage = self.env["maintenance.stage"].search([("done", "=", True)], limit=1)
        requests[1].stage_id = done_stage
        self.env["maintenance.request"].create(
            {
                "name": "Lift stuck (not preventive)",
                "equipment_id": self.lift_a.id,
                "schedule_date": datetime(2026, 1, 2),
            }
        )
        Dashboard = self.env["apartment.dashboard"].with_user(self.user_manager)
        with freeze_time("2026-01-20 12:00:00"):
            section = Dashboard._get_dashboard_section_facilities()
            sections = Dashboard._get_dashboard_sections()
        self.assertIn("facilities", [s["key"] for s in sections])
        figures = {figure["key"]: figure for figure in section["figures"]}
        self.assertEqual(figures["facilities_overdue_preventive"]["value"], "1")
        building = figures[f"facilities_overdue_{self.property.id}"]
        self.assertEqual(building["value"], "1")
        self.assertEqual(
            self.env["maintenance.request"].search(building["action"]["domain"]), requests[0]
        )
        with freeze_time("2026-01-10 12:00:00"):
            section = Dashboard._get_dashboard_section_facilities()
        self.assertEqual(section["figures"][0]["value"], "0")

    def test_generation_queries_bounded(self):
        """The query count of a generation does not grow with the equipment."""
        Equipment = self.env["maintenance.equipment"]
        Plan = self.env["apartment.maintenance.plan"]
        self.plan._generate_requests(date(2026, 1, 1))  # warm up caches
        Equipment.create(
            [
                {
                    "name": f"Extra lift {i}",
                    "category_id": self.cat_elevator.id,
                    "property_id": self.property.id,
                    "technician_user_id": self.technician.id,
                }
                for i in range(20)
            ]
        )
        self.env.invalidate_all()
        # 22 requests, their activities and followers: 34 queries (one per request would be 56+)
        with self.assertQueryCount(__system__=36):
            Plan.browse(self.plan.ids)._generate_requests(date(2026, 2, 1))
        self.assertEqual(len(self._plan_requests()), 2 + 22)


@tagged("post_install", "-at_install")
class TestMaintenancePlanBatches(CronBatchMixin, MaintenanceCommon):
    def test_plans_in_batches_resume_and_never_double(self):
        day = date(2026, 1, 1)
        Plan = self.env["apartment.maintenance.plan"]
        Plan._cron_generate_requests(day)  # the database's plans (and self.plan) first
        plans = Plan.create(
            [
                {
                    "name": f"Batch check {index}",
                    "category_id": self.cat_elevator.id,
                    "property_id": self.property.id,
                    "interval": 1,
                    "interval_unit": "month",
                    "start_date": date(2026, 1, 10 + index),
                    "horizon_days": 30,
                    "maintenance_team_id": self.team.id,
                }
                for index in range(5)
            ]
        )
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.cron_batch_size", 2)
        xmlid = "apartment_crm_maintenance.ir_cron_apartment_maintenance_plan_generate"
        calls = []
        for _call in range(5):
            progress = self._scheduler_call(xmlid, "_cron_generate_requests", day)
            calls.append((progress.done, progress.remaining))
            if not progress.remaining:
                break
        self.assertEqual(calls, [(2, 3), (2, 1), (1, 0)])
        counts = [len(self._plan_requests(plan)) for plan in plans]
        self.assertEqual(counts, [2] * 5, "the building's two elevators, once per plan")
        progress = self._scheduler_call(xmlid, "_cron_generate_requests", day)
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        self.assertEqual([len(self._plan_requests(plan)) for plan in plans], counts)
        # Only the scheduled action sets the day (set by a user, the plan would be skipped).
        with self.assertRaisesRegex(UserError, "Requests Generated On"):
            plans[0].with_user(self.user_manager).write({"requests_generated_date": day})
