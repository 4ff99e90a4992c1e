# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import EventsCommon


@tagged("post_install", "-at_install")
class TestFarewellMoments(EventsCommon):
    """The farewell a week before move-out lists the events the tenant attended (the event
    addon's part of the core hook ``res.partner._get_community_moments``)."""

    def test_farewell_lists_the_events_attended_during_the_lease(self):
        attended = self._create_event(name="Dumpling Party")
        missed = self._create_event(
            name="Rooftop Yoga",
            date_begin=datetime(2026, 4, 5, 10, 0),
            date_end=datetime(2026, 4, 5, 11, 0),
        )
        before = self._create_event(
            name="Old Party",
            date_begin=datetime(2025, 6, 1, 10, 0),
            date_end=datetime(2025, 6, 1, 11, 0),
        )
        with freeze_time("2026-04-10"):
            self._register(attended, self.tenant).action_set_done()
            self._register(before, self.tenant).action_set_done()
            self._register(missed, self.tenant)  # registered, never came
            self._register(missed, self.tenant_2).action_set_done()
        moments = self.tenant._get_community_moments(date(2026, 1, 1), date(2026, 12, 31))
        self.assertEqual(len(moments), 1)
        self.assertIn("Dumpling Party", moments[0])
        rule = self.env.ref("apartment_crm.touchpoint_rule_before_move_out")
        self.env["apartment.touchpoint.rule"].search([]).active = False
        rule.active = True
        (self.lease_2 | self.lease_3).write({"date_end": date(2027, 6, 30)})
        with freeze_time("2026-12-24"):
            self.env["apartment.touchpoint.rule"]._cron_run_touchpoints()
        mail = self.env["mail.mail"].search(
            [
                ("subject", "ilike", "Thank you for living with us"),
                ("recipient_ids", "=", self.tenant.id),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("moments you shared", mail.body_html)
        self.assertIn("Dumpling Party", mail.body_html)
        self.assertNotIn("Rooftop Yoga", mail.body_html)
        self.assertNotIn("Old Party", mail.body_html, "before this lease")
