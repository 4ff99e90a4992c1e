# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The tenure anniversary and balance check crons work in committed batches when Odoo's
scheduler runs them; a batch a concurrent run makes fail is skipped, logged and retried."""

from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.apartment_crm.tests.common import CronBatchMixin

from ..models.apartment_loyalty_entry import BALANCE_CHECK_CURSOR
from .common import LoyaltyCommon

CRON_LOGGER = "odoo.addons.apartment_crm.tools.cron"
ANNIVERSARY_CRON = "apartment_crm_loyalty.ir_cron_loyalty_tenure_anniversary"
CHECK_CRON = "apartment_crm_loyalty.ir_cron_loyalty_check_balances"


def _pending_anniversaries(env, day):
    """The tenants a scheduled anniversary run still has to award at ``day``."""
    Rule = env["apartment.loyalty.rule"]
    tenants = env["res.partner"].sudo().search(Rule._get_anniversary_tenants_domain(day))
    awards = Rule._get_anniversary_awards(tenants, day, 30)
    return Rule._get_pending_partners("tenure_anniversary", awards)


@tagged("post_install", "-at_install")
class TestLoyaltyCronBatches(CronBatchMixin, LoyaltyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tenant_3 = cls.env["res.partner"].create({"name": "Batch tenant 3"})
        with freeze_time("2025-03-10"):
            leases = cls.env["apartment.lease"].browse()
            for tenant, unit in (
                (cls.tenant, cls.unit_a),
                (cls.tenant_2, cls.unit_b),
                (cls.tenant_3, cls.unit_c),
            ):
                leases |= cls._create_lease(
                    partner_id=tenant.id,
                    unit_id=unit.id,
                    date_start=date(2025, 3, 10),
                    date_end=date(2027, 3, 9),
                )
            leases.action_activate()
        cls.tenants = cls.tenant | cls.tenant_2 | cls.tenant_3

    def _anniversary_entries(self):
        return self.Entry.search(
            [("rule_id", "=", self.rule_tenure.id), ("partner_id", "in", self.tenants.ids)]
        )

    def test_anniversary_batches_and_resumes(self):
        day = date(2026, 3, 15)
        pending = _pending_anniversaries(self.env, day)
        self.assertLessEqual(set(self.tenants.ids), pending)
        total = len(pending)
        size = 1 if total <= 3 else total - 2
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.engine_batch_size", size)
        self._assert_batched_run(
            ANNIVERSARY_CRON, "_cron_tenure_anniversary", (day,), size, total, "nobody taken twice"
        )
        entries = self._anniversary_entries()
        self.assertEqual(entries.partner_id, self.tenants)
        self.assertEqual(entries.mapped("source_key"), ["2026"] * 3, "each awarded once")
        self.assertFalse(_pending_anniversaries(self.env, day))
        # Everything awarded: a further scheduler call, or a manual run, awards nothing.
        progress = self._scheduler_call(ANNIVERSARY_CRON, "_cron_tenure_anniversary", day)
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        self.env["apartment.loyalty.rule"]._cron_tenure_anniversary(day)
        self.assertEqual(self._anniversary_entries(), entries)

    def test_anniversary_describes_only_what_it_posts(self):
        """A scheduler call looks at every tenant's anniversary but renders the entry texts
        (every language) only for the batch it posts: 20,000 tenants are not 20,000
        descriptions per call."""
        day = date(2026, 3, 15)
        total = len(_pending_anniversaries(self.env, day))
        self.assertGreaterEqual(total, 3)
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.engine_batch_size", 1)
        Entry = type(self.env["apartment.loyalty.entry"])
        original = Entry._in_every_lang
        rendered = []

        def counting(entry_model, render):
            rendered.append(render)
            return original(entry_model, render)

        with patch.object(Entry, "_in_every_lang", counting):
            progress = self._scheduler_call(ANNIVERSARY_CRON, "_cron_tenure_anniversary", day)
        self.assertEqual((progress.done, progress.remaining), (1, total - 1))
        self.assertEqual(len(rendered), 1, "one entry posted, one text rendered")
        entry = self.Entry.search(
            [("rule_id", "=", self.rule_tenure.id), ("date", "<=", day)], order="id desc", limit=1
        )
        self.assertIn("year(s) with us", entry.with_context(lang="en_US").description)

    def test_anniversary_zero_points_is_not_pending(self):
        """A tenant whose award is zero points (tier multiplier 0) is never pending: the
        scheduled job does not call itself again for them."""
        zero = self.env["apartment.tenant.tier"].create(
            {"name": "Zero", "code": "TZERO", "sequence": 98, "points_multiplier": 0}
        )
        self.tenant_3.tenant_tier_id = zero
        pending = _pending_anniversaries(self.env, date(2026, 3, 15))
        self.assertIn(self.tenant.id, pending)
        self.assertNotIn(self.tenant_3.id, pending)

    def test_balance_check_batches_and_resumes(self):
        self._earn(self.tenant, 10, date(2026, 1, 1))
        self.cr.execute(
            SQL("UPDATE res_partner SET loyalty_balance = 99 WHERE id = %s", self.tenant.id)
        )
        self.env["res.partner"].invalidate_model(["loyalty_balance"])
        self.cr.execute("SELECT count(*) FROM res_partner")
        total = self.cr.fetchone()[0]
        size = -(-total // 3)
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param("apartment_crm.loyalty_check_batch_size", size)
        Param.set_param(BALANCE_CHECK_CURSOR, "0")
        calls, found = [], []
        Entry = self.env["apartment.loyalty.entry"]
        with mute_logger("odoo.addons.apartment_crm_loyalty.models.apartment_loyalty_entry"):
            for _call in range(5):
                cron = self.env.ref(CHECK_CRON)
                cron, progress = cron.with_context(cron_id=cron.id)._add_progress()
                found += (
                    self.env["res.partner"]
                    .with_context(cron_id=cron.id, ir_cron_progress_id=progress.id)
                    ._cron_check_loyalty_balances()
                )
                calls.append((progress.done, progress.remaining))
                if not progress.remaining:
                    break
        self.assertEqual(calls[0], (size, total - size), "one batch of partners per call")
        self.assertEqual(len(calls), 3, "the next calls carry on after the last one checked")
        self.assertEqual(sum(done for done, __ in calls), total, "each partner checked once")
        self.assertIn((self.tenant.id, 99.0, 10.0), found)
        self.assertEqual(len([m for m in found if m[0] == self.tenant.id]), 1)
        self.assertEqual(Param.get_param(BALANCE_CHECK_CURSOR), "0", "next run starts over")
        # Cheap: one query per batch for the check itself.
        self.env.flush_all()
        with self.assertQueryCount(1):
            Entry._balance_mismatches_batch(0, size)
        # By hand: every partner at once.
        with mute_logger("odoo.addons.apartment_crm_loyalty.models.apartment_loyalty_entry"):
            self.assertIn(
                (self.tenant.id, 99.0, 10.0), self.env["res.partner"]._cron_check_loyalty_balances()
            )


@tagged("post_install", "-at_install")
class TestLoyaltyCronConcurrency(TransactionCase):
    """A scheduled call that a concurrent run beats is skipped with a log naming what it
    skipped, calls the job again in a few minutes, and does not fail.

    Not built on the loyalty fixtures: this test's own cursor takes no row lock, so the
    second connection never waits for it. Only no-op updates are committed.
    """

    def _scheduler_env(self, cr, xmlid):
        env = self.env(cr=cr)
        cron = env.ref(xmlid)
        cron, progress = cron.with_context(cron_id=cron.id)._add_progress()
        return env(context={"cron_id": cron.id, "ir_cron_progress_id": progress.id}), progress

    def _triggers(self, env, xmlid):
        return env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", env.ref(xmlid).id)])

    def test_anniversary_batch_beaten_by_a_concurrent_run_is_skipped(self):
        Rule = self.env["apartment.loyalty.rule"]
        tenant = (
            self.env["res.partner"]
            .sudo()
            .search(Rule._get_anniversary_tenants_domain(date.today()), order="id", limit=1)
        )
        if not tenant or not Rule._get_rules("tenure_anniversary"):
            self.skipTest("needs a committed tenant with an active lease and an anniversary rule")
        # An anniversary years ahead: nobody was awarded it yet.
        day = tenant.move_in_date + relativedelta(years=date.today().year - 2000)
        with (
            db_connect(self.env.cr.dbname).cursor() as cr1,
            db_connect(self.env.cr.dbname).cursor() as cr2,
        ):
            env2, progress = self._scheduler_env(cr2, ANNIVERSARY_CRON)
            self.assertIn(tenant.id, _pending_anniversaries(env2, day))  # cr2's snapshot
            triggers = self._triggers(env2, ANNIVERSARY_CRON)
            # Another transaction changes the tenant and commits meanwhile.
            cr1.execute(SQL("UPDATE res_partner SET name = name WHERE id = %s", tenant.id))
            cr1.commit()
            with self.assertLogs(CRON_LOGGER, "WARNING") as logs, mute_logger("odoo.sql_db"):
                entries = env2["apartment.loyalty.rule"]._cron_tenure_anniversary(day)
            self.assertFalse(entries)
            self.assertIn(str(tenant.id), logs.output[0])
            self.assertIn("skipped", logs.output[0])
            self.assertEqual(progress.done, 0, "no work done: the scheduler stops for now")
            self.assertGreaterEqual(progress.remaining, 1)
            self.assertEqual(self._triggers(env2, ANNIVERSARY_CRON), triggers + 1, "retry soon")
            cr2.execute("SELECT 1")  # the transaction goes on
            cr2.rollback()

    def test_balance_check_cursor_moved_by_a_concurrent_run_is_skipped(self):
        dbname = self.env.cr.dbname
        with db_connect(dbname).cursor() as cr0:
            before = self.env(cr=cr0)["ir.config_parameter"].sudo().get_param(BALANCE_CHECK_CURSOR)
            self.env(cr=cr0)["ir.config_parameter"].sudo().set_param(BALANCE_CHECK_CURSOR, "0")
        try:
            with db_connect(dbname).cursor() as cr1, db_connect(dbname).cursor() as cr2:
                env2, progress = self._scheduler_env(cr2, CHECK_CRON)
                # Several batches (this transaction only): the call moves the cursor.
                env2["ir.config_parameter"].sudo().set_param(
                    "apartment_crm.loyalty_check_batch_size", 1
                )
                triggers = self._triggers(env2, CHECK_CRON)
                # Another run checked a batch and moved the cursor meanwhile.
                cr1.execute(
                    SQL(
                        "UPDATE ir_config_parameter SET value = '1' WHERE key = %s",
                        BALANCE_CHECK_CURSOR,
                    )
                )
                cr1.commit()
                with self.assertLogs(CRON_LOGGER, "WARNING") as logs, mute_logger("odoo.sql_db"):
                    result = env2["res.partner"]._cron_check_loyalty_balances()
                self.assertEqual(result, [])
                self.assertIn("Loyalty balance check", logs.output[0])
                self.assertEqual(progress.done, 0)
                self.assertEqual(self._triggers(env2, CHECK_CRON), triggers + 1)
                cr2.rollback()
        finally:
            with db_connect(dbname).cursor() as cr0:
                Param = self.env(cr=cr0)["ir.config_parameter"].sudo()
                Param.set_param(BALANCE_CHECK_CURSOR, before or False)
