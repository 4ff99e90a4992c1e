# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import NOW, EventsCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestEventInvitations(EventsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # tenant: email, Riverside; tenant_3: phone, Riverside; tenant_2: Garden.
        cls.tenant_4 = cls.env["res.partner"].create(
            {"name": "Wang Fang 王芳", "email": "wang.fang@example.com"}
        )
        cls.unit_d = cls.env["apartment.unit"].create(
            {"name": "103", "property_id": cls.property.id, "list_rent": 4000}
        )
        cls._create_lease(partner_id=cls.tenant_4.id, unit_id=cls.unit_d.id).action_activate()

    def _invitations(self, event):
        return self.env["apartment.event.invitation"].search([("event_id", "=", event.id)])

    def test_cron_batches_report_progress_and_resume(self):
        """5 tenants to invite with a batch of 2: 2 invited and 3 reported left, then the
        rest, each once."""
        # Whatever else this database has to invite is invited first.
        self.env["event.event"]._cron_send_event_invitations(batch_size=100000)
        event = self._create_event(portal_published=True, property_ids=[(6, 0, self.property.ids)])
        partners = self.env["res.partner"].create(
            [{"name": f"Batch {i}", "email": f"b{i}@example.com"} for i in range(2)]
        )
        units = self.env["apartment.unit"].create(
            [{"name": f"Batch {i}", "property_id": self.property.id} for i in range(2)]
        )
        for partner, unit in zip(partners, units, strict=True):
            self._create_lease(partner_id=partner.id, unit_id=unit.id).action_activate()
        # tenant, tenant_3, tenant_4 and the two new ones live at Riverside.
        cron = self.env.ref("apartment_crm_event.ir_cron_send_event_invitations")
        progress_seen = []
        for __ in range(4):
            progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
            self.env["event.event"].with_context(
                ir_cron_progress_id=progress.id
            )._cron_send_event_invitations(batch_size=2)
            progress_seen.append((progress.done, progress.remaining))
        self.assertEqual(progress_seen, [(2, 3), (2, 1), (1, 0), (0, 0)])
        invitations = self._invitations(event)
        self.assertEqual(
            invitations.partner_id, self.tenant | self.tenant_3 | self.tenant_4 | partners
        )
        self.assertEqual(len(invitations), 5)

    def test_publish_invites_by_preferred_channel_once(self):
        event = self._create_event()
        event.with_user(self.user_housekeeper).action_publish_and_invite()
        self.assertTrue(event.portal_published)
        invitations = self._invitations(event)
        by_partner = {inv.partner_id: inv for inv in invitations}
        self.assertEqual(set(by_partner), {self.tenant, self.tenant_3, self.tenant_4})
        # Email for the email tenants, in a mail.mail addressed to them.
        email = by_partner[self.tenant]
        self.assertEqual(email.channel, "email")
        self.assertEqual(email.mail_id.recipient_ids, self.tenant)
        self.assertIn("Dumpling Party", email.mail_id.subject)
        # An activity for the housekeeper of the phone tenant.
        call = by_partner[self.tenant_3]
        self.assertEqual(call.channel, "activity")
        self.assertEqual(call.activity_id.user_id, self.user_housekeeper)
        self.assertEqual(call.activity_id.res_id, self.tenant_3.id)
        self.assertEqual(
            call.activity_id.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertIn("Invite Li Na", call.activity_id.summary)
        mails_before = self._mails(invitations)
        activities_before = self._activities()
        # Button twice, cron twice: nobody is invited again.
        event.action_publish_and_invite()
        self.env["event.event"]._cron_send_event_invitations()
        self.env["event.event"]._cron_send_event_invitations()
        self.assertEqual(self._invitations(event), invitations)
        self.assertEqual(self._mails(invitations), mails_before)
        self.assertEqual(len(mails_before), 2)
        self.assertEqual(self._activities(), activities_before)
        self.assertEqual(len(activities_before), 1)

    def _mails(self, invitations):
        return self.env["mail.mail"].search(
            [("model", "=", invitations._name), ("res_id", "in", invitations.ids)]
        )

    def _activities(self):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", self.tenant_3.ids)]
        )

    def test_one_activity_per_invitation_when_tenant_invited_to_several_events(self):
        events = self._create_event() | self._create_event(name="Lantern Riddles")
        events.action_publish_and_invite()
        calls = self._activities()
        self.assertEqual(len(calls), 2)
        self.assertEqual(
            sorted(calls.mapped("summary")),
            [
                "Invite Li Na 李娜 to Dumpling Party (Phone)",
                "Invite Li Na 李娜 to Lantern Riddles (Phone)",
            ],
        )

    def test_cron_invites_new_tenants_only(self):
        event = self._create_event()
        event.action_publish_and_invite()
        self.assertEqual(len(self._invitations(event)), 3)
        newcomer = self.env["res.partner"].create(
            {"name": "Chen Jie 陈杰", "email": "c@example.com"}
        )
        unit = self.env["apartment.unit"].create(
            {"name": "104", "property_id": self.property.id, "list_rent": 4000}
        )
        self._create_lease(partner_id=newcomer.id, unit_id=unit.id).action_activate()
        self.env["event.event"]._cron_send_event_invitations()
        self.env["event.event"]._cron_send_event_invitations()
        invitations = self._invitations(event)
        self.assertEqual(len(invitations), 4)
        self.assertEqual(invitations.filtered(lambda i: i.partner_id == newcomer).channel, "email")

    def test_opt_out_blacklist_group_and_tier_filters(self):
        self.tenant_4.event_invitation_opt_out = True
        self.env["mail.blacklist"].create({"email": self.tenant.email})
        event = self._create_event()
        event.action_publish_and_invite()
        # Blacklisted (email) and opted out: skipped; the phone tenant is still called.
        self.assertEqual(self._invitations(event).partner_id, self.tenant_3)

        group = self.env.ref("apartment_crm_event.interest_group_reading")
        group.partner_ids = self.tenant | self.tenant_2
        group_event = self._create_event(
            name="Book Club", interest_group_id=group.id, property_ids=[(5, 0, 0)]
        )
        self.env["mail.blacklist"].search([]).unlink()
        group_event.action_publish_and_invite()
        self.assertEqual(self._invitations(group_event).partner_id, self.tenant | self.tenant_2)

        vip = self.env.ref("apartment_crm.tier_vip")
        self.tenant_2.tenant_tier_id = vip
        vip_event = self._create_event(
            name="VIP Dinner", tier_ids=[(6, 0, vip.ids)], property_ids=[(5, 0, 0)]
        )
        vip_event.action_publish_and_invite()
        # An event for every building: VIP tenants of other data (e.g. demo) are invited too;
        # among this test's tenants, only the VIP one.
        ours = self.tenant | self.tenant_2 | self.tenant_3
        self.assertEqual(self._invitations(vip_event).partner_id & ours, self.tenant_2)

    def test_cron_invites_tier_events_to_their_tiers_only(self):
        """A customised event for core tenants: the invitation cron invites the core tenants
        who became eligible, never a transient one or one without a tier."""
        core = self.env.ref("apartment_crm.tier_core")
        event = self._create_event(name="Core Tea", tier_ids=[(6, 0, core.ids)])
        event.portal_published = True  # published without inviting: the cron invites
        self.tenant.tenant_tier_id = core
        self.tenant_3.tenant_tier_id = self.env.ref("apartment_crm.tier_transient")
        self.env["event.event"]._cron_send_event_invitations()
        self.assertEqual(self._invitations(event).partner_id, self.tenant)
        self.tenant_4.tenant_tier_id = core  # promoted: invited by the next run, once
        self.env["event.event"]._cron_send_event_invitations()
        self.env["event.event"]._cron_send_event_invitations()
        self.assertEqual(self._invitations(event).partner_id, self.tenant | self.tenant_4)
        self.assertEqual(len(self._invitations(event)), 2)

    def test_unpublished_and_cancelled_events_invite_nobody(self):
        event = self._create_event()
        self.env["event.event"]._cron_send_event_invitations()
        self.assertFalse(self._invitations(event))
        event.stage_id = self.env.ref("event.event_stage_cancelled")
        with self.assertRaisesRollback(UserError, "Dumpling Party is cancelled or finished"):
            event.action_publish_and_invite()
        past = self._create_event(
            name="Past", date_begin=datetime(2026, 2, 1, 1, 0), date_end=datetime(2026, 2, 1, 2, 0)
        )
        with self.assertRaisesRollback(UserError, "Past is cancelled or finished"):
            past.action_publish_and_invite()

    def test_one_invitation_per_event_and_tenant_in_the_database(self):
        event = self._create_event()
        vals = {"event_id": event.id, "partner_id": self.tenant.id, "channel": "email"}
        self.env["apartment.event.invitation"].create(vals)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["apartment.event.invitation"].create(vals)
