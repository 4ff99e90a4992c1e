# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.addons.apartment_crm.tests.common import ApartmentCommon
from odoo.addons.mail.tests.common import mail_new_test_user

# Monday 2 March 2026; the test calendar works Mon-Fri 09:00-17:00 UTC.
MONDAY = datetime(2026, 3, 2)


def at(day, hour, minute=0):
    """A naive UTC datetime `day` days after Monday 2 March 2026."""
    return MONDAY.replace(day=MONDAY.day + day, hour=hour, minute=minute)


class SlaCommon(ApartmentCommon):
    """Own calendars, policies, team and stages; the default policies are archived."""

    # Long on purpose: the shared test data, one record after the other.
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["apartment.sla.policy"].search([]).action_archive()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Test office hours (UTC)",
                "tz": "UTC",
                "company_id": False,
                "attendance_ids": [
                    (5, 0, 0),
                    *[
                        (
                            0,
                            0,
                            {
                                "name": f"Day {day}",
                                "dayofweek": str(day),
                                "hour_from": 9.0,
                                "hour_to": 17.0,
                                "day_period": "morning",
                            },
                        )
                        for day in range(5)
                    ],
                ],
            }
        )
        cls.calendar_24_7 = cls.env.ref("apartment_crm_sla.resource_calendar_sla_24_7")
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_waiting = cls.env.ref("apartment_crm_sla.helpdesk_ticket_stage_waiting_tenant")
        cls.user_leader = mail_new_test_user(
            cls.env,
            login="apt_leader",
            name="Lena Leader",
            groups="base.group_user,apartment_crm.group_apartment_user",
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Riverside service",
                "user_id": cls.user_leader.id,
                "user_ids": [(6, 0, (cls.user_leader | cls.user_housekeeper).ids)],
            }
        )
        policy_vals = {
            "response_calendar_id": cls.calendar.id,
            "resolution_calendar_id": cls.calendar.id,
            "pause_stage_ids": [(6, 0, cls.stage_waiting.ids)],
            "response_stage_ids": [(6, 0, cls.stage_progress.ids)],
        }
        cls.policy_complaint, cls.policy_repair, cls.policy_urgent = cls.env[
            "apartment.sla.policy"
        ].create(
            [
                dict(
                    policy_vals,
                    name="T complaint",
                    ticket_kind="complaint",
                    response_minutes=30,
                    resolution_minutes=2880,
                ),
                dict(
                    policy_vals,
                    name="T repair",
                    ticket_kind="repair",
                    response_minutes=240,
                    resolution_minutes=1440,
                ),
                dict(
                    policy_vals,
                    name="T urgent repair",
                    ticket_kind="repair",
                    priority="3",
                    response_minutes=30,
                    resolution_minutes=240,
                    response_calendar_id=cls.calendar_24_7.id,
                    resolution_calendar_id=cls.calendar_24_7.id,
                ),
            ]
        )
        cls.tier_core = cls.env.ref("apartment_crm.tier_core")
        cls.lease = cls._create_lease()
        cls.lease.action_activate()

    @classmethod
    def _create_ticket(cls, when=None, context=None, **vals):
        values = {
            "name": "Kitchen tap",
            "description": "<p>Please have a look.</p>",
            "partner_id": cls.tenant.id,
            "team_id": cls.team.id,
            "user_id": cls.user_housekeeper.id,
            "ticket_kind": "repair",
            "priority": "1",
        }
        values.update(vals)
        values = {key: value for key, value in values.items() if value is not None}
        with freeze_time(when or at(0, 10)):
            return cls.env["helpdesk.ticket"].with_context(**(context or {})).create(values)

    def _set_stage(self, tickets, stage, when):
        with freeze_time(when):
            tickets.write({"stage_id": stage.id})
