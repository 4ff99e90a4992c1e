# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The SLA escalation cron works in committed batches when Odoo's scheduler runs it."""

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.apartment_crm.tests.common import CronBatchMixin

from .common import SlaCommon, at

XMLID = "apartment_crm_sla.ir_cron_escalate_sla"


@tagged("post_install", "-at_install")
class TestSlaCronBatches(CronBatchMixin, SlaCommon):
    def setUp(self):
        super().setUp()
        self.step_50 = self.env.ref("apartment_crm_sla.sla_step_50")
        self.cron = self.env.ref(XMLID)
        # The previous run of the cron ended an hour ago.
        self.cron.lastcall = fields.Datetime.now() - timedelta(hours=1)
        self.tickets = self.env["helpdesk.ticket"].concat(
            *(self._create_ticket(when=at(0, 10)) for _index in range(5))
        )
        # The other open tickets of the database were checked by this run already.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET sla_checked_date = %s WHERE id NOT IN %s",
                fields.Datetime.now(),
                tuple(self.tickets.ids),
            )
        )
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.sla_batch_size", 2)

    def _logs(self, tickets):
        return self.env["apartment.sla.escalation.log"].search([("ticket_id", "in", tickets.ids)])

    def test_one_batch_per_call_and_the_next_call_resumes(self):
        # 50 % of the response target (240 office minutes from Monday 10:00) at 12:00.
        now = at(0, 12, 5)
        progress = self._scheduler_call(XMLID, "_cron_escalate_sla", now)
        self.assertEqual((progress.done, progress.remaining), (2, 3), "one batch only")
        first = self.tickets[:2]
        self.assertEqual(self._logs(self.tickets).ticket_id, first)
        self.assertTrue(all(first.mapped("sla_checked_date")))
        self.assertFalse(any((self.tickets - first).mapped("sla_checked_date")))
        calls = [(progress.done, progress.remaining)]
        for _attempt in range(5):
            progress = self._scheduler_call(XMLID, "_cron_escalate_sla", now)
            calls.append((progress.done, progress.remaining))
            if not progress.remaining:
                break
        self.assertEqual(calls, [(2, 3), (2, 1), (1, 0)], "no ticket checked twice in a run")
        logs = self._logs(self.tickets)
        self.assertEqual(logs.ticket_id, self.tickets)
        self.assertEqual(logs.step_id, self.step_50)
        self.assertEqual(len(logs), 5, "each step once")
        # Everything checked by this run: a further call has nothing to do.
        progress = self._scheduler_call(XMLID, "_cron_escalate_sla", now)
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        # The next run (the previous one ended) checks every open ticket again.
        self.cron.lastcall = fields.Datetime.now() + timedelta(seconds=1)
        Ticket = self.env["helpdesk.ticket"]
        open_count = Ticket.search_count(Ticket._get_sla_escalation_domain())
        progress = self._scheduler_call(XMLID, "_cron_escalate_sla", at(0, 12, 10))
        self.assertEqual((progress.done, progress.remaining), (2, open_count - 2))
        self.assertEqual(len(self._logs(self.tickets)), 5)

    def test_manual_run_checks_every_open_ticket(self):
        self.env["helpdesk.ticket"]._cron_escalate_sla(now=at(0, 12, 5))
        self.assertEqual(self._logs(self.tickets).ticket_id, self.tickets)

    def test_step_fired_by_a_concurrent_run_skips_the_batch_with_a_log(self):
        """A concurrent run fired the step of the first ticket after this run read the
        fired steps: the unique key refuses the second log, the batch is rolled back and
        logged, the job goes on and runs again soon; the retry does the batch."""
        Ticket = type(self.env["helpdesk.ticket"])
        original = Ticket._sla_get_due_steps
        self.env["apartment.sla.escalation.log"].create(
            {
                "ticket_id": self.tickets[0].id,
                "target": "response",
                "step_id": self.step_50.id,
                "reopen_count": 0,
                "date": at(0, 12, 1),
            }
        )
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])
        with (
            patch.object(
                Ticket,
                "_sla_get_due_steps",
                autospec=True,
                side_effect=lambda ticket, target, ladder, _done: original(
                    ticket, target, ladder, set()
                ),
            ),
            mute_logger("odoo.sql_db"),
            self.assertLogs("odoo.addons.apartment_crm.tools.cron", "WARNING") as logs,
        ):
            progress = self._scheduler_call(XMLID, "_cron_escalate_sla", at(0, 12, 5))
        self.assertIn("SLA escalation", logs.output[0])
        self.assertIn(str(self.tickets[:2].ids), logs.output[0])
        self.assertIn("UniqueViolation", logs.output[0])
        self.assertEqual((progress.done, progress.remaining), (0, 5))
        self.assertEqual(len(self._logs(self.tickets)), 1, "the batch was rolled back")
        self.assertFalse(any(self.tickets.mapped("sla_checked_date")))
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            triggers + 1,
            "the job is called again soon",
        )
        progress = self._scheduler_call(XMLID, "_cron_escalate_sla", at(0, 12, 10))
        self.assertEqual((progress.done, progress.remaining), (2, 3))
        self.assertEqual(self._logs(self.tickets).ticket_id, self.tickets[:2])
