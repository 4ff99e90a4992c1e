# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError
from psycopg2.errors import ExclusionViolation

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.sql_db import db_connect
from odoo.tests import Form, tagged
from odoo.tools import SQL, mute_logger

from .common import ApartmentCommon


@tagged("post_install", "-at_install")
class TestLeaseLifecycle(ApartmentCommon):
    def test_create_defaults(self):
        lease = self._create_lease(rent_amount=None)
        self.assertTrue(lease.name.startswith("LEASE/"), lease.name)
        self.assertEqual(lease.state, "draft")
        self.assertEqual(lease.property_id, self.property)
        self.assertEqual(lease.currency_id, self.company.currency_id)
        self.assertEqual(lease.user_id, self.env.user)
        self.assertEqual(lease.duration_months, 12)
        # A lease without a rent starts from the unit's list rent.
        self.assertEqual(lease.rent_amount, 4000)

    def test_form_fills_rent_from_unit(self):
        with Form(self.env["apartment.lease"]) as form:
            form.partner_id = self.tenant
            form.unit_id = self.unit_b
            form.date_start = date(2026, 3, 1)
            form.date_end = date(2026, 8, 31)
            self.assertEqual(form.rent_amount, 6000)
            self.assertEqual(form.property_id, self.property)
        lease = form.save()
        self.assertEqual(lease.duration_months, 6)

    def test_names_are_unique_sequence(self):
        lease_1 = self._create_lease()
        lease_2 = self._create_lease(unit_id=self.unit_b.id)
        self.assertNotEqual(lease_1.name, lease_2.name)

    @freeze_time("2026-06-15")
    def test_full_lifecycle_and_unit_state(self):
        lease = self._create_lease()
        self.assertEqual(self.unit_a.state, "reserved", "a draft lease reserves the unit")
        lease.action_activate()
        self.assertEqual(lease.state, "active")
        self.assertEqual(self.unit_a.state, "occupied")
        self.assertEqual(self.unit_a.current_lease_id, lease)
        self.assertEqual(self.unit_a.current_tenant_id, self.tenant)
        self.assertTrue(self.tenant.is_tenant)
        self.assertEqual(self.tenant.current_lease_id, lease)
        self.assertEqual(self.tenant.move_in_date, date(2026, 1, 1))
        lease.action_end()
        self.assertEqual(lease.state, "ended")
        self.assertEqual(self.unit_a.state, "vacant")
        self.assertFalse(self.tenant.current_lease_id)
        self.assertTrue(self.tenant.is_tenant, "a former tenant stays a tenant")

    @freeze_time("2026-06-15")
    def test_cancel_and_reset(self):
        lease = self._create_lease()
        lease.action_cancel()
        self.assertEqual(lease.state, "cancelled")
        self.assertEqual(self.unit_a.state, "vacant")
        lease.action_draft()
        self.assertEqual(lease.state, "draft")
        lease.action_activate()
        lease.action_cancel()
        self.assertEqual(lease.state, "cancelled")

    def test_maintenance_toggle(self):
        self.unit_b.under_maintenance = True
        self.assertEqual(self.unit_b.state, "maintenance")
        self.unit_b.under_maintenance = False
        self.assertEqual(self.unit_b.state, "vacant")

    def test_unit_state_follows_calendar(self):
        with freeze_time("2026-06-15"):
            lease = self._create_lease(date_start=date(2026, 7, 1), date_end=date(2027, 6, 30))
            lease.action_activate()
            self.assertEqual(self.unit_a.state, "reserved", "signed but not started yet")
        with freeze_time("2026-07-01"):
            self.env["apartment.unit"]._cron_refresh_state()
            self.assertEqual(self.unit_a.state, "occupied")
            self.assertEqual(self.property.occupied_unit_count, 1)
            # 1 of the 2 units of the building is occupied.
            self.property.invalidate_recordset(["occupancy_rate"])
            self.assertAlmostEqual(self.property.occupancy_rate, 50.0)

    def test_is_tenant_search(self):
        lease = self._create_lease()
        Partner = self.env["res.partner"]
        self.assertNotIn(self.tenant, Partner.search([("is_tenant", "=", True)]))
        lease.action_activate()
        self.assertIn(self.tenant, Partner.search([("is_tenant", "=", True)]))
        self.assertNotIn(self.tenant, Partner.search([("is_tenant", "=", False)]))
        self.assertIn(self.tenant_2, Partner.search([("is_tenant", "!=", True)]))
        self.assertEqual(self.tenant.lease_count, 1)

    def test_smart_buttons(self):
        lease = self._create_lease()
        action = self.tenant.action_view_leases()
        self.assertEqual(self.env["apartment.lease"].search(action["domain"]), lease)
        action = self.unit_a.action_view_leases()
        self.assertEqual(self.env["apartment.lease"].search(action["domain"]), lease)
        action = self.property.action_view_units()
        self.assertEqual(
            self.env["apartment.unit"].search(action["domain"]), self.unit_a | self.unit_b
        )
        self.assertEqual(self.property.lease_count, 1)


@tagged("post_install", "-at_install")
class TestLeaseValidation(ApartmentCommon):
    def test_transitions_refused(self):
        lease = self._create_lease()
        with self.assertRaisesRegex(UserError, "only Active leases can be end"):
            lease.action_end()
        lease.action_activate()
        with self.assertRaisesRegex(UserError, "it is Active; only Draft leases"):
            lease.action_activate()
        with self.assertRaisesRegex(UserError, "only Cancelled leases"):
            lease.action_draft()
        lease.action_end()
        with self.assertRaisesRegex(UserError, "it is Ended"):
            lease.action_cancel()
        self.assertEqual(lease.state, "ended")

    def test_end_before_start(self):
        with self.assertRaisesRegex(ValidationError, "end date .* must be after the start date"):
            self._create_lease(date_start=date(2026, 5, 1), date_end=date(2026, 4, 30))
        lease = self._create_lease()
        with self.assertRaisesRegex(ValidationError, "must be after the start date"):
            lease.date_end = lease.date_start
        self.assertEqual(lease.date_end, date(2026, 12, 31))

    def test_negative_amounts(self):
        with self.assertRaisesRegex(ValidationError, "Monthly Rent cannot be negative"):
            self._create_lease(rent_amount=-1)
        with self.assertRaisesRegex(ValidationError, "Deposit cannot be negative"):
            self._create_lease(deposit_amount=-100)
        self.assertFalse(self.env["apartment.lease"].search([("partner_id", "=", self.tenant.id)]))
        lease = self._create_lease()
        with self.assertRaisesRegex(ValidationError, "Monthly Rent cannot be negative"):
            lease.rent_amount = -5
        self.assertEqual(lease.rent_amount, 4000)

    def test_amount_checks_in_sql(self):
        lease = self._create_lease()
        for column in ("rent_amount", "deposit_amount"):
            with self.subTest(column=column), mute_logger("odoo.sql_db"):
                with self.assertRaises(IntegrityError), self.cr.savepoint():
                    self.cr.execute(
                        SQL(
                            "UPDATE apartment_lease SET %s = -1 WHERE id = %s",
                            SQL.identifier(column),
                            lease.id,
                        )
                    )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.cr.execute(
                SQL("UPDATE apartment_lease SET date_end = date_start WHERE id = %s", lease.id)
            )

    def test_tenant_must_be_person_or_company(self):
        invoice_address = self.env["res.partner"].create(
            {"name": "Billing", "type": "invoice", "parent_id": self.tenant.id}
        )
        with self.assertRaisesRollback(ValidationError, "is an address .* not a person or company"):
            self._create_lease(partner_id=invoice_address.id)
        company_tenant = self.env["res.partner"].create({"name": "ACME Ltd", "is_company": True})
        self.assertTrue(self._create_lease(partner_id=company_tenant.id))

    def test_tenant_and_unit_of_same_company(self):
        other_company = self.env["res.company"].create({"name": "Other Operator"})
        foreign_tenant = self.env["res.partner"].create(
            {"name": "Foreigner", "company_id": other_company.id}
        )
        with self.assertRaisesRollback(ValidationError, "belongs to company Other Operator"):
            self._create_lease(partner_id=foreign_tenant.id)
        foreign_property = self.env["apartment.property"].create(
            {"name": "Far Away", "code": "FAR", "company_id": other_company.id}
        )
        foreign_unit = self.env["apartment.unit"].create(
            {"name": "1", "property_id": foreign_property.id}
        )
        with self.assertRaisesRollback(ValidationError, "unit FAR / 1 belongs to company Other"):
            self._create_lease(unit_id=foreign_unit.id)

    def test_delete_only_draft_or_cancelled(self):
        lease = self._create_lease()
        lease.action_activate()
        with self.assertRaisesRegex(UserError, "is Active and cannot be deleted"):
            lease.unlink()
        lease.action_cancel()
        lease.unlink()
        self.assertFalse(lease.exists())

    def test_unit_and_property_uniqueness(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["apartment.unit"].create({"name": "101", "property_id": self.property.id})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["apartment.property"].create({"name": "Dup", "code": "T-RIV"})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["apartment.unit"].create(
                {"name": "999", "property_id": self.property.id, "list_rent": -5}
            )


@tagged("post_install", "-at_install")
class TestLeaseOverlap(ApartmentCommon):
    def test_overlap_refused_with_message(self):
        first = self._create_lease()
        with self.assertRaisesRegex(ValidationError, f"already leased .* by {first.name}"):
            self._create_lease(
                partner_id=self.tenant_2.id,
                date_start=date(2026, 12, 31),
                date_end=date(2027, 6, 30),
            )
        # Back-to-back leases are fine.
        nxt = self._create_lease(
            partner_id=self.tenant_2.id, date_start=date(2027, 1, 1), date_end=date(2027, 6, 30)
        )
        # Moving a lease onto the other one's dates is refused too.
        with self.assertRaisesRegex(ValidationError, "already leased"):
            nxt.date_start = date(2026, 6, 1)
        # Another unit over the same dates is fine.
        self._create_lease(partner_id=self.tenant_2.id, unit_id=self.unit_b.id)

    def test_overlap_within_one_batch(self):
        with self.assertRaisesRegex(ValidationError, "already leased"):
            self.env["apartment.lease"].create(
                [
                    {
                        "partner_id": self.tenant.id,
                        "unit_id": self.unit_c.id,
                        "date_start": date(2026, 1, 1),
                        "date_end": date(2026, 6, 30),
                    },
                    {
                        "partner_id": self.tenant_2.id,
                        "unit_id": self.unit_c.id,
                        "date_start": date(2026, 6, 1),
                        "date_end": date(2026, 12, 31),
                    },
                ]
            )

    def test_overlap_message_hides_a_lease_the_user_cannot_read(self):
        """A tenant whose lease is written for them (sudo, e.g. a portal flow) is told that
        another lease overlaps, never its reference nor its tenant."""
        first = self._create_lease(partner_id=self.tenant_2.id)
        portal_user = self._create_portal_user(self.tenant, "apt_portal_overlap")
        vals = {
            "partner_id": self.tenant.id,
            "unit_id": self.unit_a.id,
            "date_start": date(2026, 6, 1),
            "date_end": date(2026, 12, 31),
        }
        Lease = self.env["apartment.lease"]
        for user in (portal_user, self.user_employee):
            with self.assertRaises(ValidationError) as caught:
                Lease.with_user(user).sudo().create(vals)
            message = caught.exception.args[0]
            self.assertIn("already leased from 2026-01-01 to 2026-12-31 by another lease", message)
            self.assertNotIn(first.name, message)
            self.assertNotIn(self.tenant_2.name, message)
        # A housekeeper, who may read the other lease, is told which one.
        with self.assertRaisesRegex(ValidationError, f"by {first.name} \\({self.tenant_2.name}"):
            Lease.with_user(self.user_housekeeper).create(vals)

    def test_ended_and_cancelled_leases_free_the_unit(self):
        first = self._create_lease()
        first.action_activate()
        first.action_end()
        second = self._create_lease(partner_id=self.tenant_2.id)
        second.action_cancel()
        third = self._create_lease(partner_id=self.tenant_2.id)
        self.assertEqual(third.state, "draft")
        # Reopening the cancelled one would overlap the third.
        with self.assertRaisesRegex(ValidationError, "already leased"):
            second.action_draft()
        self.assertTrue(self.unit_a._is_free_between(date(2027, 1, 1), date(2027, 12, 31)))
        self.assertFalse(self.unit_a._is_free_between(date(2026, 3, 1), date(2026, 3, 31)))

    def test_overlap_enforced_by_database(self):
        """Even when Python checks are bypassed, PostgreSQL's exclusion constraint refuses."""
        self._create_lease()
        other = self._create_lease(
            partner_id=self.tenant_2.id, date_start=date(2027, 1, 1), date_end=date(2027, 6, 30)
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(ExclusionViolation), self.cr.savepoint():
            self.cr.execute(
                SQL("UPDATE apartment_lease SET date_start = '2026-06-01' WHERE id = %s", other.id)
            )

    # Long on purpose: one scenario over two connections, sharing cursors and cleanup.
    def test_concurrent_creates_one_wins(self):
        """Two users confirm overlapping leases at the same moment, from two connections.

        Neither sees the other's uncommitted lease, so the Python check passes in both; the
        database's exclusion constraint makes the second one wait, then fail.
        """
        dbname = self.env.cr.dbname
        # Shared fixtures must be committed to be visible from both connections (the test
        # cursor never commits): real connections, cleaned up in `finally`.
        with db_connect(dbname).cursor() as setup_cr:
            setup_env = self.env(cr=setup_cr)
            prop = setup_env["apartment.property"].create({"name": "Race Court", "code": "RACE"})
            unit = setup_env["apartment.unit"].create({"name": "RACE-1", "property_id": prop.id})
            tenants = setup_env["res.partner"].create(
                [{"name": "Racer One"}, {"name": "Racer Two"}]
            )
            ids = {"property": prop.id, "unit": unit.id, "tenants": tenants.ids}
        results = {}

        def create_lease(key, cr, tenant_id):
            env = self.env(cr=cr)
            try:
                with mute_logger("odoo.sql_db"):
                    env["apartment.lease"].create(
                        {
                            "partner_id": tenant_id,
                            "unit_id": ids["unit"],
                            "date_start": date(2026, 1, 1),
                            "date_end": date(2026, 12, 31),
                        }
                    )
                    env.cr.flush()
                results[key] = "ok"
            except Exception as exc:  # noqa: BLE001 - the failure is the expected outcome
                results[key] = exc

        cr1 = db_connect(dbname).cursor()
        cr2 = db_connect(dbname).cursor()
        try:
            create_lease("first", cr1, ids["tenants"][0])
            self.assertEqual(results["first"], "ok")
            # The second insert blocks on the first's uncommitted row.
            thread = threading.Thread(target=create_lease, args=("second", cr2, ids["tenants"][1]))
            thread.start()
            thread.join(timeout=2)
            self.assertTrue(thread.is_alive(), "the second insert must wait for the first")
            cr1.commit()
            thread.join(timeout=30)
            self.assertFalse(thread.is_alive())
            self.assertIsInstance(results["second"], ExclusionViolation)
        finally:
            cr2.rollback()
            cr2.close()
            cr1.close()
            with db_connect(dbname).cursor() as cleanup_cr:
                cleanup_cr.execute(
                    SQL("DELETE FROM apartment_lease WHERE unit_id = %s", ids["unit"])
                )
                cleanup_cr.execute(SQL("DELETE FROM apartment_unit WHERE id = %s", ids["unit"]))
                cleanup_cr.execute(
                    SQL("DELETE FROM apartment_property WHERE id = %s", ids["property"])
                )
                cleanup_cr.execute(
                    SQL("DELETE FROM res_partner WHERE id IN %s", tuple(ids["tenants"]))
                )

    def test_partner_leases_command(self):
        """Leases can be written from the tenant's side too, with the same checks."""
        with self.assertRaisesRegex(ValidationError, "already leased"):
            self.tenant.write(
                {
                    "lease_ids": [
                        Command.create(
                            {
                                "unit_id": self.unit_b.id,
                                "date_start": date(2026, 1, 1),
                                "date_end": date(2026, 12, 31),
                            }
                        ),
                        Command.create(
                            {
                                "unit_id": self.unit_b.id,
                                "date_start": date(2026, 2, 1),
                                "date_end": date(2026, 3, 31),
                            }
                        ),
                    ]
                }
            )
