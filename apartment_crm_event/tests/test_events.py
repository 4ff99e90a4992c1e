# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import NOW, TODAY, EventsCommon

# An event that has begun at NOW: only those take attendance.
PAST = {"date_begin": datetime(2026, 3, 1, 10, 0), "date_end": datetime(2026, 3, 1, 12, 0)}


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestEventRules(EventsCommon):
    # ---- tenant only -----------------------------------------------------------------------
    def test_tenant_only_accepts_tenant_of_the_building(self):
        event = self._create_event(tenant_only=True)
        registration = self._register(event, self.tenant)
        self.assertEqual(registration.state, "open")

    def test_tenant_only_refuses_tenant_of_another_building(self):
        event = self._create_event(tenant_only=True)
        with self.assertRaisesRollback(
            ValidationError, r"Emma Schmidt cannot register for Dumpling Party.*Test Riverside"
        ):
            self._register(event, self.tenant_2)

    def test_tenant_only_refuses_outsider_and_ended_lease(self):
        event = self._create_event(tenant_only=True)
        with self.assertRaisesRollback(ValidationError, "Outsider Olga cannot register"):
            self._register(event, self.outsider)
        self.lease.action_end()
        with self.assertRaisesRollback(ValidationError, "Zhang Wei 张伟 cannot register"):
            self._register(event, self.tenant)

    def test_tenant_only_checked_on_write_and_when_turned_on(self):
        event = self._create_event(tenant_only=True)
        open_event = self._create_event(name="Open Day", venue_id=False)
        registration = self._register(open_event, self.tenant_2)
        with self.assertRaisesRollback(ValidationError, "Emma Schmidt cannot register"):
            registration.event_id = event
        cancelled = self._register(open_event, self.outsider)
        cancelled.action_cancel()
        # Re-opening a registration re-checks the event's audience.
        open_event.tenant_only = True
        with self.assertRaisesRollback(ValidationError, "Outsider Olga cannot register"):
            cancelled.action_confirm()

    def test_tenant_who_moved_out_can_still_be_marked_attended(self):
        event = self._create_event(tenant_only=True, **PAST)
        registration = self._register(event, self.tenant)
        self.lease.action_end()
        registration.action_set_done()
        self.assertTrue(registration.attended_processed)

    def test_tenant_only_without_building_needs_any_active_lease(self):
        event = self._create_event(tenant_only=True, property_ids=[(5, 0, 0)])
        self._register(event, self.tenant_2)
        with self.assertRaisesRollback(ValidationError, "Outsider Olga cannot register"):
            self._register(event, self.outsider)

    def test_tenant_only_as_portal_user_direct_call(self):
        """A portal tenant calling create() directly (as over RPC) is held to the same rule."""
        event = self._create_event(tenant_only=True, portal_published=True)
        portal_user = self._create_portal_user(self.tenant_2, "emma_portal")
        Registration = self.env(user=portal_user)["event.registration"]
        with self.assertRaisesRollback(
            ValidationError, r"cannot register for Dumpling Party.*Test Riverside only"
        ):
            Registration.create({"event_id": event.id, "partner_id": self.tenant_2.id})
        self.assertFalse(self.env["event.registration"].search([("event_id", "=", event.id)]))

    def test_portal_user_can_only_register_themselves_as_registered(self):
        event = self._create_event(portal_published=True)
        portal_user = self._create_portal_user(self.tenant, "zhang_portal")
        Registration = self.env(user=portal_user)["event.registration"]
        with self.assertRaisesRollback(AccessError, "only register yourself"):
            Registration.create({"event_id": event.id, "partner_id": self.tenant_2.id})
        with self.assertRaisesRollback(AccessError, "state=done"):
            Registration.create(
                {"event_id": event.id, "partner_id": self.tenant.id, "state": "done"}
            )
        registration = Registration.create({"event_id": event.id, "partner_id": self.tenant.id})
        self.assertEqual(registration.state, "open")
        with self.assertRaisesRollback(AccessError, "state=done"):
            registration.write({"state": "done"})
        with self.assertRaisesRollback(AccessError, "event_id"):
            registration.write({"event_id": self._create_event(name="Other").id})
        registration.write({"state": "cancel"})
        self.assertEqual(registration.state, "cancel")

    def test_portal_user_refused_on_unpublished_or_closed_event(self):
        portal_user = self._create_portal_user(self.tenant, "zhang_portal")
        Registration = self.env(user=portal_user)["event.registration"]
        draft = self._create_event(name="Draft Party")
        draft.portal_published = False
        closed = self._create_event(
            name="Closed Party",
            portal_published=True,
            registration_deadline=datetime(2026, 3, 1, 12, 0),
        )
        # The unpublished event is not even readable by the portal tenant.
        with self.assertRaisesRollback(AccessError, "Event"):
            Registration.create({"event_id": draft.id, "partner_id": self.tenant.id})
        with self.assertRaisesRollback(
            ValidationError, "Registrations for Closed Party are closed"
        ):
            Registration.create({"event_id": closed.id, "partner_id": self.tenant.id})
        # Staff can still register a latecomer.
        self.env(user=self.user_housekeeper)["event.registration"].create(
            {"event_id": closed.id, "partner_id": self.tenant.id}
        )

    # ---- capacity ---------------------------------------------------------------------------
    def test_capacity(self):
        event = self._create_event(seats_limited=True, seats_max=1)
        self._register(event, self.tenant)
        with self.assertRaisesRollback(ValidationError, "not enough seats"):
            self._register(event, self.tenant_2)
        # A cancelled seat is free again.
        event.registration_ids.action_cancel()
        self._register(event, self.tenant_2)

    def test_venue_capacity_is_the_default_and_the_limit(self):
        event = self._create_event(venue_id=self.venue.id)
        self.assertTrue(event.seats_limited)
        self.assertEqual(event.seats_max, 20)
        with self.assertRaisesRollback(ValidationError, "Common Room holds 20 people"):
            event.seats_max = 25
        with self.assertRaisesRollback(ValidationError, "Common Room holds 20 people"):
            event.seats_limited = False
        # A venue of another building than the event's.
        with self.assertRaisesRollback(ValidationError, "not one of the event's buildings"):
            event.venue_id = self.venue_2

    def test_venue_onchange_sets_building_and_seats(self):
        with Form(self.env["event.event"].with_user(self.user_housekeeper)) as form:
            form.name = "Yoga"
            form.date_begin = datetime(2026, 3, 11, 1, 0)
            form.date_end = datetime(2026, 3, 11, 2, 0)
            form.venue_id = self.venue
            self.assertEqual(form.seats_max, 20)
            self.assertTrue(form.seats_limited)
        self.assertEqual(form.record.property_ids, self.property)

    # ---- venue overlap ------------------------------------------------------------------------
    def test_venue_overlap_refused_naming_the_other_event(self):
        self._create_event(name="Lantern Riddles", venue_id=self.venue.id)
        with self.assertRaisesRollback(
            ValidationError, r"Common Room is already booked by the event Lantern Riddles"
        ):
            self._create_event(
                name="Board Games",
                venue_id=self.venue.id,
                date_begin=datetime(2026, 3, 10, 11, 0),
                date_end=datetime(2026, 3, 10, 13, 0),
            )

    def test_venue_overlap_message_hides_an_event_the_user_cannot_read(self):
        """Booked for a tenant (sudo), the message names only the events they may read."""
        self._create_event(name="Lantern Riddles", venue_id=self.venue.id)
        portal_user = self._create_portal_user(self.tenant, "apt_portal_venue")
        with self.assertRaisesRollback(
            ValidationError, "Common Room is already booked by another event from"
        ):
            self.env["event.event"].with_user(portal_user).sudo().create(
                {
                    "name": "Board Games",
                    "venue_id": self.venue.id,
                    "date_begin": datetime(2026, 3, 10, 11, 0),
                    "date_end": datetime(2026, 3, 10, 13, 0),
                }
            )

    def test_venue_adjacent_other_venue_and_cancelled_are_free(self):
        first = self._create_event(name="Lantern Riddles", venue_id=self.venue.id)
        # [10:00, 12:00) and [12:00, 14:00) do not overlap.
        self._create_event(
            name="Board Games",
            venue_id=self.venue.id,
            date_begin=datetime(2026, 3, 10, 12, 0),
            date_end=datetime(2026, 3, 10, 14, 0),
        )
        self._create_event(name="Rooftop Yoga", venue_id=self.venue_2.id, property_ids=[(5, 0, 0)])
        first.stage_id = self.env.ref("event.event_stage_cancelled")
        self.assertFalse(first.venue_booked)
        self._create_event(name="Replacement", venue_id=self.venue.id)

    def _book_two_events(self):
        """Lantern Riddles at the venue (default times), and Career Talk after it; returns
        the later one."""
        self._create_event(name="Lantern Riddles", venue_id=self.venue.id)
        return self._create_event(
            name="Career Talk",
            venue_id=self.venue.id,
            date_begin=datetime(2026, 3, 10, 14, 0),
            date_end=datetime(2026, 3, 10, 15, 0),
        )

    def test_venue_overlap_on_write_and_within_a_batch(self):
        later = self._book_two_events()
        with self.assertRaisesRollback(ValidationError, "booked by the event Lantern Riddles"):
            later.write({"date_begin": datetime(2026, 3, 10, 11, 30)})
        with self.assertRaisesRollback(ValidationError, "booked by the event Pet Walk"):
            self.env["event.event"].create(
                [
                    {
                        "name": name,
                        "venue_id": self.venue.id,
                        "date_begin": datetime(2026, 3, 12, 10, 0),
                        "date_end": datetime(2026, 3, 12, 11, 0),
                    }
                    for name in ("Pet Walk", "Pet Talk")
                ]
            )
        # Un-archiving an event re-checks its venue.
        later.action_archive()
        later.date_begin = datetime(2026, 3, 10, 11, 0)
        with self.assertRaisesRollback(ValidationError, "booked by the event Lantern Riddles"):
            later.action_unarchive()

    def test_venue_exclusion_constraint_guards_the_database(self):
        other = self._book_two_events()
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.cr.execute(
                "UPDATE event_event SET date_begin = '2026-03-10 11:00:00' WHERE id = %s",
                [other.id],
            )

    # ---- attendance -----------------------------------------------------------------------
    def _attended_notes(self, registration):
        return registration.message_ids.filtered(lambda m: "Attended" in (m.body or ""))

    def test_on_attended_called_once_per_registration(self):
        event = self._create_event(attendance_points=50, **PAST)
        reg_1 = self._register(event, self.tenant)
        reg_2 = self._register(event, self.tenant_2)
        (reg_1 | reg_2).action_set_done()
        self.assertTrue(reg_1.attended_processed and reg_2.attended_processed)
        self.assertEqual(len(self._attended_notes(reg_1)), 1)
        self.assertIn("50 loyalty points", self._attended_notes(reg_1).body)
        # Toggled back and forth: never processed again.
        for __ in range(2):
            reg_1.action_confirm()
            reg_1.action_set_done()
        (reg_1 | reg_2).write({"state": "done"})
        self.assertEqual(len(self._attended_notes(reg_1)), 1)
        self.assertEqual(len(self._attended_notes(reg_2)), 1)
        self.assertTrue(reg_1.attended_processed)

    def test_on_attended_on_create_and_registration_desk(self):
        # Under way at NOW: the registration desk only takes an ongoing event.
        event = self._create_event(
            date_begin=datetime(2026, 3, 2, 7, 0), date_end=datetime(2026, 3, 2, 10, 0)
        )
        walk_in = self._register(event, self.tenant, state="done")
        self.assertTrue(walk_in.attended_processed)
        self.assertEqual(len(self._attended_notes(walk_in)), 1)
        scanned = self._register(event, self.tenant_2)
        result = self.env["event.registration"].register_attendee(scanned.barcode, event.id)
        self.assertEqual(result["status"], "confirmed_registration")
        self.assertTrue(scanned.attended_processed)
        self.assertEqual(len(self._attended_notes(scanned)), 1)

    def test_on_attended_not_called_for_cancelled_or_open(self):
        event = self._create_event()
        registration = self._register(event, self.tenant)
        registration.action_cancel()
        self.assertFalse(registration.attended_processed)
        self.assertFalse(self._attended_notes(registration))

    def test_event_participation(self):
        recent = self._create_event(
            name="Recent",
            date_begin=datetime(2026, 3, 1, 10, 0),
            date_end=datetime(2026, 3, 1, 12, 0),
        )
        future = self._create_event(name="Future")
        with freeze_time("2026-03-10 11:00:00"):  # attended, after the reference date
            self._register(future, self.tenant_2, state="done")
        old = self._create_event(
            name="Old",
            date_begin=datetime(2025, 2, 1, 10, 0),
            date_end=datetime(2025, 2, 1, 12, 0),
        )
        self._register(recent, self.tenant, state="done")
        self._register(old, self.tenant, state="done")
        self._register(recent, self.tenant_2)  # registered, not attended
        other = self._create_event(
            name="Other",
            date_begin=datetime(2026, 2, 1, 10, 0),
            date_end=datetime(2026, 2, 1, 11, 0),
        )
        self._register(other, self.tenant, state="done")
        partners = self.tenant | self.tenant_2
        self.assertEqual(partners._get_event_participation(), {self.tenant.id: 2})
        # On another reference date, the year before it.
        self.assertEqual(partners._get_event_participation(date="2025-12-31"), {self.tenant.id: 1})
        self.assertEqual(self.tenant.events_attended_12m, 2)
        self.assertEqual(self.tenant_2.events_attended_12m, 0)
        everyone = self.env["res.partner"]._get_event_participation()
        self.assertEqual(everyone.get(self.tenant.id), 2)

    # ---- reporting ------------------------------------------------------------------------
    def test_attendance_report_per_building_and_group(self):
        reading = self.env.ref("apartment_crm_event.interest_group_reading")
        event = self._create_event(
            interest_group_id=reading.id,
            property_ids=[(6, 0, (self.property | self.property_2).ids)],
            **PAST,
        )
        other = self._create_event(name="Yoga", venue_id=False, **PAST)
        self._register(event, self.tenant, state="done")
        self._register(event, self.tenant_2)
        self._register(event, self.outsider).action_cancel()
        self._register(other, self.tenant, state="done")
        self.env.flush_all()
        Report = self.env["apartment.event.attendance.report"].with_user(self.user_housekeeper)
        rows = Report._read_group(
            [("event_id", "in", (event | other).ids)],
            ["property_id", "interest_group_id"],
            ["registered:sum", "attended:sum", "attendance_rate:avg"],
        )
        self.assertEqual(
            sorted((p.name, g.name or "", *values) for p, g, *values in rows),
            [
                ("Test Garden", "Reading", 2, 1, 50.0),
                ("Test Riverside", "", 1, 1, 100.0),
                ("Test Riverside", "Reading", 2, 1, 50.0),
            ],
        )
        self.assertEqual(event.attendance_rate, 50.0)

    def test_participation_and_lease_buildings_are_one_query_each(self):
        event = self._create_event(
            date_begin=datetime(2026, 3, 1, 10, 0), date_end=datetime(2026, 3, 1, 12, 0)
        )
        for partner in (self.tenant, self.tenant_2, self.tenant_3):
            self._register(event, partner, state="done")
        partners = self.tenant | self.tenant_2 | self.tenant_3 | self.outsider
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            counts = partners._get_event_participation(date=TODAY)
        self.assertEqual(
            counts, dict.fromkeys((self.tenant | self.tenant_2 | self.tenant_3).ids, 1)
        )
        with self.assertQueryCount(1):
            buildings = partners._get_active_lease_properties(date=TODAY)
        self.assertEqual(
            buildings,
            {
                self.tenant.id: {self.property.id},
                self.tenant_2.id: {self.property_2.id},
                self.tenant_3.id: {self.property.id},
            },
        )


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestRegistrationScreens(EventsCommon):
    def test_attended_only_once_the_event_has_begun(self):
        event = self._create_event()  # 10 March, 8 days ahead
        registration = self._register(event, self.tenant)
        with self.assertRaisesRollback(ValidationError, "Dumpling Party has not started yet"):
            registration.action_set_done()
        with self.assertRaisesRollback(ValidationError, "has not started yet"):
            self._register(event, self.tenant_3, state="done")
        self.assertEqual(registration.state, "open")
        with freeze_time("2026-03-10 10:30:00"):  # under way
            registration.action_set_done()
        self.assertEqual(registration.state, "done")

    def test_attendee_follows_booked_by(self):
        event = self._create_event()
        registration = self._register(event, self.tenant)
        self.assertEqual(registration.name, self.tenant.name)
        with Form(registration) as form:
            form.partner_id = self.tenant_3
            self.assertEqual(form.name, self.tenant_3.name)
            self.assertEqual(form.email, "li.na@example.com")
        self.assertEqual(
            (registration.name, registration.email), (self.tenant_3.name, "li.na@example.com")
        )
        registration.partner_id = self.tenant
        self.assertEqual(
            (registration.name, registration.email), (self.tenant.name, "zhang.wei@example.com")
        )
        # A name typed with the booking is kept.
        # (on another event: one live registration per tenant and event)
        guest = self._register(self._create_event(), self.tenant_3, name="Guest of Li Na")
        self.assertEqual(guest.name, "Guest of Li Na")
