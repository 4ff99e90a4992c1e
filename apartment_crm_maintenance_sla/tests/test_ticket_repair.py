# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.apartment_crm_sla.tests.common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestTicketRepair(SlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cat_elevator = cls.env.ref("apartment_crm_maintenance.equipment_category_elevator")
        cls.mteam = cls.env["maintenance.team"].create({"name": "Test Lift Team"})
        cls.lift = cls.env["maintenance.equipment"].create(
            {
                "name": "Lift A",
                "category_id": cls.cat_elevator.id,
                "property_id": cls.property.id,
                "maintenance_team_id": cls.mteam.id,
            }
        )
        cls.done_stage = cls.env["maintenance.stage"].search([("done", "=", True)], limit=1)

    def test_one_click_request_and_closing_resolves(self):
        ticket = self._create_ticket(when=at(0, 10), equipment_id=self.lift.id)
        self.assertFalse(ticket.maintenance_request_id)
        action = ticket.with_user(self.user_housekeeper).action_open_maintenance_request()
        request = ticket.maintenance_request_id
        self.assertEqual(action["res_id"], request.id)
        self.assertEqual(request.equipment_id, self.lift)
        self.assertEqual(request.maintenance_type, "corrective")
        self.assertEqual(request.maintenance_team_id, self.mteam)
        self.assertEqual(request.helpdesk_ticket_ids, ticket)
        # a second click opens the same request
        ticket.action_open_maintenance_request()
        self.assertEqual(
            self.env["maintenance.request"].search_count(
                [("helpdesk_ticket_ids", "in", ticket.ids)]
            ),
            1,
        )
        # the equipment history counts the failure
        self.assertEqual(self.lift.failure_count, 1)
        # the technicians close the request: the ticket is resolved, its SLA clock stops
        with freeze_time(at(0, 14)):
            request.stage_id = self.done_stage
        self.assertTrue(ticket.stage_id.closed)
        self.assertEqual(ticket.resolved_date, at(0, 14))

    def test_grading_rule_opens_request_and_links_equipment(self):
        self.env["apartment.ticket.grading.rule"].create(
            {
                "name": "Elevator stuck",
                "keywords": "电梯, elevator",
                "ticket_kind": "repair",
                "priority": "3",
                "open_maintenance_request": True,
                "equipment_category_id": self.cat_elevator.id,
            }
        )
        ticket = self._create_ticket(
            when=at(0, 10), name="电梯 stuck", lease_id=self.lease.id, ticket_kind=None
        )
        self.assertEqual(ticket.property_id, self.property)
        self.assertEqual(ticket.equipment_id, self.lift)
        self.assertEqual(ticket.maintenance_request_id.equipment_id, self.lift)
        self.assertEqual(ticket.maintenance_request_id.priority, "3")
        # a ticket the rule does not match opens nothing
        other = self._create_ticket(when=at(0, 10), name="Kitchen tap", lease_id=self.lease.id)
        self.assertFalse(other.maintenance_request_id)
        # two elevators in the building: the request is opened, the technicians pick one
        self.lift.copy({"name": "Lift B"})
        third = self._create_ticket(when=at(0, 11), name="elevator noise", lease_id=self.lease.id)
        self.assertTrue(third.maintenance_request_id)
        self.assertFalse(third.equipment_id)
