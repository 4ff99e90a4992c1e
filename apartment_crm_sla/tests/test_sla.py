# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaDeadlines(SlaCommon):
    def test_policy_matching_most_specific_wins(self):
        basic = self._create_ticket()
        urgent = self._create_ticket(priority="3")
        complaint = self._create_ticket(ticket_kind="complaint")
        request = self._create_ticket(ticket_kind="request")
        self.assertEqual(basic.sla_policy_id, self.policy_repair)
        self.assertEqual(urgent.sla_policy_id, self.policy_urgent)
        self.assertEqual(complaint.sla_policy_id, self.policy_complaint)
        self.assertFalse(request.sla_policy_id)
        self.assertEqual(request.sla_state, "none")
        self.assertFalse(request.response_deadline)

    def test_deadline_across_night(self):
        # Monday 16:30 + 4 h of office time: 30 min on Monday, 3h30 on Tuesday.
        ticket = self._create_ticket(when=at(0, 16, 30))
        self.assertEqual(ticket.sla_response_target, 240)
        self.assertEqual(ticket.response_deadline, at(1, 12, 30))
        # 24 h of office time = 3 days of 8 h: 30 min Mon, Tue, Wed, 7h30 Thu.
        self.assertEqual(ticket.resolution_deadline, at(3, 16, 30))
        self.assertEqual(ticket.sla_state, "ongoing")

    def test_deadline_across_weekend(self):
        # Friday 16:00 + 4 h: 1 h on Friday, then Monday 09:00 + 3 h.
        ticket = self._create_ticket(when=at(4, 16))
        self.assertEqual(ticket.response_deadline, at(7, 12))

    def test_deadline_skips_calendar_leave(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": at(1, 0),
                "date_to": at(1, 23, 59),
            }
        )
        ticket = self._create_ticket(when=at(0, 16, 30))
        # Tuesday is off: 30 min on Monday, 3h30 on Wednesday.
        self.assertEqual(ticket.response_deadline, at(2, 12, 30))

    def test_minute_level_target(self):
        self.policy_repair.response_minutes = 17
        ticket = self._create_ticket(when=at(0, 10, 5))
        self.assertEqual(ticket.response_deadline, at(0, 10, 22))

    def test_urgent_repair_runs_day_and_night(self):
        ticket = self._create_ticket(when=at(5, 23, 50), priority="3")  # Saturday night
        self.assertEqual(ticket.response_deadline, at(6, 0, 20))
        self.assertEqual(ticket.resolution_deadline, at(6, 3, 50))

    def test_tier_factor_applied(self):
        self.tier_core.sla_factor = 0.5
        self.tenant.tenant_tier_id = self.tier_core
        ticket = self._create_ticket(when=at(0, 10))
        self.assertEqual(ticket.tenant_tier_id, self.tier_core)
        self.assertEqual(ticket.sla_response_target, 120)
        self.assertEqual(ticket.response_deadline, at(0, 12))
        self.assertEqual(ticket.resolution_deadline, at(1, 14))  # 720 min
        self.policy_repair.apply_tier_factor = False
        self.policy_repair.action_recompute_open_tickets()
        self.assertEqual(ticket.response_deadline, at(0, 14))
        self.assertEqual(ticket.resolution_deadline, at(3, 10))  # 1440 min

    def test_tier_change_recomputes_open_tickets(self):
        ticket = self._create_ticket(when=at(0, 10))
        self.assertEqual(ticket.response_deadline, at(0, 14))
        self.tier_core.sla_factor = 0.25
        self.tenant.tenant_tier_id = self.tier_core
        self.assertEqual(ticket.tenant_tier_id, self.tier_core)
        self.assertEqual(ticket.response_deadline, at(0, 11))

    def test_priority_and_kind_changes_recompute(self):
        ticket = self._create_ticket(
            when=at(0, 10), context={"tracking_disable": False, "mail_notrack": False}
        )
        self.env.cr.precommit.run()  # as if committed: changes after creation are tracked
        self.assertEqual(ticket.response_deadline, at(0, 14))
        with freeze_time(at(0, 10, 10)):
            ticket.priority = "3"
        self.assertEqual(ticket.sla_policy_id, self.policy_urgent)
        self.assertEqual(ticket.response_deadline, at(0, 10, 30))
        with freeze_time(at(0, 10, 10)):
            ticket.ticket_kind = "complaint"
        self.assertEqual(ticket.sla_policy_id, self.policy_complaint)
        self.assertEqual(ticket.response_deadline, at(0, 10, 30))
        self.assertEqual(ticket.resolution_deadline, at(8, 10))  # 48 h = 6 office days
        # The manual changes are tracked in the chatter.
        self.env.flush_all()
        self.env.cr.precommit.run()
        ticket.invalidate_recordset(["message_ids"])
        tracked = ticket.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("priority", tracked)
        self.assertIn("ticket_kind", tracked)

    def test_manual_policy_override(self):
        ticket = self._create_ticket(when=at(0, 10))
        with freeze_time(at(0, 10)):
            ticket.sla_policy_id = self.policy_complaint
        self.assertEqual(ticket.response_deadline, at(0, 10, 30))

    def test_pause_pushes_deadlines(self):
        ticket = self._create_ticket(when=at(0, 10))
        self.assertEqual(ticket.response_deadline, at(0, 14))
        self._set_stage(ticket, self.stage_waiting, at(0, 11))
        with freeze_time(at(0, 11, 30)):
            ticket.invalidate_recordset()
            ticket._sla_recompute()
            self.assertEqual(ticket.sla_state, "paused")
            self.assertTrue(ticket.sla_paused)
        # Paused from Monday 11:00 to Tuesday 10:00: 7 office hours do not count.
        self._set_stage(ticket, self.stage_new, at(1, 10))
        self.assertFalse(ticket.sla_paused)
        self.assertEqual(len(ticket.sla_pause_ids), 1)
        self.assertEqual(ticket.sla_pause_ids.date_end, at(1, 10))
        self.assertEqual(ticket.response_deadline, at(1, 13))
        with freeze_time(at(1, 11)):
            ticket._sla_recompute()
            self.assertEqual(ticket.sla_state, "ongoing")
            # 1 h on Monday + 1 h on Tuesday, the pause excluded.
            self.assertEqual(ticket.sla_response_minutes, 120)

    def test_policy_change_ends_pause(self):
        self.policy_complaint.pause_stage_ids = False
        ticket = self._create_ticket(when=at(0, 10))
        self._set_stage(ticket, self.stage_waiting, at(0, 11))
        self.assertTrue(ticket.sla_pause_ids.filtered(lambda p: not p.date_end))
        with freeze_time(at(0, 12)):
            ticket.ticket_kind = "complaint"
        self.assertFalse(ticket.sla_paused)
        self.assertEqual(ticket.sla_pause_ids.date_end, at(0, 12))

    def test_breach_and_met_states(self):
        ticket = self._create_ticket(when=at(0, 10))
        with freeze_time(at(0, 13, 15)):
            ticket._sla_recompute(states_only=True)
            self.assertEqual(ticket.sla_response_state, "at_risk")
            self.assertEqual(ticket.sla_state, "at_risk")
        with freeze_time(at(0, 14, 1)):
            ticket._sla_recompute(states_only=True)
            self.assertEqual(ticket.sla_response_state, "breached")
            self.assertEqual(ticket.sla_state, "breached")
        self._set_stage(ticket, self.stage_done, at(1, 10))
        self.assertEqual(ticket.sla_response_state, "breached")
        self.assertEqual(ticket.sla_resolution_state, "met")
        self.assertEqual(ticket.sla_resolution_minutes, 8 * 60)
        self.assertEqual(ticket.sla_state, "breached")

    def test_met_when_closed_in_time(self):
        ticket = self._create_ticket(when=at(0, 10))
        self._set_stage(ticket, self.stage_progress, at(0, 10, 20))
        self._set_stage(ticket, self.stage_done, at(0, 15))
        self.assertEqual(ticket.first_response_date, at(0, 10, 20))
        self.assertEqual(ticket.resolved_date, at(0, 15))
        self.assertEqual(ticket.sla_response_minutes, 20)
        self.assertEqual(ticket.sla_state, "met")

    def test_policy_targets_validation(self):
        with self.assertRaisesRollback(ValidationError, "T repair.*resolution target"):
            self.policy_repair.resolution_minutes = 10

    def test_ticket_takes_lease_unit_property_from_tenant(self):
        ticket = self._create_ticket()
        self.assertEqual(ticket.lease_id, self.lease)
        self.assertEqual(ticket.unit_id, self.unit_a)
        self.assertEqual(ticket.property_id, self.property)
        with Form(ticket) as form:
            form.unit_id = self.unit_c
        self.assertEqual(ticket.unit_id, self.unit_c)
        self.assertEqual(ticket.property_id, self.property_2)


@tagged("post_install", "-at_install")
class TestSlaFirstResponse(SlaCommon):
    def test_internal_note_does_not_count_message_does(self):
        ticket = self._create_ticket(when=at(0, 10))
        with freeze_time(at(0, 10, 5)):
            ticket.with_user(self.user_housekeeper).message_post(
                body="Checked the plan", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        self.assertFalse(ticket.first_response_date)
        with freeze_time(at(0, 10, 7)):
            ticket.message_post(
                body="Can you send a photo?",
                author_id=self.tenant.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertFalse(ticket.first_response_date, "the tenant's own message is no response")
        with freeze_time(at(0, 10, 12)):
            ticket.with_user(self.user_housekeeper).message_post(
                body="We come at 14:00", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(ticket.first_response_date, at(0, 10, 12))
        self.assertEqual(ticket.sla_response_state, "met")
        with freeze_time(at(0, 11)):
            ticket.with_user(self.user_housekeeper).message_post(
                body="Again", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(ticket.first_response_date, at(0, 10, 12), "only the first counts")

    def test_response_by_stage(self):
        ticket = self._create_ticket(when=at(0, 10))
        self._set_stage(ticket, self.stage_progress, at(0, 10, 45))
        self.assertEqual(ticket.first_response_date, at(0, 10, 45))

    def test_response_mode_message_ignores_stage(self):
        self.policy_repair.response_mode = "message"
        ticket = self._create_ticket(when=at(0, 10))
        self._set_stage(ticket, self.stage_progress, at(0, 10, 45))
        self.assertFalse(ticket.first_response_date)

    def test_response_mode_stage_ignores_message(self):
        self.policy_repair.response_mode = "stage"
        ticket = self._create_ticket(when=at(0, 10))
        with freeze_time(at(0, 10, 12)):
            ticket.with_user(self.user_housekeeper).message_post(
                body="On our way", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertFalse(ticket.first_response_date)


@tagged("post_install", "-at_install")
class TestSlaAccessAndConstraints(SlaCommon):
    def test_housekeeper_works_tickets_but_not_policies(self):
        self.assertTrue(self.user_housekeeper.has_group("helpdesk_mgmt.group_helpdesk_user"))
        self.assertTrue(self.user_manager.has_group("helpdesk_mgmt.group_helpdesk_manager"))
        Ticket = self.env["helpdesk.ticket"].with_user(self.user_housekeeper)
        with freeze_time(at(0, 10)):
            ticket = Ticket.create(
                {
                    "name": "Window does not close",
                    "description": "<p>Bedroom window</p>",
                    "partner_id": self.tenant.id,
                    "team_id": self.team.id,
                    "ticket_kind": "repair",
                }
            )
        self.assertEqual(ticket.sla_policy_id, self.policy_repair)
        with freeze_time(at(0, 10, 40)):
            ticket.message_post(
                body="Coming at 11", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(ticket.first_response_date, at(0, 10, 40))
        with self.assertRaises(AccessError):
            self.policy_repair.with_user(self.user_housekeeper).response_minutes = 5
        with self.assertRaises(AccessError):
            self.env["apartment.ticket.grading.rule"].with_user(self.user_housekeeper).create(
                {"name": "Mine", "keywords": "x", "priority": "3"}
            )

    def test_sql_constraints(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.policy_repair.write({"response_minutes": 0})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.company.write({"sla_low_rating_threshold": 6})
        ticket = self._create_ticket()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["apartment.sla.pause"].create(
                {"ticket_id": ticket.id, "date_start": at(0, 12), "date_end": at(0, 11)}
            )

    def test_report_compliance(self):
        met = self._create_ticket(when=at(0, 10))
        self._set_stage(met, self.stage_done, at(0, 11))
        late = self._create_ticket(when=at(0, 10))
        self._set_stage(late, self.stage_done, at(7, 11))
        self.env.flush_all()
        rows = self.env["apartment.sla.report"].search([("ticket_id", "in", (met | late).ids)])
        self.assertEqual(len(rows), 2)
        [(response, resolution, breaches)] = self.env["apartment.sla.report"]._read_group(
            [("ticket_id", "in", (met | late).ids)],
            [],
            ["response_compliance:avg", "resolution_compliance:avg", "breached_count:sum"],
        )
        self.assertEqual((response, resolution, breaches), (50.0, 50.0, 1))

    def test_helpdesk_only_user_gets_slas(self):
        """A helpdesk agent outside the apartment groups still creates, pauses and reads."""
        agent = mail_new_test_user(
            self.env,
            login="sla_agent",
            name="Hana Helpdesk",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user",
        )
        self.team.user_ids = [(4, agent.id)]
        with freeze_time(at(0, 10)):
            ticket = (
                self.env["helpdesk.ticket"]
                .with_user(agent)
                .create(
                    {
                        "name": "Water leak in the lobby",
                        "description": "<p>Near the mailboxes</p>",
                        "team_id": self.team.id,
                        "partner_id": self.tenant.id,
                    }
                )
            )
        self.assertEqual((ticket.ticket_kind, ticket.priority), ("repair", "3"))
        self._set_stage(ticket, self.stage_waiting, at(0, 10, 5))
        self.assertEqual(len(ticket.sla_pause_ids), 1)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.with_user(agent).sla_policy_id.display_name, "T urgent repair")
