# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields
from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.apartment_crm.tests.common import ApartmentCommon

LEASE_LOGGER = "odoo.addons.apartment_crm_rent.models.apartment_lease"


@tagged("post_install", "-at_install")
class TestRentConcurrency(ApartmentCommon):
    # Not RentCommon: its uncommitted company settings would lock the company row that the
    # committed fixtures below must write.

    # Long on purpose: one scenario over three connections, sharing cursors and cleanup.
    def test_two_runs_at_once_never_duplicate(self):
        """The cron and a user invoice the same lease from two connections.

        1. While the first run holds the lease, the second skips it (SKIP LOCKED).
        2. A run whose snapshot predates the first run's commit does not see its invoice,
           locks the lease after the commit and tries again: the unique index refuses the
           duplicate, the batch is rolled back to its savepoint and the run goes on.
        """
        dbname = self.env.cr.dbname
        with db_connect(dbname).cursor() as setup_cr:
            env = self.env(cr=setup_cr)
            company = env.company
            saved = {
                "rent_product_id": company.rent_product_id.id,
                "rent_journal_id": company.rent_journal_id.id,
                "rent_auto_post": company.rent_auto_post,
                "rent_billing_day": company.rent_billing_day,
            }
            product = env["product.product"].create({"name": "Race Rent", "type": "service"})
            journal = env["account.journal"].search(
                [("type", "=", "sale"), *env["account.journal"]._check_company_domain(company)],
                limit=1,
            )
            company.write(
                {
                    "rent_product_id": product.id,
                    "rent_journal_id": journal.id,
                    "rent_auto_post": False,
                    "rent_billing_day": 1,
                }
            )
            prop = env["apartment.property"].create({"name": "Race Court", "code": "RACE-R"})
            unit = env["apartment.unit"].create({"name": "RACE-R1", "property_id": prop.id})
            tenant = env["res.partner"].create({"name": "Racer"})
            lease = env["apartment.lease"].create(
                {
                    "partner_id": tenant.id,
                    "unit_id": unit.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "rent_amount": 1000,
                }
            )
            lease.write({"state": "active"})
            prop._get_or_create_analytic_account()
            ids = {"property": prop.id, "unit": unit.id, "tenant": tenant.id, "lease": lease.id}
            ids["product"] = product.id
        cr1 = db_connect(dbname).cursor()
        cr2 = db_connect(dbname).cursor()
        cr3 = db_connect(dbname).cursor()
        # Only this test's lease is invoiced: the committed run must not touch other leases
        # of the database (e.g. demo data).
        try:
            env1, env2, env3 = (self.env(cr=cr) for cr in (cr1, cr2, cr3))
            # cr3 takes its snapshot now, before anything is invoiced.
            cr3.execute(SQL("SELECT count(*) FROM account_move WHERE lease_id = %s", ids["lease"]))
            self.assertEqual(cr3.fetchone()[0], 0)
            first = (
                env1["apartment.lease"]
                .browse(ids["lease"])
                ._generate_rent_invoices(date(2026, 1, 1), raise_errors=False)
            )
            self.assertEqual(len(first), 1)
            # 1. Same moment: the lease is locked by the first run, the second skips it, says
            # so and runs the cron again soon (in case the first run dies).
            cron = env2.ref("apartment_crm_rent.ir_cron_apartment_rent_invoices")
            Trigger = env2["ir.cron.trigger"].sudo()
            triggers_before = Trigger.search([("cron_id", "=", cron.id)])
            with self.assertLogs(LEASE_LOGGER, "WARNING") as logs:
                second = (
                    env2["apartment.lease"]
                    .browse(ids["lease"])
                    ._generate_rent_invoices(date(2026, 1, 1), raise_errors=False)
                )
            self.assertFalse(second)
            self.assertIn(str(ids["lease"]), logs.output[0])
            retry = Trigger.search([("cron_id", "=", cron.id)]) - triggers_before
            self.assertEqual(len(retry), 1)
            self.assertLessEqual(retry.call_at, fields.Datetime.now() + timedelta(hours=1))
            cr2.rollback()
            cr1.commit()
            # 2. Stale snapshot: the unique index refuses the duplicate, the cron survives.
            with self.assertLogs(LEASE_LOGGER, "WARNING"):
                third = (
                    env3["apartment.lease"]
                    .browse(ids["lease"])
                    ._generate_rent_invoices(date(2026, 1, 1), raise_errors=False)
                )
            self.assertFalse(third)
            cr3.commit()
            cr1.execute(SQL("SELECT count(*) FROM account_move WHERE lease_id = %s", ids["lease"]))
            self.assertEqual(cr1.fetchone()[0], 1)
        finally:
            for cr in (cr1, cr2, cr3):
                cr.rollback()
                cr.close()
            with db_connect(dbname).cursor() as cleanup_cr:
                cleanup_cr.execute(
                    SQL("DELETE FROM account_move WHERE lease_id = %s", ids["lease"])
                )
                cleanup_cr.execute(SQL("DELETE FROM apartment_lease WHERE id = %s", ids["lease"]))
                cleanup_cr.execute(SQL("DELETE FROM apartment_unit WHERE id = %s", ids["unit"]))
                cleanup_cr.execute(
                    SQL(
                        "UPDATE apartment_property SET analytic_account_id = NULL WHERE id = %s",
                        ids["property"],
                    )
                )
                cleanup_cr.execute(
                    SQL("DELETE FROM account_analytic_account WHERE code = 'RACE-R'")
                )
                cleanup_cr.execute(
                    SQL("DELETE FROM apartment_property WHERE id = %s", ids["property"])
                )
                cleanup_cr.execute(SQL("DELETE FROM res_partner WHERE id = %s", ids["tenant"]))
                cleanup_env = self.env(cr=cleanup_cr)
                cleanup_env.company.write(saved)
                cleanup_env["product.product"].browse(ids["product"]).product_tmpl_id.unlink()
