# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The daily engine crons work in committed batches when Odoo's scheduler runs them."""

from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import errors as pg_errors

from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from ..tools import concurrent_batch, lock_batch, not_done_in_run
from .common import ApartmentCommon, CronBatchMixin


@tagged("post_install", "-at_install")
class TestEngineCronBatches(CronBatchMixin, ApartmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tenants = cls.env["res.partner"].create(
            [{"name": f"Batch tenant {index}"} for index in range(5)]
        )
        cls.units = cls.env["apartment.unit"].create(
            [
                {"name": f"B{index}", "property_id": cls.property.id, "list_rent": 3000}
                for index in range(5)
            ]
        )
        leases = cls.env["apartment.lease"].create(
            [
                {
                    "partner_id": tenant.id,
                    "unit_id": unit.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "rent_amount": 3000,
                }
                for tenant, unit in zip(cls.tenants, cls.units, strict=True)
            ]
        )
        leases.action_activate()
        cls.day = date(2026, 6, 30)

    def _run_until_done(self, xmlid, method, field, domain):
        """Batches of a third of the tenants the cron works on: call like the scheduler until
        nothing remains; return the per-call progress and the tenants evaluated at the day."""
        everyone = self.env["res.partner"].search(domain)
        self.assertLessEqual(self.tenants, everyone)
        size = max(2, -(-len(everyone) // 3))
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.engine_batch_size", size)
        calls = []
        for _attempt in range(5):
            progress = self._scheduler_call(xmlid, method, self.day)
            calls.append((progress.done, progress.remaining))
            if not progress.remaining:
                break
        # The engines write their results with SQL: read them again.
        self.env.invalidate_all()
        evaluated = everyone.filtered(lambda tenant: tenant[field] == self.day)
        return everyone, size, calls, evaluated

    def test_tier_cron_batches_and_resumes(self):
        xmlid = "apartment_crm.ir_cron_evaluate_tenant_tiers"
        everyone, size, calls, evaluated = self._run_until_done(
            xmlid, "_cron_evaluate_tenant_tiers", "tier_evaluated_date", [("is_tenant", "=", True)]
        )
        total = len(everyone)
        self.assertEqual(calls[0], (size, total - size), "one call evaluates one batch only")
        self.assertEqual(len(calls), 3, "the next calls carry on where the first stopped")
        self.assertEqual(calls[-1][1], 0)
        self.assertEqual(sum(done for done, _left in calls), total, "nobody evaluated twice")
        self.assertEqual(evaluated, everyone)
        # Everything done for the day: a further scheduler call has nothing to do.
        progress = self._scheduler_call(xmlid, "_cron_evaluate_tenant_tiers", self.day)
        self.assertEqual((progress.done, progress.remaining), (0, 0))

    def test_churn_cron_batches_and_resumes(self):
        everyone, size, calls, evaluated = self._run_until_done(
            "apartment_crm.ir_cron_evaluate_churn_risk",
            "_cron_evaluate_churn_risk",
            "churn_evaluated_date",
            [("lease_ids.state", "=", "active")],
        )
        self.assertEqual(evaluated, everyone)
        self.assertEqual(len(calls), 3)
        self.assertTrue(all(done <= size for done, _left in calls))
        self.assertEqual(sum(done for done, _left in calls), len(everyone))

    def test_manual_run_evaluates_everyone_at_once(self):
        """Run Manually, a shell or a test call the job once: all the work in that call, and
        again on the same day (an operator re-runs it after changing the criteria)."""
        self.env["apartment.tenant.tier"]._cron_evaluate_tenant_tiers(self.day)
        self.env["apartment.churn.signal"]._cron_evaluate_churn_risk(self.day)
        self.assertTrue(all(tenant.tier_evaluated_date == self.day for tenant in self.tenants))
        self.assertTrue(all(tenant.churn_evaluated_date == self.day for tenant in self.tenants))

    def test_bad_batch_size_falls_back_to_the_default(self):
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.engine_batch_size", "abc")
        progress = self._scheduler_call(
            "apartment_crm.ir_cron_evaluate_churn_risk", "_cron_evaluate_churn_risk", self.day
        )
        self.assertEqual(progress.remaining, 0)
        self.assertTrue(all(tenant.churn_evaluated_date == self.day for tenant in self.tenants))


@tagged("post_install", "-at_install")
class TestLockBatch(ApartmentCommon):
    """``lock_batch``: two runs at once take different records; a record committed by another
    run after this run's snapshot makes the batch empty, never an error."""

    def test_two_cursors_take_different_records(self):
        partners = self.env["res.partner"].search([], order="id", limit=4)
        self.assertEqual(len(partners), 4, "committed records of the database (not changed)")
        with (
            db_connect(self.env.cr.dbname).cursor() as cr1,
            db_connect(self.env.cr.dbname).cursor() as cr2,
        ):
            first = lock_batch(partners.with_env(self.env(cr=cr1)), 2)
            second = lock_batch(partners.with_env(self.env(cr=cr2)), 2)
            self.assertEqual(first.ids, partners[:2].ids)
            self.assertEqual(second.ids, partners[2:].ids, "the held ones are skipped")
            self.assertFalse(lock_batch(partners.with_env(self.env(cr=cr2)), 2) - second)
            cr1.rollback()
            cr2.rollback()

    def test_record_changed_since_the_snapshot_gives_an_empty_batch(self):
        partners = self.env["res.partner"].search([], order="id", limit=2)
        with (
            db_connect(self.env.cr.dbname).cursor() as cr1,
            db_connect(self.env.cr.dbname).cursor() as cr2,
        ):
            cr2.execute("SELECT 1")  # cr2's snapshot starts here
            # A no-op update committed by another transaction: a new row version.
            cr1.execute(SQL("UPDATE res_partner SET name = name WHERE id = %s", partners[0].id))
            cr1.commit()
            with self.assertLogs("odoo.addons.apartment_crm.tools.cron", "WARNING"):
                batch = lock_batch(partners.with_env(self.env(cr=cr2)), 2)
            self.assertFalse(batch)
            cr2.rollback()


@tagged("post_install", "-at_install")
class TestConcurrentBatch(ApartmentCommon):
    """``concurrent_batch``: a batch that a concurrent run makes fail is skipped, logged and
    retried soon by the scheduler; outside the scheduler the error is raised."""

    def test_serialization_failure_skips_the_batch_and_retries_soon(self):
        partner = self.env["res.partner"].search([], order="id", limit=1)
        cron = self.env.ref("apartment_crm.ir_cron_evaluate_tenant_tiers")
        with (
            db_connect(self.env.cr.dbname).cursor() as cr1,
            db_connect(self.env.cr.dbname).cursor() as cr2,
        ):
            env2 = self.env(cr=cr2, context={"cron_id": cron.id})
            cr2.execute("SELECT 1")  # cr2's snapshot starts here
            cr1.execute(SQL("UPDATE res_partner SET name = name WHERE id = %s", partner.id))
            cr1.commit()
            triggers = env2["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)])
            with (
                self.assertLogs("odoo.addons.apartment_crm.tools.cron", "WARNING") as logs,
                mute_logger("odoo.sql_db"),
            ):
                with concurrent_batch(env2, "Test batch", partner.with_env(env2)) as state:
                    cr2.execute(SQL("UPDATE res_partner SET name = name WHERE id = %s", partner.id))
            self.assertTrue(state["skipped"])
            self.assertIn(str(partner.id), logs.output[0])
            self.assertEqual(
                env2["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)]),
                triggers + 1,
                "the job is called again soon",
            )
            # The transaction goes on after the skipped batch.
            cr2.execute("SELECT 1")
            cr2.rollback()

    def test_outside_the_scheduler_the_error_is_raised(self):
        partner = self.env["res.partner"].search([], order="id", limit=1)
        with (
            db_connect(self.env.cr.dbname).cursor() as cr1,
            db_connect(self.env.cr.dbname).cursor() as cr2,
        ):
            env2 = self.env(cr=cr2)
            cr2.execute("SELECT 1")
            cr1.execute(SQL("UPDATE res_partner SET name = name WHERE id = %s", partner.id))
            cr1.commit()
            with (
                self.assertRaises(pg_errors.SerializationFailure),
                mute_logger("odoo.sql_db"),
                concurrent_batch(env2, "Test batch", partner.with_env(env2)),
            ):
                cr2.execute(SQL("UPDATE res_partner SET name = name WHERE id = %s", partner.id))
            cr2.rollback()


@tagged("post_install", "-at_install")
class TestUnitStateCronBatches(CronBatchMixin, ApartmentCommon):
    """The unit state refresh: one batch of units per scheduler call, resumed by the next."""

    XMLID = "apartment_crm.ir_cron_apartment_unit_refresh_state"

    @freeze_time("2026-06-30")
    def test_batches_resume_and_refresh_the_state(self):
        # Signed in May for July: reserved; the state follows the calendar on July 1st.
        lease = self._create_lease(date_start=date(2026, 7, 1), date_end=date(2027, 6, 30))
        lease.action_activate()
        self.assertEqual(self.unit_a.state, "reserved")
        units = self.env["apartment.unit"].search([("under_maintenance", "=", False)])
        size = -(-len(units) // 3)
        self.env["ir.config_parameter"].sudo().set_param(
            "apartment_crm.unit_state_batch_size", size
        )
        calls = []
        with freeze_time("2026-07-01"):
            for _attempt in range(5):
                progress = self._scheduler_call(self.XMLID, "_cron_refresh_state")
                calls.append((progress.done, progress.remaining))
                if not progress.remaining:
                    break
            self.assertEqual(calls[0], (size, len(units) - size), "one call, one batch")
            self.assertEqual(len(calls), 3, "the next calls carry on where the first stopped")
            self.assertEqual(sum(done for done, _left in calls), len(units), "none done twice")
            units.invalidate_recordset()
            self.assertEqual(set(units.mapped("state_refreshed_date")), {date(2026, 7, 1)})
            self.assertEqual(self.unit_a.state, "occupied")
            # All done today: a further call has nothing to do; Run Manually redoes them all.
            progress = self._scheduler_call(self.XMLID, "_cron_refresh_state")
            self.assertEqual((progress.done, progress.remaining), (0, 0))
            self.env["apartment.unit"]._cron_refresh_state()


@tagged("post_install", "-at_install")
class TestUnitStateCronConcurrency(TransactionCase):
    """Units another transaction holds or changed are skipped with a log, never an error.

    On the committed units of the database, on a day no run has refreshed them yet."""

    XMLID = "apartment_crm.ir_cron_apartment_unit_refresh_state"

    def _call(self, env):
        cron = env.ref(self.XMLID)
        cron, progress = cron.with_context(cron_id=cron.id)._add_progress()
        env["apartment.unit"].with_context(
            cron_id=cron.id, ir_cron_progress_id=progress.id
        )._cron_refresh_state()
        return progress

    @freeze_time("2031-01-02")
    def test_held_unit_is_skipped_and_taken_by_the_next_call(self):
        units = self.env["apartment.unit"].search([("under_maintenance", "=", False)], order="id")
        self.assertGreater(len(units), 1, "committed units of the database (not changed)")
        with (
            db_connect(self.env.cr.dbname).cursor() as cr1,
            db_connect(self.env.cr.dbname).cursor() as cr2,
        ):
            cr1.execute(SQL("SELECT id FROM apartment_unit WHERE id = %s FOR UPDATE", units[0].id))
            env2 = self.env(cr=cr2)
            progress = self._call(env2)
            self.assertEqual((progress.done, progress.remaining), (len(units) - 1, 1))
            cr1.rollback()
            # The held unit was left for the next call, which takes it.
            progress = self._call(env2)
            self.assertEqual((progress.done, progress.remaining), (1, 0))
            cr2.rollback()

    @freeze_time("2031-01-02")
    def test_unit_changed_since_the_snapshot_skips_the_batch_and_retries_soon(self):
        units = self.env["apartment.unit"].search([("under_maintenance", "=", False)], order="id")
        with (
            db_connect(self.env.cr.dbname).cursor() as cr1,
            db_connect(self.env.cr.dbname).cursor() as cr2,
        ):
            env2 = self.env(cr=cr2)
            cron = env2.ref(self.XMLID)
            triggers = env2["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)])
            # cr2's snapshot is older than a change cr1 commits (a no-op: a new row version).
            cr1.execute(SQL("UPDATE apartment_unit SET name = name WHERE id = %s", units[0].id))
            cr1.commit()
            with self.assertLogs("odoo.addons.apartment_crm.tools.cron", "WARNING") as logs:
                progress = self._call(env2)
            self.assertIn(str(units[0].id), logs.output[0])
            self.assertEqual((progress.done, progress.remaining), (0, len(units)))
            self.assertEqual(
                env2["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)]),
                triggers + 1,
                "the job is called again soon",
            )
            cr2.rollback()


@tagged("post_install", "-at_install")
class TestKpiCronBatches(CronBatchMixin, ApartmentCommon):
    """The KPI refresh: (company, month) pairs in batches, resumed by the next call."""

    XMLID = "apartment_crm.ir_cron_refresh_kpis"

    def setUp(self):
        super().setUp()
        self.Kpi = self.env["apartment.kpi"]
        self.Kpi.search([]).unlink()
        self.day = date(2026, 6, 10)
        self.companies = self.env["apartment.property"].search([]).company_id
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.kpi_batch_size", 5)

    def _pairs(self):
        return {(row.company_id, row.month) for row in self.Kpi.search([])}

    def test_batches_resume_without_redoing(self):
        total = 12 * len(self.companies)  # nothing measured yet: a year each
        progress = self._scheduler_call(self.XMLID, "_cron_refresh_kpis", self.day)
        self.assertEqual((progress.done, progress.remaining), (5, total - 5))
        first = self.Kpi.search([])
        self.assertEqual(len(self._pairs()), 5)
        self.assertEqual(set(first.mapped("refreshed_date")), {self.day})
        calls = [(progress.done, progress.remaining)]
        for _attempt in range(10):
            progress = self._scheduler_call(self.XMLID, "_cron_refresh_kpis", self.day)
            calls.append((progress.done, progress.remaining))
            if not progress.remaining:
                break
        self.assertEqual(sum(done for done, _left in calls), total, "no month measured twice")
        self.assertEqual(len(self._pairs()), total)
        self.assertEqual(first.exists(), first, "the first batch's figures are not redone")
        progress = self._scheduler_call(self.XMLID, "_cron_refresh_kpis", self.day)
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        # The next day: only the current and previous month of each company.
        progress = self._scheduler_call(
            self.XMLID, "_cron_refresh_kpis", self.day + timedelta(days=1)
        )
        self.assertEqual(progress.done + progress.remaining, 2 * len(self.companies))

    def test_manual_run_refreshes_everything_at_once(self):
        self.Kpi._cron_refresh_kpis(self.day)
        first = self.Kpi.search([])
        self.assertEqual(len(self._pairs()), 12 * len(self.companies))
        # Run Manually again on the same day: the current and previous months are measured
        # again, the older ones kept.
        self.Kpi._cron_refresh_kpis(self.day)
        kept = first.exists()
        self.assertTrue(kept)
        self.assertNotIn(self.day.replace(day=1), kept.mapped("month"))

    def test_concurrent_refresh_skips_the_batch_with_a_log(self):
        cron = self.env.ref(self.XMLID)
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        error = pg_errors.UniqueViolation(
            'duplicate key value violates "apartment_kpi_kpi_month_unique"'
        )
        with (
            patch.object(type(self.Kpi), "_kpi_new_leases", side_effect=error, autospec=True),
            self.assertLogs("odoo.addons.apartment_crm.tools.cron", "WARNING") as logs,
        ):
            progress = self._scheduler_call(self.XMLID, "_cron_refresh_kpis", self.day)
        self.assertIn("KPI refresh of 2026-02, 2026-03, 2026-04, 2026-05, 2026-06", logs.output[0])
        self.assertIn("UniqueViolation", logs.output[0])
        total = 12 * len(self.companies)
        self.assertEqual((progress.done, progress.remaining), (0, total))
        self.assertFalse(self.Kpi.search([]), "the batch was rolled back whole")
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1
        )
        # The retry does the batch.
        progress = self._scheduler_call(self.XMLID, "_cron_refresh_kpis", self.day)
        self.assertEqual((progress.done, progress.remaining), (5, total - 5))


@tagged("post_install", "-at_install")
class TestNotDoneInRun(ApartmentCommon):
    """``not_done_in_run``: in a scheduler run, what was stamped before the cron's previous run
    ended is to do again, what is stamped at or after it (this run) is done."""

    def test_domain(self):
        cron = self.env.ref("apartment_crm.ir_cron_refresh_kpis")
        lastcall = datetime(2026, 6, 30, 10, 0, 0)
        env = self.env(context={"cron_id": cron.id, "lastcall": lastcall})
        self.assertEqual(
            not_done_in_run(env, [("active", "=", True)], "write_date"),
            [
                "&",
                ("active", "=", True),
                "|",
                ("write_date", "=", False),
                ("write_date", "<", lastcall),
            ],
        )
        # Without lastcall in the context, the cron's; never run: only what was never stamped.
        cron.lastcall = False
        env = self.env(context={"cron_id": cron.id})
        self.assertEqual(not_done_in_run(env, [], "write_date"), [("write_date", "=", False)])
        # Outside a scheduler run, everything.
        self.assertEqual(
            not_done_in_run(self.env, [("active", "=", True)], "write_date"),
            [("active", "=", True)],
        )
