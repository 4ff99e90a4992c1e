# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaFakeResults(SlaCommon):
    """Ratings and SLA timestamps are not writable by users (issue 13, item 5)."""

    def test_fake_rating_on_open_ticket_refused(self):
        ticket = self._create_ticket(when=at(0, 10))
        as_housekeeper = ticket.with_user(self.user_housekeeper)
        with self.assertRaisesRegex(UserError, "Satisfaction"):
            as_housekeeper.write({"rating_value": "5"})
        with self.assertRaisesRegex(UserError, "cannot be written"):
            as_housekeeper.write({"rating_comment": "Great", "rating_date": at(0, 11)})
        self.assertFalse(ticket.rating_value)
        self.assertFalse(ticket.rating_date)
        # Nor through the staff action before the ticket is resolved.
        with self.assertRaisesRegex(UserError, "not closed yet"):
            as_housekeeper.action_record_rating(5)
        self.assertFalse(ticket.rating_value)

    def test_fake_sla_result_refused(self):
        ticket = self._create_ticket(when=at(0, 10))
        as_housekeeper = ticket.with_user(self.user_housekeeper)
        for vals in (
            {"resolved_date": at(0, 10, 5)},
            {"first_response_date": at(0, 10, 1)},
            {"response_deadline": at(9, 10)},
            {"sla_state": "met"},
            {"reopen_count": 0, "sla_resolution_start_date": at(5, 10)},
        ):
            with self.assertRaisesRegex(UserError, "SLA clock"):
                as_housekeeper.write(vals)
        self.assertFalse(ticket.resolved_date)
        self.assertFalse(ticket.first_response_date)
        self.assertNotEqual(ticket.sla_state, "met")
        with self.assertRaisesRegex(UserError, "SLA clock"):
            self.env["helpdesk.ticket"].with_user(self.user_housekeeper).create(
                {
                    "name": "Backdated",
                    "partner_id": self.tenant.id,
                    "team_id": self.team.id,
                    "first_response_date": at(0, 10),
                }
            )
        # The clock itself still runs: moving the stage answers and closes the ticket.
        with freeze_time(at(0, 15)):
            as_housekeeper.write({"stage_id": self.stage_done.id})
        self.assertEqual(ticket.resolved_date, at(0, 15))
        self.assertEqual(ticket.first_response_date, at(0, 15))

    def test_staff_record_rating_logs_who(self):
        ticket = self._create_ticket(when=at(0, 10))
        self._set_stage(ticket, self.stage_done, at(0, 15))
        as_housekeeper = ticket.with_user(self.user_housekeeper)
        for value in (0, 6, "abc"):
            with self.assertRaisesRegex(UserError, "from 1"):
                as_housekeeper.action_record_rating(value)
        as_housekeeper.action_record_rating(4, "Said so on the phone")
        self.assertEqual(ticket.rating_value, "4")
        self.assertEqual(ticket.rating_comment, "Said so on the phone")
        self.assertTrue(ticket.rating_date)
        self.assertFalse(ticket.rating_token, "the tenant's link is used up")
        self.assertIn(
            "by Hank Housekeeper on behalf of the tenant", str(ticket.message_ids[0].body)
        )
        with self.assertRaisesRegex(UserError, "already rated"):
            as_housekeeper.action_record_rating(5)
        self.assertEqual(ticket.rating_value, "4")
