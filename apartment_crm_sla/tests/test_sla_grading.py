# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaGrading(SlaCommon):
    def _graded(self, name, description="<p></p>", **vals):
        vals.setdefault("ticket_kind", None)
        vals.setdefault("priority", None)
        return self._create_ticket(name=name, description=description, **vals)

    def test_chinese_keywords(self):
        leak = self._graded("厨房漏水", "<p>厨房水管一直在漏水，地上都是水</p>")
        self.assertEqual((leak.ticket_kind, leak.priority), ("repair", "3"))
        self.assertEqual(leak.sla_policy_id, self.policy_urgent)
        gas = self._graded("有燃气味道")
        self.assertEqual((gas.ticket_kind, gas.priority), ("repair", "3"))
        power = self._graded("房间停电了")
        self.assertEqual((power.ticket_kind, power.priority), ("repair", "3"))
        lift = self._graded("电梯坏了")
        self.assertEqual((lift.ticket_kind, lift.priority), ("repair", "2"))
        lock = self._graded("门锁打不开", "<p>进不了门</p>")
        self.assertEqual((lock.ticket_kind, lock.priority), ("repair", "3"))
        noise = self._graded("投诉楼上噪音")
        self.assertEqual((noise.ticket_kind, noise.priority), ("complaint", "2"))
        self.assertEqual(noise.sla_policy_id, self.policy_complaint)

    def test_english_keywords_case_insensitive(self):
        leak = self._graded("LEAK under the sink")
        self.assertEqual((leak.ticket_kind, leak.priority), ("repair", "3"))
        lock = self._graded("Locked out of my flat")
        self.assertEqual((lock.ticket_kind, lock.priority), ("repair", "3"))
        lift = self._graded("The elevator is stuck on floor 3")
        self.assertEqual((lift.ticket_kind, lift.priority), ("repair", "2"))
        noise = self._graded("Noisy neighbour", "<p>Party every night until 2am.</p>")
        self.assertEqual((noise.ticket_kind, noise.priority), ("complaint", "2"))
        plain = self._graded("Question about the parking card")
        self.assertEqual((plain.ticket_kind, plain.priority), ("other", "1"))

    def test_grading_logged_and_explicit_values_kept(self):
        ticket = self._graded("Water leak", ticket_kind="complaint", priority="3")
        # An explicit kind is kept; the priority is never lowered.
        self.assertEqual((ticket.ticket_kind, ticket.priority), ("complaint", "3"))
        self.assertIn("Water leak", ticket.message_ids.mapped("body")[0])
        lift = self._graded("elevator noise", priority="0")
        self.assertEqual(lift.priority, "2", "a rule raises a low priority")
        # A manual change after creation is kept.
        lift.priority = "1"
        self.assertEqual(lift.priority, "1")

    def test_tier_and_category_rules(self):
        self.tenant.tenant_tier_id = self.env.ref("apartment_crm.tier_vip")
        vip = self._graded("Question about the parking card")
        self.assertEqual(vip.priority, "2")
        category = self.env["helpdesk.ticket.category"].create({"name": "Move-out"})
        self.env["apartment.ticket.grading.rule"].create(
            {"name": "Move-out", "category_ids": [(6, 0, category.ids)], "ticket_kind": "request"}
        )
        request = self._graded("Deposit return", category_id=category.id)
        self.assertEqual(request.ticket_kind, "request")

    def test_rule_validation(self):
        Rule = self.env["apartment.ticket.grading.rule"]
        with self.assertRaisesRollback(ValidationError, "Empty rule.*no criterion"):
            Rule.create({"name": "Empty rule", "ticket_kind": "repair"})
        with self.assertRaisesRollback(ValidationError, "Idle rule.*changes nothing"):
            Rule.create({"name": "Idle rule", "keywords": "door"})

    def test_creation_time_is_the_clock_start(self):
        ticket = self._graded("漏水", when=at(0, 23))
        self.assertEqual(ticket.response_deadline, at(0, 23, 30))

    def test_back_office_form_follows_grading(self):
        """The form sends the policy computed before grading: create re-matches it."""
        general = self.env["apartment.sla.policy"].create(
            {
                "name": "T general",
                "response_minutes": 480,
                "resolution_minutes": 4800,
                "response_calendar_id": self.calendar.id,
                "resolution_calendar_id": self.calendar.id,
            }
        )
        other_team = self.env["helpdesk.ticket.team"].create(
            {"name": "Other building", "user_ids": [(6, 0, self.user_housekeeper.ids)]}
        )
        self.user_housekeeper.helpdesk_team_ids = other_team | self.team
        self.property.helpdesk_team_id = self.team
        with freeze_time(at(0, 10)):
            form = Form(self.env["helpdesk.ticket"].with_user(self.user_housekeeper))
            form.partner_id = self.tenant
            form.name = "卫生间漏水"
            form.description = "<p>卫生间漏水</p>"
            self.assertEqual(form.sla_policy_id, general, "the form matches the ungraded ticket")
            self.assertEqual(form.team_id, self.team, "the team of the tenant's building")
            ticket = form.save()
        self.assertEqual((ticket.ticket_kind, ticket.priority), ("repair", "3"))
        self.assertEqual(ticket.sla_policy_id, self.policy_urgent)
        self.assertEqual((ticket.sla_response_target, ticket.sla_resolution_target), (30, 240))
        self.assertEqual(ticket.response_deadline, at(0, 10, 30))
        self.assertEqual(ticket.resolution_deadline, at(0, 14))
        # A policy chosen on purpose that fits the graded ticket is kept.
        chosen = self._graded("卫生间漏水", sla_policy_id=self.policy_repair.id)
        self.assertEqual(chosen.sla_policy_id, self.policy_repair)
        # One that does not fit the graded kind is replaced.
        wrong = self._graded("卫生间漏水", sla_policy_id=self.policy_complaint.id)
        self.assertEqual(wrong.sla_policy_id, self.policy_urgent)
