# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

MOVE_LOGGER = "odoo.addons.apartment_crm_rent.models.account_move"


@tagged("post_install", "-at_install")
class TestLateFeeConcurrency(TransactionCase):
    """Two late-fee runs charge the same overdue rent invoice: the one whose snapshot
    predates the other's commit skips the batch (and says so) instead of failing."""

    # Long on purpose: one scenario over two connections, sharing cursors and cleanup.
    def test_racing_late_fee_run_skips(self):
        dbname = self.env.cr.dbname
        with db_connect(dbname).cursor() as setup_cr:
            env = self.env(cr=setup_cr)
            company = env.company
            fields_saved = [
                "rent_product_id",
                "rent_journal_id",
                "rent_auto_post",
                "rent_late_fee_type",
                "rent_late_fee_rate",
                "rent_late_fee_cap",
                "rent_late_fee_grace_days",
                "rent_late_fee_date_from",
                "rent_late_fee_product_id",
            ]
            saved = company._convert_to_write(company.read(fields_saved)[0])
            saved.pop("id", None)
            product = env["product.product"].create(
                {"name": "Race Late Rent", "type": "service", "taxes_id": [Command.clear()]}
            )
            journal = env["account.journal"].search(
                [("type", "=", "sale"), *env["account.journal"]._check_company_domain(company)],
                limit=1,
            )
            company.write(
                {
                    "rent_product_id": product.id,
                    "rent_journal_id": journal.id,
                    "rent_auto_post": False,
                    "rent_late_fee_type": "fixed",
                    "rent_late_fee_rate": 10,
                    "rent_late_fee_cap": 0,
                    "rent_late_fee_grace_days": 0,
                    "rent_late_fee_date_from": date(2026, 1, 1),
                    "rent_late_fee_product_id": False,
                }
            )
            tenant = env["res.partner"].create({"name": "Late Racer"})
            prop = env["apartment.property"].create({"name": "Late Race Court", "code": "RACE-L"})
            unit = env["apartment.unit"].create({"name": "RACE-L1", "property_id": prop.id})
            lease = env["apartment.lease"].create(
                {
                    "partner_id": tenant.id,
                    "unit_id": unit.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "rent_amount": 1000,
                }
            )
            invoice = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": tenant.id,
                    "journal_id": journal.id,
                    "invoice_date": date(2026, 1, 1),
                    "invoice_date_due": date(2026, 1, 5),
                    "rent_kind": "rent",
                    "lease_id": lease.id,
                    "invoice_line_ids": [
                        Command.create({"product_id": product.id, "price_unit": 1000})
                    ],
                }
            )
            ids = {"tenant": tenant.id, "invoice": invoice.id, "product": product.id}
            ids.update(property=prop.id, unit=unit.id, lease=lease.id)
        cr1 = db_connect(dbname).cursor()
        cr2 = db_connect(dbname).cursor()
        count_fees = SQL(
            "SELECT count(*) FROM account_move WHERE rent_late_fee_source_id = %s", ids["invoice"]
        )
        try:
            # Both runs take their snapshot before either charged the fee.
            for cr in (cr1, cr2):
                cr.execute(count_fees)
                self.assertEqual(cr.fetchone()[0], 0)
            first = (
                self.env(cr=cr1)["account.move"]
                .browse(ids["invoice"])
                ._generate_rent_late_fees(date(2026, 1, 15))
            )
            self.assertEqual(len(first), 1)
            cr1.commit()
            with self.assertLogs(MOVE_LOGGER, "WARNING") as logs:
                second = (
                    self.env(cr=cr2)["account.move"]
                    .browse(ids["invoice"])
                    ._generate_rent_late_fees(date(2026, 1, 15))
                )
            self.assertFalse(second)
            self.assertIn(str(ids["invoice"]), logs.output[0])
            cr2.commit()
            cr1.execute(count_fees)
            self.assertEqual(cr1.fetchone()[0], 1)
        finally:
            for cr in (cr1, cr2):
                cr.rollback()
                cr.close()
            with db_connect(dbname).cursor() as cleanup_cr:
                cleanup_cr.execute(
                    SQL(
                        "DELETE FROM account_move WHERE rent_late_fee_source_id = %s",
                        ids["invoice"],
                    )
                )
                cleanup_cr.execute(SQL("DELETE FROM account_move WHERE id = %s", ids["invoice"]))
                cleanup_cr.execute(SQL("DELETE FROM apartment_lease WHERE id = %s", ids["lease"]))
                cleanup_cr.execute(SQL("DELETE FROM apartment_unit WHERE id = %s", ids["unit"]))
                cleanup_cr.execute(
                    SQL("DELETE FROM apartment_property WHERE id = %s", ids["property"])
                )
                cleanup_cr.execute(SQL("DELETE FROM res_partner WHERE id = %s", ids["tenant"]))
                cleanup_env = self.env(cr=cleanup_cr)
                cleanup_env.company.write(saved)
                cleanup_env["product.product"].browse(ids["product"]).product_tmpl_id.unlink()
