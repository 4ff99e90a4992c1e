# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.apartment_crm.tests.common import ApartmentCommon, CronBatchMixin

from .common import VisitCommon


@tagged("post_install", "-at_install")
class TestRegularVisits(VisitCommon):
    def test_plan_even_and_idempotent(self):
        visits = self._mine(self.Visit._cron_plan_visits(date(2026, 4, 1)))
        self.assertEqual(visits.partner_id, self.tenants | self.tenant_2)
        mine = visits.filtered(lambda v: v.user_id == self.user_housekeeper).sorted("date_planned")
        self.assertEqual(len(mine), 8)
        self.assertEqual(set(mine.mapped("period_start")), {date(2026, 4, 1)})
        self.assertEqual(set(mine.mapped("period_end")), {date(2026, 6, 30)})
        # Evenly spread over the 65 working days of the quarter: one visit every 8 or 9
        # working days, never on a weekend.
        working = self.Visit._get_working_days(date(2026, 4, 1), date(2026, 6, 30))
        self.assertEqual(len(working), 65)
        positions = [working.index(day) for day in mine.mapped("date_planned")]
        gaps = {b - a for a, b in zip(positions, positions[1:], strict=False)}
        self.assertTrue(gaps <= {8, 9}, gaps)
        self.assertTrue(all(d.weekday() < 5 for d in mine.mapped("date_planned")))
        # Each visit has its activity, for the housekeeper, on the planned day.
        self.assertEqual(mine.activity_id.user_id, self.user_housekeeper)
        self.assertEqual(
            [a.date_deadline for a in mine.activity_id.sorted("date_deadline")],
            mine.mapped("date_planned"),
        )
        # Idempotent: running again (same day, later in the period) plans nothing.
        self.assertFalse(self._mine(self.Visit._cron_plan_visits(date(2026, 4, 1))))
        self.assertFalse(self._mine(self.Visit._cron_plan_visits(date(2026, 5, 20))))
        # The next quarter gets its own visits.
        self.assertEqual(len(self._mine(self.Visit._cron_plan_visits(date(2026, 7, 1)))), 9)

    def test_late_start_spreads_over_the_rest(self):
        visits = self._mine(self.Visit._cron_plan_visits(date(2026, 6, 1)))
        self.assertTrue(all(v.date_planned >= date(2026, 6, 1) for v in visits))
        self.assertTrue(all(v.date_planned <= date(2026, 6, 30) for v in visits))

    def test_unique_key_in_sql(self):
        visit = self._mine(self.Visit._cron_plan_visits(date(2026, 4, 1)))[:1]
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            visit.copy()

    def test_tier_rhythm(self):
        core = self.env.ref("apartment_crm.tier_core")
        self.assertEqual(core.visit_interval_months, 2, "core tenants are visited more often")
        self.tenants[0].sudo().with_context(tier_engine=True).tenant_tier_id = core
        visits = self._mine(self.Visit._cron_plan_visits(date(2026, 3, 10)))
        core_visit = visits.filtered(lambda v: v.partner_id == self.tenants[0])
        self.assertEqual(
            (core_visit.period_start, core_visit.period_end), (date(2026, 3, 1), date(2026, 4, 30))
        )
        other = visits.filtered(lambda v: v.partner_id == self.tenants[1])
        self.assertEqual(
            (other.period_start, other.period_end), (date(2026, 1, 1), date(2026, 3, 31))
        )

    def test_ended_lease_not_planned(self):
        self.leases[0].action_end()
        visits = self._mine(self.Visit._cron_plan_visits(date(2026, 4, 1)))
        self.assertNotIn(self.tenants[0], visits.partner_id)

    def test_outcome_logged_on_tenant(self):
        visit = self._mine(self.Visit._cron_plan_visits(date(2026, 4, 1))).filtered(
            lambda v: v.partner_id == self.tenants[0]
        )
        activity = visit.activity_id
        as_housekeeper = visit.with_user(self.user_housekeeper)
        with self.assertRaisesRegex(UserError, "Satisfaction"):
            as_housekeeper.action_reached()
        as_housekeeper.write({"satisfaction": "4", "issue": "Noisy air conditioner"})
        as_housekeeper.action_reached()
        self.assertEqual(visit.state, "reached")
        self.assertFalse(activity.exists(), "the activity is done")
        message = self.tenants[0].message_ids[:1]
        self.assertIn("Noisy air conditioner", message.body)
        self.assertIn("4 - Satisfied", message.body)
        self.assertEqual(self.tenants[0].visit_last_satisfaction, "4")
        with self.assertRaisesRegex(UserError, "only Planned"):
            as_housekeeper.action_not_reached()

    def test_not_reached_and_state_guard(self):
        visit = self._mine(self.Visit._cron_plan_visits(date(2026, 4, 1)))[:1]
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            visit.with_user(self.user_housekeeper).write({"state": "reached"})
        visit.with_user(self.user_housekeeper).action_not_reached()
        self.assertEqual(visit.state, "not_reached")

    def test_overdue_on_housekeeper_dashboard(self):
        self.Visit._cron_plan_visits(date(2026, 4, 1))
        with freeze_time("2026-04-20"):
            self.env.invalidate_all()
            data = (
                self.env["apartment.dashboard"]
                .with_user(self.user_housekeeper)
                .get_dashboard_data()
            )
            figures = {f["key"]: f for s in data["sections"] for f in s["figures"]}
            overdue = self.Visit.with_user(self.user_housekeeper).search(
                figures["visits_overdue_mine"]["action"]["domain"]
            )
        self.assertEqual(int(figures["visits_overdue_mine"]["value"]), len(overdue))
        self.assertEqual(len(overdue), 2, "planned on Apr 1 and Apr 13 (working days 0, 8)")
        self.assertEqual(overdue.user_id, self.user_housekeeper)

    def test_bad_input(self):
        tier = self.env.ref("apartment_crm.tier_core")
        for value in (0, 5, -3, 10**6):
            with (
                self.subTest(value=value),
                mute_logger("odoo.sql_db"),
                self.assertRaises(IntegrityError),
                self.cr.savepoint(),
            ):
                tier.visit_interval_months = value
        visit = self._mine(self.Visit._cron_plan_visits(date(2026, 4, 1)))[:1]
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            visit.date_planned = date(2026, 9, 1)

    def test_access(self):
        portal = self._create_portal_user(self.tenants[0], "visit_portal")
        with self.assertRaises(AccessError):
            self.Visit.with_user(portal).search([])
        with self.assertRaises(AccessError):
            self.Visit.with_user(self.user_employee).search([])


@tagged("post_install", "-at_install")
class TestVisitCronBatches(CronBatchMixin, ApartmentCommon):
    """Run by the scheduler, one call plans whole housekeeper periods, a batch at a time."""

    def test_batches_of_whole_housekeeper_periods(self):
        day = date(2026, 4, 1)
        Visit = self.env["apartment.visit"]
        Visit._cron_plan_visits(day)  # the database's own tenants (demo data) first
        building = self.env["apartment.property"].create({"name": "Batch Tower", "code": "BVIS"})
        units = self.env["apartment.unit"].create(
            [{"name": f"BV{i}", "property_id": building.id} for i in range(5)]
        )
        tenants = self.env["res.partner"].create([{"name": f"Batch Visit {i}"} for i in range(5)])
        users = [self.user_housekeeper] * 3 + [self.user_manager] * 2
        leases = self.env["apartment.lease"].concat(
            *(
                self._create_lease(partner_id=tenant.id, unit_id=unit.id, user_id=user.id)
                for tenant, unit, user in zip(tenants, units, users, strict=True)
            )
        )
        leases.action_activate()
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.cron_batch_size", 3)
        xmlid = "apartment_crm_visit.ir_cron_plan_visits"
        progress = self._scheduler_call(xmlid, "_cron_plan_visits", day)
        self.assertEqual((progress.done, progress.remaining), (3, 2))
        planned = Visit.search([("partner_id", "in", tenants.ids)])
        self.assertEqual(planned.partner_id, tenants[:3], "the first housekeeper's period whole")
        progress = self._scheduler_call(xmlid, "_cron_plan_visits", day)
        self.assertEqual((progress.done, progress.remaining), (2, 0))
        progress = self._scheduler_call(xmlid, "_cron_plan_visits", day)
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        planned = Visit.search([("partner_id", "in", tenants.ids)])
        self.assertEqual(len(planned), 5, "one visit per tenant, none doubled")
        self.assertEqual(planned.partner_id, tenants)
