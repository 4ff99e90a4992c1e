# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.tests import tagged

from .common import EventLoyaltyCommon


@tagged("post_install", "-at_install")
class TestEventLoyalty(EventLoyaltyCommon):
    """The bridge's ``event.registration._on_attended``: attendance earns points."""

    def test_event_attendance_once(self):
        event = self.env["event.event"].create(
            {
                "name": "Lantern riddles",
                "date_begin": datetime(2026, 2, 12, 18),
                "date_end": datetime(2026, 2, 12, 21),
            }
        )
        registrations = self.env["event.registration"].create(
            [
                {"event_id": event.id, "partner_id": self.tenant.id},
                {"event_id": event.id, "partner_id": self.tenant_2.id},
            ]
        )
        entries = self.env["apartment.loyalty.rule"]._award_event_attendance(registrations)
        self.assertEqual(len(entries), 2)
        self.assertEqual(set(entries.mapped("points")), {20})
        self.assertFalse(self.env["apartment.loyalty.rule"]._award_event_attendance(registrations))
        self.assertEqual(self.tenant.loyalty_balance, 20)

    def test_event_attended_wired(self):
        """The events capability's ``_on_attended`` awards the event's attendance points."""
        event = self.env["event.event"].create(
            {
                "name": "Dumplings",
                "date_begin": datetime(2026, 2, 12, 18),
                "date_end": datetime(2026, 2, 12, 21),
                "attendance_points": 50,
            }
        )
        registration = self.env["event.registration"].create(
            {"event_id": event.id, "partner_id": self.tenant.id}
        )
        self.assertEqual(self.tenant.loyalty_balance, 0)
        registration.action_set_done()
        self.assertEqual(self.tenant.loyalty_balance, 50)
        registration.action_confirm()
        registration.action_set_done()
        self.assertEqual(self.tenant.loyalty_balance, 50, "once per registration")
