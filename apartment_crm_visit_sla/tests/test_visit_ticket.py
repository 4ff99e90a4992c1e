# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.apartment_crm_visit.tests.common import VisitCommon


@tagged("post_install", "-at_install")
class TestVisitTicket(VisitCommon):
    def test_issue_to_ticket_in_one_click(self):
        visit = self.Visit._cron_plan_visits(date(2026, 4, 1)).filtered(
            lambda v: v.partner_id == self.tenants[0]
        )
        as_housekeeper = visit.with_user(self.user_housekeeper)
        with self.assertRaisesRegex(UserError, "Issue Raised"):
            as_housekeeper.action_create_ticket()
        as_housekeeper.issue = "Water leak under the sink\nsince Monday"
        action = as_housekeeper.action_create_ticket()
        ticket = visit.ticket_id
        self.assertTrue(ticket)
        self.assertEqual(action["res_id"], ticket.id)
        self.assertEqual(ticket.partner_id, self.tenants[0])
        self.assertEqual(ticket.lease_id, self.leases[0])
        self.assertIn("Water leak under the sink", ticket.name)
        # A second click opens the same ticket.
        self.assertEqual(as_housekeeper.action_create_ticket()["res_id"], ticket.id)
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count([("partner_id", "=", self.tenants[0].id)]), 1
        )
