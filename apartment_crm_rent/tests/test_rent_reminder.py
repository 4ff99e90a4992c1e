# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from psycopg2.errors import UniqueViolation

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import RentCommon


@tagged("post_install", "-at_install")
class TestRentReminder(RentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Level = cls.env["apartment.rent.reminder.level"]
        Level.search([("company_id", "=", cls.company.id)]).unlink()
        cls.friendly, cls.overdue, cls.second, cls.manager = Level.create(
            [
                {
                    "name": "Friendly",
                    "days": -3,
                    "mail_template_id": cls.env.ref(
                        "apartment_crm_rent.mail_template_rent_reminder_friendly"
                    ).id,
                },
                {
                    "name": "Overdue",
                    "days": 1,
                    "mail_template_id": cls.env.ref(
                        "apartment_crm_rent.mail_template_rent_reminder_overdue"
                    ).id,
                },
                {
                    "name": "Second",
                    "days": 7,
                    "activity_user": "housekeeper",
                    "activity_summary": "Call the tenant",
                },
                {"name": "Manager", "days": 15, "activity_user": "manager"},
            ]
        )
        cls.lease = cls._create_active_lease(
            date_start=date(2026, 1, 1), user_id=cls.user_housekeeper.id
        )
        cls.lease._generate_rent_invoices(date(2026, 1, 1))
        cls.invoice = cls.env["account.move"].search([("lease_id", "=", cls.lease.id)])
        cls.Level = Level

    def _logs(self):
        return self.env["apartment.rent.reminder.log"].search(
            [("invoice_id", "=", self.invoice.id)], order="id"
        )

    def test_ladder_each_level_once(self):
        self.Level._cron_send_rent_reminders(date(2025, 12, 28))
        self.Level._cron_send_rent_reminders(date(2025, 12, 29))
        self.assertEqual(self._logs().level_id, self.friendly)
        message = self.invoice.message_ids[0]
        self.assertIn("friendly reminder", message.body)
        self.assertIn(self.tenant, message.partner_ids)
        self.assertEqual(message.message_type, "comment")
        self.Level._cron_send_rent_reminders(date(2026, 1, 2))
        self.Level._cron_send_rent_reminders(date(2026, 1, 3))
        self.assertEqual(self._logs().level_id, self.friendly | self.overdue)
        self.assertIn("is still open", self.invoice.message_ids[0].body)
        self.Level._cron_send_rent_reminders(date(2026, 1, 8))
        activity = self.lease.activity_ids
        self.assertEqual(activity.user_id, self.user_housekeeper)
        self.assertEqual(activity.summary, "Call the tenant")
        self.assertIn(self.invoice.name, activity.note)
        self.assertIn("Second", self.invoice.message_ids[0].body, "logged in the chatter")
        self.Level._cron_send_rent_reminders(date(2026, 1, 16))
        self.assertEqual(self.lease.activity_ids.user_id, self.user_housekeeper | self.user_manager)
        self.assertEqual(len(self._logs()), 4)
        self.Level._cron_send_rent_reminders(date(2026, 3, 1))
        self.assertEqual(len(self._logs()), 4)

    def test_late_start_fires_only_the_highest_level(self):
        self.Level._cron_send_rent_reminders(date(2026, 1, 9))
        logs = self._logs()
        self.assertEqual(logs.level_id, self.friendly | self.overdue | self.second)
        self.assertEqual(logs.filtered(lambda log: not log.skipped).level_id, self.second)
        self.assertEqual(len(self.lease.activity_ids), 1)

    def test_stops_when_paid(self):
        self.Level._cron_send_rent_reminders(date(2025, 12, 29))
        self._pay(self.invoice, date(2025, 12, 30))
        self.Level._cron_send_rent_reminders(date(2026, 1, 20))
        self.assertEqual(self._logs().level_id, self.friendly)

    def test_log_unique_per_invoice_and_level(self):
        self.Level._cron_send_rent_reminders(date(2025, 12, 29))
        with mute_logger("odoo.sql_db"), self.assertRaises(UniqueViolation), self.cr.savepoint():
            self.env["apartment.rent.reminder.log"].create(
                {"invoice_id": self.invoice.id, "level_id": self.friendly.id, "date": date.today()}
            )

    def test_batches_report_progress_and_resume(self):
        """A run over 5 invoices with a batch of 2 handles 2 and reports 3 left; the next runs
        do the rest, never twice."""
        when = date(2026, 1, 2)  # the "Overdue" level is reached, the "Second" not yet
        # Whatever else this database has pending on that day is done first.
        self.Level._cron_send_rent_reminders(when, batch_size=100000)
        units = self.env["apartment.unit"].create(
            [{"name": f"Batch {i}", "property_id": self.property.id} for i in range(5)]
        )
        leases = self.env["apartment.lease"].union(
            *(self._create_active_lease(unit_id=unit.id) for unit in units)
        )
        leases._generate_rent_invoices(date(2026, 1, 1))
        invoices = self.Move.search([("lease_id", "in", leases.ids), ("rent_kind", "=", "rent")])
        self.assertEqual(len(invoices), 5)
        cron = self.env.ref("apartment_crm_rent.ir_cron_apartment_rent_reminders")

        def run():
            progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
            logs = self.Level.with_context(ir_cron_progress_id=progress.id)
            logs = logs._cron_send_rent_reminders(when, batch_size=2)
            return logs, (progress.done, progress.remaining)

        first, progress = run()
        self.assertEqual(len(first.invoice_id), 2)
        self.assertEqual(progress, (2, 3))
        second, progress = run()
        self.assertEqual(progress, (2, 1))
        third, progress = run()
        self.assertEqual(progress, (1, 0))
        last, progress = run()
        self.assertFalse(last)
        self.assertEqual(progress, (0, 0))
        logs = first | second | third
        self.assertEqual(logs.invoice_id, invoices)
        self.assertEqual(
            len(logs), len({(log.invoice_id, log.level_id) for log in logs}), "no level twice"
        )
        self.assertEqual(logs.filtered(lambda log: not log.skipped).level_id, self.overdue)
        # Queued, not sent in the batch: the reminders wait in the outgoing queue.
        mails = self.env["mail.mail"].search(
            [("model", "=", "account.move"), ("res_id", "in", invoices.ids)]
        )
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})


@tagged("post_install", "-at_install")
class TestRentLateFee(RentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "rent_late_fee_type": "percent",
                "rent_late_fee_rate": 0.5,  # % per day
                "rent_late_fee_cap": 300,
                "rent_late_fee_grace_days": 3,
                "rent_late_fee_date_from": date(2026, 1, 1),
            }
        )
        cls.lease = cls._create_active_lease(date_start=date(2026, 1, 1))
        cls.lease._generate_rent_invoices(date(2026, 2, 1))
        cls.jan, cls.feb = cls.env["account.move"].search(
            [("lease_id", "=", cls.lease.id)], order="rent_period_start"
        )

    def _fees(self):
        return self.env["account.move"].search(
            [("lease_id", "=", self.lease.id), ("rent_kind", "=", "late_fee")]
        )

    def test_fee_when_paid_late_once(self):
        self._pay(self.jan, date(2026, 1, 8))  # 7 days late, 4 beyond grace
        self._pay(self.feb, date(2026, 2, 3))  # within grace: no fee
        Move = self.env["account.move"]
        Move._cron_generate_rent_late_fees(date(2026, 2, 10))
        Move._cron_generate_rent_late_fees(date(2026, 2, 11))
        fee = self._fees()
        self.assertRecordValues(
            fee,
            [
                {
                    "rent_late_fee_source_id": self.jan.id,
                    "amount_total": 80.0,  # 4000 * 0.5% * 4 days
                    "state": "posted",
                    "partner_id": self.tenant.id,
                }
            ],
        )

    def test_fee_capped_for_unpaid_after_the_period(self):
        Move = self.env["account.move"]
        Move._cron_generate_rent_late_fees(date(2026, 1, 20))
        self.assertFalse(self._fees(), "the period is not over yet")
        Move._cron_generate_rent_late_fees(date(2026, 2, 15))
        fee = self._fees()
        self.assertEqual(fee.rent_late_fee_source_id, self.jan)
        self.assertEqual(fee.amount_total, 300.0, "41 days beyond grace, capped")
        self.company.write({"rent_late_fee_type": "fixed", "rent_late_fee_rate": 2})
        Move._cron_generate_rent_late_fees(date(2026, 3, 10))
        fees = self._fees()
        feb_fee = fees - fee
        self.assertEqual(feb_fee.amount_total, 2 * (37 - 3))
        Move._cron_generate_rent_late_fees(date(2026, 3, 11))
        self.assertEqual(self._fees(), fees)

    def test_not_retroactive(self):
        """Switching late fees on charges nothing for rent due before that day, paid or not."""
        self.company.write({"rent_late_fee_type": "none"})
        self.company.write({"rent_late_fee_type": "fixed", "rent_late_fee_rate": 2})
        self.assertEqual(
            self.company.rent_late_fee_date_from,
            # The user's today (Asia/Shanghai is a day ahead of UTC after 16:00 UTC).
            fields.Date.context_today(self.company),
            "switching the late fee on starts the policy today",
        )
        self.company.rent_late_fee_date_from = date(2026, 2, 1)
        self._pay(self.jan, date(2026, 1, 20))  # late, but due before the policy
        self.env["account.move"]._cron_generate_rent_late_fees(date(2026, 3, 15))
        fee = self._fees()
        self.assertEqual(fee.rent_late_fee_source_id, self.feb, "only February is charged")
        # Changing the rate later keeps the policy's start.
        self.company.rent_late_fee_rate = 3
        self.assertEqual(self.company.rent_late_fee_date_from, date(2026, 2, 1))

    def test_fee_invoice_tells_what_it_charges(self):
        self.env["account.move"]._cron_generate_rent_late_fees(date(2026, 2, 15))
        fee = self._fees()
        self.assertRecordValues(
            fee,
            [
                {
                    "rent_period_start": date(2026, 1, 1),
                    "rent_period_end": date(2026, 1, 31),
                    "invoice_origin": self.jan.name,
                }
            ],
        )
        label = fee.invoice_line_ids.name
        for text in (
            self.jan.name,
            "01/01/2026",
            "01/31/2026",
            "45 days late",
            "42 days charged",
            "3 grace days",
        ):
            self.assertIn(text, label)
        # At most one fee per rent invoice (and so per period), whatever the runs.
        self.env["account.move"]._cron_generate_rent_late_fees(date(2026, 2, 20))
        self.assertEqual(self._fees(), fee)

    def test_fee_label_in_the_tenant_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.tenant.lang = "zh_CN"
        self.env["account.move"]._cron_generate_rent_late_fees(date(2026, 2, 15))
        self.assertIn("滞纳金", self._fees().invoice_line_ids.name)

    def test_no_late_fee_configured(self):
        self.company.rent_late_fee_type = "none"
        self.env["account.move"]._cron_generate_rent_late_fees(date(2026, 6, 1))
        self.assertFalse(self._fees())


@tagged("post_install", "-at_install")
class TestRentRoll(RentCommon):
    # Long on purpose: one data set and the report table it must give.
    def test_rent_roll_per_property_and_month(self):
        lease = self._create_active_lease(date_start=date(2026, 1, 1))
        lease_b = self._create_active_lease(
            unit_id=self.unit_b.id, partner_id=self.tenant_2.id, rent_amount=6000
        )
        (lease | lease_b)._generate_rent_invoices(date(2026, 2, 1))
        self._pay(self._rent_invoices(lease), date(2026, 2, 1))
        self._pay(self._rent_invoices(lease_b)[0], date(2026, 1, 1), amount=1000)
        self.env.flush_all()
        rows = self.env["apartment.rent.roll"].search(
            [("property_id", "=", self.property.id)], order="month"
        )
        self.assertRecordValues(
            rows,
            [
                {
                    "month": date(2026, 1, 1),
                    "invoice_count": 2,
                    "billed": 10000.0,
                    "collected": 5000.0,
                    "outstanding": 5000.0,
                    "unit_count": 2,
                    "occupied_unit_count": 2,
                    "occupancy_rate": 100.0,
                },
                {
                    "month": date(2026, 2, 1),
                    "invoice_count": 2,
                    "billed": 10000.0,
                    "collected": 4000.0,
                    "outstanding": 6000.0,
                    "unit_count": 2,
                    "occupied_unit_count": 2,
                    "occupancy_rate": 100.0,
                },
            ],
        )
        # Far past due by now: everything outstanding is in the 90+ bucket.
        self.assertEqual(rows[0].aging_90_plus + rows[0].aging_0_30, 5000.0)
        groups = self.env["apartment.rent.roll"].read_group(
            [("property_id", "=", self.property.id)], ["billed:sum"], ["property_id"]
        )
        self.assertEqual(groups[0]["billed"], 20000.0)
