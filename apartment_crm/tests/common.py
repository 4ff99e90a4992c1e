# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import date

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class ApartmentCommon(BaseCommon):
    """Two buildings, a few units and tenants, and one user per role; no demo data used."""

    # Long on purpose: the shared test data, one record after the other.
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.user_manager = mail_new_test_user(
            cls.env,
            login="apt_manager",
            name="Mia Manager",
            groups="base.group_user,apartment_crm.group_apartment_manager",
        )
        cls.user_housekeeper = mail_new_test_user(
            cls.env,
            login="apt_housekeeper",
            name="Hank Housekeeper",
            groups="base.group_user,apartment_crm.group_apartment_user",
        )
        cls.user_employee = mail_new_test_user(
            cls.env, login="apt_employee", name="Eve Employee", groups="base.group_user"
        )
        cls.property = cls.env["apartment.property"].create(
            {"name": "Test Riverside", "code": "T-RIV", "manager_id": cls.user_manager.id}
        )
        cls.property_2 = cls.env["apartment.property"].create(
            {"name": "Test Garden", "code": "T-GDN"}
        )
        cls.unit_a, cls.unit_b, cls.unit_c = cls.env["apartment.unit"].create(
            [
                {
                    "name": "101",
                    "property_id": cls.property.id,
                    "floor": 1,
                    "area": 30,
                    "unit_type": "studio",
                    "list_rent": 4000,
                },
                {
                    "name": "102",
                    "property_id": cls.property.id,
                    "floor": 1,
                    "area": 55,
                    "bedrooms": 1,
                    "unit_type": "one_bedroom",
                    "list_rent": 6000,
                },
                {
                    "name": "201",
                    "property_id": cls.property_2.id,
                    "floor": 2,
                    "area": 70,
                    "bedrooms": 2,
                    "unit_type": "two_bedroom",
                    "list_rent": 8000,
                },
            ]
        )
        cls.tenant, cls.tenant_2 = cls.env["res.partner"].create(
            [
                {"name": "Zhang Wei 张伟", "email": "zhang.wei@example.com"},
                {"name": "Emma Schmidt", "email": "emma@example.com"},
            ]
        )

    @classmethod
    def _create_lease(cls, **vals):
        values = {
            "partner_id": cls.tenant.id,
            "unit_id": cls.unit_a.id,
            "date_start": date(2026, 1, 1),
            "date_end": date(2026, 12, 31),
            "rent_amount": 4000,
            "deposit_amount": 8000,
        }
        values.update(vals)
        values = {key: value for key, value in values.items() if value is not None}
        return cls.env["apartment.lease"].create(values)

    @contextmanager
    def assertRaisesRollback(self, exception, regex):
        """assertRaisesRegex that also rolls back what the failed call wrote (like assertRaises)."""
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield

    @classmethod
    def _create_portal_user(cls, partner, login):
        return mail_new_test_user(
            cls.env, login=login, partner_id=partner.id, groups="base.group_portal"
        )


class CronBatchMixin:
    """Call a cron method the way ``ir.cron._run_job`` does: ``cron_id`` and a progress record
    in the context; return the progress (``done``, ``remaining``) the call reported."""

    def _scheduler_call(self, xmlid, method, *args):
        cron = self.env.ref(xmlid)
        cron, progress = cron.with_context(cron_id=cron.id)._add_progress()
        model = self.env[cron.model_id.model].with_context(
            cron_id=cron.id, ir_cron_progress_id=progress.id
        )
        getattr(model, method)(*args)
        return progress

    def _assert_batched_run(self, xmlid, method, args, size, total, message):
        """Call the cron scheduler-style until it reports nothing left (at most ``total`` + 1
        calls) and check: the first call took one batch of ``size``, the last left nothing, and
        the batches add up to ``total`` (``message``: nothing processed twice)."""
        calls = []
        for _call in range(total + 1):
            progress = self._scheduler_call(xmlid, method, *args)
            calls.append((progress.done, progress.remaining))
            if not progress.remaining:
                break
        self.assertEqual(calls[0], (size, total - size), "one batch per call")
        self.assertEqual(calls[-1][1], 0)
        self.assertEqual(sum(done for done, __ in calls), total, message)
        return calls
