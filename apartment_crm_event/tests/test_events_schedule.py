# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.apartment_crm.tests.common import CronBatchMixin

from .common import NOW, EventsCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestEventSchedule(EventsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.schedule = cls.env["apartment.event.schedule"].create(
            {
                "name": "Reading Club",
                "rule_type": "weekly",
                "weekday": "5",  # Saturday
                "hour": 19.5,
                "duration": 2.0,
                "tz": "Asia/Shanghai",
                "date_start": date(2026, 3, 1),
                "venue_id": cls.venue.id,
                "property_ids": [(6, 0, cls.property.ids)],
                "interest_group_id": cls.env.ref("apartment_crm_event.interest_group_reading").id,
                "tenant_only": True,
                "attendance_points": 10,
                "seats_max": 12,
            }
        )

    def _occurrences(self, schedule=None):
        return (
            self.env["event.event"]
            .with_context(active_test=False)
            .search([("schedule_id", "=", (schedule or self.schedule).id)], order="date_begin")
        )

    def test_weekly_occurrences_within_horizon_idempotent(self):
        Schedule = self.env["apartment.event.schedule"]
        Schedule._cron_generate_event_occurrences()
        events = self._occurrences()
        # Saturdays from 2026-03-02 to 2026-05-01 (60 days).
        self.assertEqual(
            events.mapped("occurrence_date"),
            [
                date(2026, 3, 7),
                date(2026, 3, 14),
                date(2026, 3, 21),
                date(2026, 3, 28),
                date(2026, 4, 4),
                date(2026, 4, 11),
                date(2026, 4, 18),
                date(2026, 4, 25),
            ],
        )
        first = events[0]
        # 19:30 in Shanghai is 11:30 UTC.
        self.assertEqual(first.date_begin, datetime(2026, 3, 7, 11, 30))
        self.assertEqual(first.date_end, datetime(2026, 3, 7, 13, 30))
        self.assertEqual(first.date_tz, "Asia/Shanghai")
        self.assertEqual(first.venue_id, self.venue)
        self.assertTrue(first.tenant_only)
        self.assertEqual(first.attendance_points, 10)
        self.assertEqual(first.seats_max, 12)
        self.assertEqual(first.interest_group_id.name, "Reading")
        # The cron and the button again: nothing new.
        Schedule._cron_generate_event_occurrences()
        self.schedule.action_generate_occurrences()
        self.assertEqual(self._occurrences(), events)
        # A week later the horizon moved by one Saturday.
        with freeze_time("2026-03-09 08:00:00"):
            Schedule._cron_generate_event_occurrences(date=date(2026, 3, 9))
            Schedule._cron_generate_event_occurrences(date=date(2026, 3, 9))
        self.assertEqual(len(self._occurrences()), 9)
        self.assertEqual(self._occurrences()[-1].occurrence_date, date(2026, 5, 2))

    def test_archived_or_cancelled_occurrence_is_not_recreated(self):
        self.schedule._generate_occurrences()
        events = self._occurrences()
        events[1].action_archive()
        events[2].stage_id = self.env.ref("event.event_stage_cancelled")
        self.schedule._generate_occurrences()
        self.assertEqual(self._occurrences(), events)

    def test_until_date_and_dst_timezone(self):
        schedule = self.schedule.copy(
            {
                "name": "Paris Run",
                "tz": "Europe/Paris",
                "hour": 9.0,
                "weekday": "6",
                "venue_id": False,
                "date_until": date(2026, 4, 5),
            }
        )
        schedule._generate_occurrences()
        events = self._occurrences(schedule)
        self.assertEqual(events[-1].occurrence_date, date(2026, 4, 5))
        # Paris is UTC+1 before the 29 March 2026 change, UTC+2 after.
        self.assertEqual(events[0].date_begin, datetime(2026, 3, 8, 8, 0))
        self.assertEqual(events[-1].date_begin, datetime(2026, 4, 5, 7, 0))
        with self.assertRaisesRollback(ValidationError, "the until date"):
            schedule.date_until = date(2026, 2, 1)

    def test_monthly_nth_and_last_weekday(self):
        first_saturday = self.schedule.copy(
            {
                "name": "Board Games",
                "rule_type": "monthly",
                "month_week": "1",
                "venue_id": False,
                "horizon_days": 120,
            }
        )
        last_friday = self.schedule.copy(
            {
                "name": "Career Talk",
                "rule_type": "monthly",
                "month_week": "-1",
                "weekday": "4",
                "venue_id": False,
                "horizon_days": 120,
            }
        )
        (first_saturday | last_friday)._generate_occurrences()
        self.assertEqual(
            self._occurrences(first_saturday).mapped("occurrence_date"),
            [date(2026, 3, 7), date(2026, 4, 4), date(2026, 5, 2), date(2026, 6, 6)],
        )
        self.assertEqual(
            self._occurrences(last_friday).mapped("occurrence_date"),
            [date(2026, 3, 27), date(2026, 4, 24), date(2026, 5, 29), date(2026, 6, 26)],
        )

    def test_booked_venue_skips_the_occurrence_and_reports_it_once(self):
        self._create_event(
            name="Lantern Riddles",
            venue_id=self.venue.id,
            date_begin=datetime(2026, 3, 14, 11, 0),
            date_end=datetime(2026, 3, 14, 12, 0),
        )
        # A second schedule in the same venue at the same time: only the first one gets it.
        rival = self.schedule.copy({"name": "Chess Club"})
        schedules = self.schedule | rival
        schedules._generate_occurrences()
        schedules._generate_occurrences()
        dates = self._occurrences().mapped("occurrence_date")
        self.assertNotIn(date(2026, 3, 14), dates)
        self.assertEqual(len(dates), 7)
        self.assertFalse(self._occurrences(rival))
        notes = self.schedule.message_ids.filtered(lambda m: "already booked" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn("Lantern Riddles", notes.body)
        self.assertEqual(self.schedule.skipped_dates, ["2026-03-14"])
        rival_notes = rival.message_ids.filtered(lambda m: "already booked" in (m.body or ""))
        self.assertEqual(len(rival_notes), 1)

    def test_cron_goes_on_when_one_schedule_fails(self):
        broken = self.schedule.copy({"name": "Too Big Yoga", "seats_max": 25, "weekday": "0"})
        self.env["apartment.event.schedule"]._cron_generate_event_occurrences()
        self.assertEqual(len(self._occurrences()), 8)
        self.assertFalse(self._occurrences(broken))
        self.assertIn(
            "Common Room holds 20 people",
            broken.message_ids.filtered(lambda m: "could not be generated" in (m.body or "")).body,
        )
        with self.assertRaisesRollback(ValidationError, "not one of the schedule's buildings"):
            broken.venue_id = self.venue_2

    def test_auto_publish_invites(self):
        self.schedule.write({"auto_publish": True, "horizon_days": 7})
        group = self.env.ref("apartment_crm_event.interest_group_reading")
        group.partner_ids = self.tenant
        self.schedule._generate_occurrences()
        event = self._occurrences()
        self.assertEqual(len(event), 1)
        self.assertTrue(event.portal_published)
        self.assertEqual(event.invitation_ids.partner_id, self.tenant)

    def test_unique_occurrence_per_schedule_and_date(self):
        self.schedule.write({"horizon_days": 7})
        self.schedule._generate_occurrences()
        vals = self.schedule._prepare_event_vals(date(2026, 3, 7))
        vals["venue_id"] = False
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["event.event"].create(vals)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestEventScheduleCronBatches(CronBatchMixin, EventsCommon):
    """Run by the scheduler, the occurrences cron works a batch of schedules per call."""

    def test_occurrences_in_batches_resume_and_never_double(self):
        Schedule = self.env["apartment.event.schedule"]
        day = date(2026, 3, 1)
        # The database's own schedules (demo data) are done for the day by a manual run.
        Schedule._cron_generate_event_occurrences(date=day)
        schedules = Schedule.create(
            [
                {
                    "name": f"Batch Club {weekday}",
                    "rule_type": "weekly",
                    "weekday": str(weekday),
                    "hour": 19.5,
                    "duration": 2.0,
                    "tz": "Asia/Shanghai",
                    "date_start": day,
                    "venue_id": self.venue.id,
                    "property_ids": [(6, 0, self.property.ids)],
                    "seats_max": 12,
                }
                for weekday in range(5)
            ]
        )
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.cron_batch_size", 2)
        xmlid = "apartment_crm_event.ir_cron_generate_event_occurrences"
        method = "_cron_generate_event_occurrences"
        progress = self._scheduler_call(xmlid, method, day)
        self.assertEqual((progress.done, progress.remaining), (2, 3))
        with_events = schedules.filtered("event_ids")
        self.assertEqual(with_events, schedules[:2], "one batch per call")
        progress = self._scheduler_call(xmlid, method, day)
        self.assertEqual((progress.done, progress.remaining), (2, 1))
        progress = self._scheduler_call(xmlid, method, day)
        self.assertEqual((progress.done, progress.remaining), (1, 0))
        counts = [len(schedule.event_ids) for schedule in schedules]
        self.assertTrue(all(counts), "every schedule has its occurrences")
        # Done for the day: a further call has nothing to do and doubles nothing.
        progress = self._scheduler_call(xmlid, method, day)
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        schedules.invalidate_recordset(["event_ids"])
        self.assertEqual([len(schedule.event_ids) for schedule in schedules], counts)
        self.assertEqual(set(schedules.mapped("occurrences_generated_date")), {day})

    def test_users_cannot_set_the_generated_day(self):
        """Set over RPC it would make the scheduler skip the schedule for the day."""
        schedule = self.env["apartment.event.schedule"].create(
            {
                "name": "Guarded Club",
                "rule_type": "weekly",
                "weekday": "2",
                "hour": 19.5,
                "duration": 2.0,
                "tz": "Asia/Shanghai",
                "date_start": date(2026, 3, 1),
                "property_ids": [(6, 0, self.property.ids)],
            }
        )
        with self.assertRaisesRegex(UserError, "Occurrences Generated On"):
            schedule.with_user(self.user_manager).write(
                {"occurrences_generated_date": date(2026, 3, 1)}
            )
        self.assertFalse(schedule.occurrences_generated_date)
        schedule.with_user(self.user_manager).write({"name": "Guarded Club 2"})
