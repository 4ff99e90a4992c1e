# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import NOW, EventsCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestEventPointsTrust(EventsCommon):
    """Minting: attendance points are set by managers, bounded by the company's maximum."""

    def _schedule_vals(self, **vals):
        return {
            "name": "Reading Club",
            "rule_type": "weekly",
            "weekday": "5",
            "hour": 19.5,
            "duration": 2.0,
            "tz": "Asia/Shanghai",
            "date_start": date(2026, 3, 1),
            "property_ids": [(6, 0, self.property.ids)],
            **vals,
        }

    def test_housekeeper_cannot_mint_attendance_points(self):
        event = self._create_event()
        with self.assertRaisesRegex(AccessError, "Attendance Points"):
            event.with_user(self.user_housekeeper).write({"attendance_points": 500000})
        with self.assertRaisesRegex(AccessError, "Attendance Points"):
            self.env["event.event"].with_user(self.user_housekeeper).create(
                {
                    "name": "Points party",
                    "date_begin": "2026-03-10 10:00:00",
                    "date_end": "2026-03-10 12:00:00",
                    "attendance_points": 500000,
                }
            )
        schedule = self.env["apartment.event.schedule"].with_user(self.user_housekeeper)
        with self.assertRaisesRegex(AccessError, "Attendance Points"):
            schedule.create(self._schedule_vals(attendance_points=500000))
        self.assertEqual(event.attendance_points, 0)

    def test_attendance_points_capped_per_company(self):
        event = self._create_event()
        manager_event = event.with_user(self.user_manager)
        with self.assertRaisesRegex(ValidationError, r"Attendance Points.*between 0 and 500"):
            manager_event.write({"attendance_points": 500000})
        with self.assertRaisesRegex(ValidationError, "Attendance Points"):
            manager_event.write({"attendance_points": -10})
        with self.assertRaisesRegex(ValidationError, r"between 0 and 500"):
            self.env["apartment.event.schedule"].with_user(self.user_manager).create(
                self._schedule_vals(attendance_points=501)
            )
        manager_event.write({"attendance_points": 500})
        self.assertEqual(event.attendance_points, 500)
        self.company.event_max_attendance_points = 1000
        manager_event.write({"attendance_points": 800})
        self.assertEqual(event.attendance_points, 800)

    def test_occurrences_keep_the_manager_points(self):
        """A housekeeper generating a schedule's occurrences carries the manager's points."""
        schedule = (
            self.env["apartment.event.schedule"]
            .with_user(self.user_manager)
            .create(self._schedule_vals(attendance_points=10))
        )
        schedule.with_user(self.user_housekeeper).action_generate_occurrences()
        events = self.env["event.event"].search([("schedule_id", "=", schedule.id)])
        self.assertTrue(events)
        self.assertEqual(set(events.mapped("attendance_points")), {10})
