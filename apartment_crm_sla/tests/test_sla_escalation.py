# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaEscalation(SlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.step_50 = cls.env.ref("apartment_crm_sla.sla_step_50")
        cls.step_80 = cls.env.ref("apartment_crm_sla.sla_step_80")
        cls.step_100 = cls.env.ref("apartment_crm_sla.sla_step_100")

    def _logs(self, ticket, target=None):
        domain = [("ticket_id", "=", ticket.id)]
        if target:
            domain.append(("target", "=", target))
        return self.env["apartment.sla.escalation.log"].search(domain)

    def _activities(self, ticket):
        return self.env["mail.activity"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )

    def _cron(self, when, twice=True):
        for _run in range(2 if twice else 1):
            with freeze_time(when):
                self.env["helpdesk.ticket"]._cron_escalate_sla()

    def test_each_step_exactly_once(self):
        # Response target 240 office minutes from Monday 10:00: 50 % at 12:00, 80 % at 13:12,
        # breach at 14:00.
        ticket = self._create_ticket(when=at(0, 10))
        self._cron(at(0, 11, 55))
        self.assertFalse(self._logs(ticket))
        self._cron(at(0, 12, 5))
        logs = self._logs(ticket)
        self.assertEqual(logs.step_id, self.step_50)
        self.assertEqual(logs.target, "response")
        self.assertEqual(logs.user_ids, self.user_housekeeper)
        self.assertEqual(self._activities(ticket).user_id, self.user_housekeeper)
        self.assertEqual(ticket.sla_state, "ongoing")
        self._cron(at(0, 13, 15))
        self.assertEqual(self._logs(ticket).step_id, self.step_50 | self.step_80)
        self.assertEqual(ticket.sla_state, "at_risk")
        self._cron(at(0, 14, 5))
        logs = self._logs(ticket, "response")
        self.assertEqual(len(logs), 3)
        breach = logs.filtered(lambda log: log.step_id == self.step_100)
        # The breach goes to the team leader and the building's manager.
        self.assertEqual(breach.user_ids, self.user_leader | self.user_manager)
        self.assertEqual(len(self._activities(ticket)), 4)
        leader_activity = self._activities(ticket).filtered(lambda a: a.user_id == self.user_leader)
        self.assertEqual(leader_activity.summary, "SLA Response 100%: SLA breached")
        self.assertEqual(leader_activity.date_deadline, at(0, 14).date())
        self.assertEqual(ticket.sla_state, "breached")
        # Later passes add nothing for the response; the resolution clock escalates at 50 %
        # (720 office minutes: Tuesday 14:00).
        self._cron(at(1, 13, 55))
        self.assertEqual(len(self._logs(ticket)), 3)
        self._cron(at(1, 14, 5))
        self.assertEqual(self._logs(ticket, "resolution").step_id, self.step_50)
        self.assertEqual(len(self._activities(ticket)), 5)

    def test_cron_now_parameter_and_answered_ticket(self):
        ticket = self._create_ticket(when=at(0, 10))
        self._set_stage(ticket, self.stage_progress, at(0, 10, 30))  # responded
        self.env["helpdesk.ticket"]._cron_escalate_sla(now=at(0, 14, 5))
        self.assertFalse(self._logs(ticket, "response"), "an answered ticket is not escalated")
        self.assertEqual(ticket.sla_response_state, "met")

    def test_paused_and_closed_tickets_do_not_escalate(self):
        paused = self._create_ticket(when=at(0, 10))
        closed = self._create_ticket(when=at(0, 10))
        self._set_stage(paused, self.stage_waiting, at(0, 10, 30))
        self._set_stage(closed, self.stage_done, at(0, 10, 30))
        self._cron(at(0, 16))
        self.assertFalse(self._logs(paused) | self._logs(closed))
        self.assertEqual(paused.sla_state, "paused")

    def test_reopened_ticket_escalates_one_level_higher(self):
        ticket = self._create_ticket(when=at(0, 10))
        self._set_stage(ticket, self.stage_done, at(0, 11))
        self._set_stage(ticket, self.stage_new, at(0, 12))
        self.assertEqual(ticket.reopen_count, 1)
        self.assertFalse(ticket.resolved_date)
        self.assertEqual(ticket.sla_resolution_start_date, at(0, 12))
        # Resolution restarts Monday 12:00: 50 % (720 min) on Tuesday 16:00.
        self.assertEqual(ticket.resolution_deadline, at(3, 12))
        self._cron(at(1, 16, 5))
        log = self._logs(ticket)
        self.assertEqual((log.step_id, log.reopen_count, log.level), (self.step_50, 1, 1))
        # 80 % (1152 min) on Wednesday 15:12 already reaches the leaders.
        self._cron(at(2, 15, 15))
        log = self._logs(ticket).filtered(lambda log: log.step_id == self.step_80)
        self.assertEqual(log.level, 2)
        self.assertEqual(log.user_ids, self.user_leader | self.user_manager)
        # A second closing and reopening starts a new round of steps.
        self._set_stage(ticket, self.stage_done, at(2, 16))
        self._set_stage(ticket, self.stage_new, at(2, 16, 30))
        self.assertEqual(ticket.reopen_count, 2)
        self._cron(at(4, 12, 35))  # 720 min from Wednesday 16:30: Friday 12:30
        log = self._logs(ticket).filtered(lambda log: log.reopen_count == 2)
        self.assertEqual((log.step_id, log.level), (self.step_50, 2))

    def test_log_unique_per_ticket_target_step_reopening(self):
        ticket = self._create_ticket(when=at(0, 10))
        vals = {
            "ticket_id": ticket.id,
            "target": "response",
            "step_id": self.step_50.id,
            "reopen_count": 0,
        }
        Log = self.env["apartment.sla.escalation.log"]
        Log.create(vals)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            Log.create(vals)

    def test_cron_queries_do_not_grow_with_tickets(self):
        def run(count, day):
            tickets = self.env["helpdesk.ticket"]
            for _i in range(count):
                tickets |= self._create_ticket(when=at(day, 10))
            self.env.flush_all()
            queries = self.cr.sql_log_count
            self.env["helpdesk.ticket"]._cron_escalate_sla(now=at(day, 12, 5))
            self.env.flush_all()
            queries = self.cr.sql_log_count - queries
            self.assertEqual(len(tickets.sla_escalation_log_ids), count)
            # Close them so that the next run only sees its own tickets.
            self._set_stage(tickets, self.stage_done, at(day, 12, 10))
            return queries

        few = run(3, 0)
        many = run(15, 1)
        self.assertLessEqual(many, few + 5, f"{few} queries for 3 tickets, {many} for 15")
