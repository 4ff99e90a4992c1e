# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The returning perk expiry works in committed batches when Odoo's scheduler runs it."""

from datetime import date

from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.apartment_crm.tests.common import CronBatchMixin

from .common import RenewalCommon

CRON = "apartment_crm_renewal.ir_cron_apartment_returning_perk_expire"
CRON_LOGGER = "odoo.addons.apartment_crm.tools.cron"
# After every perk of the database: everything available is expired at this day.
FAR_DAY = date(2100, 1, 1)


@tagged("post_install", "-at_install")
class TestReturningPerkExpiryBatches(CronBatchMixin, RenewalCommon):
    def test_expiry_in_batches_and_resumes(self):
        Perk = self.env["apartment.returning.perk"]
        own = Perk.create(
            [
                {"partner_id": partner.id, "valid_until": date(2026, 6, day)}
                for partner, day in ((self.tenant, 1), (self.tenant_2, 2), (self.tenant, 3))
            ]
        )
        kept = Perk.create({"partner_id": self.tenant_2.id, "valid_until": FAR_DAY})
        total = Perk.search_count(Perk._get_expired_domain(FAR_DAY))
        self.assertGreaterEqual(total, 3)
        size = max(1, total - 2)
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.cron_batch_size", size)
        self._assert_batched_run(
            CRON, "_cron_expire", (FAR_DAY,), size, total, "no perk expired twice"
        )
        self.assertEqual(set(own.mapped("state")), {"expired"})
        self.assertEqual(kept.state, "available", "still valid that day")
        progress = self._scheduler_call(CRON, "_cron_expire", FAR_DAY)
        self.assertEqual((progress.done, progress.remaining), (0, 0))

    def test_manual_run_expires_everything_at_once(self):
        Perk = self.env["apartment.returning.perk"]
        own = Perk.create(
            [{"partner_id": self.tenant.id, "valid_until": date(2026, 6, d)} for d in (1, 2)]
        )
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.cron_batch_size", 1)
        expired = Perk._cron_expire(date(2026, 7, 1))
        self.assertLessEqual(own, expired)
        self.assertEqual(set(own.mapped("state")), {"expired"})


@tagged("post_install", "-at_install")
class TestReturningPerkExpiryConcurrency(TransactionCase):
    """A perk another transaction changed meanwhile (e.g. used it on a new lease): the batch
    is skipped with a log naming it, the job is called again in a few minutes, no failure.

    The perk is committed (the second connection must see it), then removed."""

    def test_batch_changed_by_a_concurrent_run_is_skipped(self):
        dbname = self.env.cr.dbname
        with db_connect(dbname).cursor() as setup_cr:
            env = self.env(cr=setup_cr)
            partner = env["res.partner"].create({"name": "Racing Returner"})
            perk = env["apartment.returning.perk"].create(
                {"partner_id": partner.id, "valid_until": date(2026, 1, 31)}
            )
            ids = {"partner": partner.id, "perk": perk.id}
        try:
            with db_connect(dbname).cursor() as cr1, db_connect(dbname).cursor() as cr2:
                env2 = self.env(cr=cr2)
                cron = env2.ref(CRON)
                cron, progress = cron.with_context(cron_id=cron.id)._add_progress()
                env2 = env2(context={"cron_id": cron.id, "ir_cron_progress_id": progress.id})
                Trigger = env2["ir.cron.trigger"].sudo()
                triggers = Trigger.search_count([("cron_id", "=", cron.id)])
                # cr2's snapshot is taken; another transaction changes the perk and commits.
                cr1.execute(
                    SQL(
                        "UPDATE apartment_returning_perk SET state = state WHERE id = %s",
                        ids["perk"],
                    )
                )
                cr1.commit()
                with self.assertLogs(CRON_LOGGER, "WARNING") as logs, mute_logger("odoo.sql_db"):
                    expired = env2["apartment.returning.perk"]._cron_expire(FAR_DAY)
                self.assertFalse(expired)
                self.assertIn(str(ids["perk"]), logs.output[0])
                self.assertEqual(progress.done, 0)
                self.assertGreaterEqual(progress.remaining, 1, "left for the retry")
                self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), triggers + 1)
                cr2.execute("SELECT 1")  # the transaction goes on
                cr2.rollback()
        finally:
            with db_connect(dbname).cursor() as cleanup_cr:
                cleanup_cr.execute(
                    SQL(
                        "DELETE FROM mail_message WHERE model = %s AND res_id = %s",
                        "apartment.returning.perk",
                        ids["perk"],
                    )
                )
                cleanup_cr.execute(
                    SQL("DELETE FROM apartment_returning_perk WHERE id = %s", ids["perk"])
                )
                cleanup_cr.execute(
                    SQL(
                        "DELETE FROM mail_message WHERE model = %s AND res_id = %s",
                        "res.partner",
                        ids["partner"],
                    )
                )
                cleanup_cr.execute(SQL("DELETE FROM res_partner WHERE id = %s", ids["partner"]))
