# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ApartmentCommon


@tagged("post_install", "-at_install")
class TestTouchpoints(ApartmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["apartment.touchpoint.rule"]
        cls.Log = cls.env["apartment.touchpoint.log"]
        cls.Rule.search([]).write({"active": False})
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.tenants = cls.tenant | cls.tenant_2
        cls.tenant.write({"birthday": date(1990, 7, 15), "preferred_channel": "email"})
        cls.tenant_2.write({"birthday": date(1992, 7, 15), "preferred_channel": "wechat"})
        cls.lease = cls._create_lease(
            date_start=date(2026, 1, 1),
            date_end=date(2026, 12, 31),
            user_id=cls.user_housekeeper.id,
            state="active",
        )
        cls.lease_2 = cls._create_lease(
            partner_id=cls.tenant_2.id,
            unit_id=cls.unit_b.id,
            date_start=date(2026, 1, 1),
            date_end=date(2026, 12, 31),
            user_id=cls.user_housekeeper.id,
            state="active",
        )

    def _rule(self, trigger, template=None, **vals):
        return self.Rule.create(
            {
                "name": f"Test {trigger}",
                "trigger": trigger,
                "mail_template_id": template and self.env.ref(f"apartment_crm.{template}").id,
                "activity_type_id": self.todo.id,
                "activity_summary": f"Test {trigger} activity",
                **vals,
            }
        )

    def _mails(self, subject):
        return self.env["mail.mail"].search(
            [("subject", "ilike", subject), ("recipient_ids", "in", self.tenants.ids)]
        )

    def _logs(self, rule):
        """The logs of our tenants (the database may hold demo tenants too)."""
        return self.Log.search([("rule_id", "=", rule.id), ("partner_id", "in", self.tenants.ids)])

    def _run(self, rule, day):
        return rule._run(day).filtered(lambda log: log.partner_id in self.tenants)

    def _activities(self, partner, summary):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("summary", "=", summary),
            ]
        )

    def test_cron_batches_report_progress_and_resume(self):
        """5 birthdays with a batch of 2: 2 fired and 3 reported left, then the rest, once."""
        rule = self._rule("birthday", "mail_template_touchpoint_birthday")
        with freeze_time("2026-07-15"):
            # Whatever else this database has due on that day is fired first.
            self.Rule._cron_run_touchpoints(batch_size=100000)
        partners = self.env["res.partner"].create(
            [
                {"name": f"Batch {i}", "email": f"b{i}@example.com", "birthday": date(1991, 7, 15)}
                for i in range(5)
            ]
        )
        units = self.env["apartment.unit"].create(
            [{"name": f"Batch {i}", "property_id": self.property.id} for i in range(5)]
        )
        for partner, unit in zip(partners, units, strict=True):
            self._create_lease(partner_id=partner.id, unit_id=unit.id, state="active")
        cron = self.env.ref("apartment_crm.ir_cron_run_touchpoints")
        progress_seen = []
        with freeze_time("2026-07-15"):
            for __ in range(4):
                progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
                self.Rule.with_context(ir_cron_progress_id=progress.id)._cron_run_touchpoints(
                    batch_size=2
                )
                progress_seen.append((progress.done, progress.remaining))
        self.assertEqual(progress_seen, [(2, 3), (2, 1), (1, 0), (0, 0)])
        logs = self.Log.search([("rule_id", "=", rule.id), ("partner_id", "in", partners.ids)])
        self.assertEqual(logs.partner_id, partners)
        self.assertEqual(len(logs), 5)

    def test_birthday_fires_once_with_preferred_channel(self):
        rule = self._rule("birthday", "mail_template_touchpoint_birthday")
        with freeze_time("2026-07-15"):
            self.Rule._cron_run_touchpoints()
            self.Rule._cron_run_touchpoints()
        with freeze_time("2026-07-16"):  # still within the catch-up days
            self.Rule._cron_run_touchpoints()
        logs = self._logs(rule)
        self.assertRecordValues(
            logs.sorted(lambda log: log.partner_id.id),
            [
                {
                    "partner_id": self.tenant.id,
                    "lease_id": False,
                    "occurrence_date": date(2026, 7, 15),
                    "channel": "mail",
                },
                {
                    "partner_id": self.tenant_2.id,
                    "lease_id": False,
                    "occurrence_date": date(2026, 7, 15),
                    "channel": "activity",
                },
            ],
        )
        # E-mail preferred: the greeting; WeChat preferred: an activity for the housekeeper.
        mails = self._mails("Happy birthday")
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.tenant)
        self.assertIn("Happy birthday, Zhang Wei", mails.subject)
        activity = self._activities(self.tenant_2, "Test birthday activity")
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_housekeeper)
        self.assertEqual(logs.filtered("activity_id").activity_id, activity)
        self.assertFalse(self._activities(self.tenant, "Test birthday activity"))
        # Next year: a new occurrence.
        with freeze_time("2027-07-15"):
            self.Rule._cron_run_touchpoints()
        self.assertEqual(len(self._logs(rule)), 4)

    def test_activity_in_the_housekeeper_language(self):
        """The housekeeper reads the touchpoint's to-do in their language, whichever user
        ran the cron."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.user_housekeeper.lang = "zh_CN"
        rule = self._rule("birthday", "mail_template_touchpoint_birthday")
        rule.with_context(lang="zh_CN").activity_summary = "测试生日待办"
        with freeze_time("2026-07-15"):
            self.Rule.with_context(lang="en_US")._cron_run_touchpoints()
        activity = self._activities(self.tenant_2, "测试生日待办")
        self.assertEqual(len(activity), 1)
        self.assertIn("首选联系渠道", str(activity.note))

    def test_catch_up_and_leap_day(self):
        rule = self._rule("birthday", catch_up_days=3)
        with freeze_time("2026-07-18"):  # cron missed three days
            self.Rule._cron_run_touchpoints()
        self.assertEqual(len(self._logs(rule)), 2)
        self.assertEqual(set(self._logs(rule).mapped("occurrence_date")), {date(2026, 7, 15)})
        self.tenant.birthday = date(1992, 2, 29)
        logs = self._run(rule, date(2027, 2, 28))
        self.assertEqual(logs.partner_id, self.tenant)
        self.assertEqual(logs.occurrence_date, date(2027, 2, 28))
        self.assertFalse(self._run(rule, date(2027, 3, 1)))

    def test_no_touchpoint_for_former_or_unborn(self):
        rule = self._rule("birthday")
        self.lease_2.action_end()
        self.tenant.birthday = date(2026, 7, 15)  # born this year: no "first" birthday yet
        self.assertFalse(self._run(rule, date(2026, 7, 15)))

    def test_mid_lease_and_before_end(self):
        mid = self._rule("mid_lease", "mail_template_touchpoint_mid_lease")
        end = self._rule(
            "before_end",
            "mail_template_touchpoint_before_end",
            offset_days=-60,
            respect_preferred_channel=False,
        )
        # 2026-01-01 + 364 / 2 days = 2026-07-02
        self.assertFalse(self._run(mid, date(2026, 7, 1)))
        logs = self._run(mid, date(2026, 7, 2))
        self.assertEqual(logs.lease_id, self.lease | self.lease_2)
        self.assertEqual(len(self._mails("How is everything in your home")), 1)
        # Both mail and activity when the preferred channel is not respected.
        logs = self._run(end, date(2026, 11, 1))
        self.assertEqual(set(logs.mapped("channel")), {"both"})
        self.assertEqual(set(logs.mapped("occurrence_date")), {date(2026, 12, 31)})
        self.assertEqual(len(self._mails("ends on 2026-12-31")), 2)
        self.assertFalse(self._run(end, date(2026, 11, 2)))

    def test_after_move_out_offer(self):
        rule = self._rule(
            "after_move_out", "mail_template_touchpoint_returning_offer", offset_days=7
        )
        rule.activity_type_id = False
        self.lease.write({"date_end": date(2026, 6, 30)})
        self.lease.action_end()
        self.lease_2.write({"date_end": date(2026, 6, 30)})
        self.lease_2.action_end()
        # tenant_2 signs again: no returning offer for them.
        self._create_lease(
            partner_id=self.tenant_2.id, unit_id=self.unit_c.id, date_start=date(2026, 7, 1)
        )
        with freeze_time("2026-07-07"):
            self.Rule._cron_run_touchpoints()
            self.Rule._cron_run_touchpoints()
        self.assertRecordValues(
            self._logs(rule),
            [
                {
                    "partner_id": self.tenant.id,
                    "lease_id": self.lease.id,
                    "occurrence_date": date(2026, 6, 30),
                    "valid_until": date(2026, 12, 30),
                    "channel": "mail",
                }
            ],
        )
        self.assertEqual(len(self._mails("Welcome back anytime")), 1)

    def test_move_in_anniversary_activity(self):
        rule = self._rule("move_in_anniversary")
        self.lease.write({"date_start": date(2025, 3, 1)})
        self.assertEqual(self.tenant.move_in_date, date(2025, 3, 1))
        logs = self._run(rule, date(2026, 3, 1))
        self.assertEqual(logs.partner_id, self.tenant)
        self.assertEqual(logs.channel, "activity")
        self.assertEqual(len(self._activities(self.tenant, "Test move_in_anniversary activity")), 1)

    def test_template_without_email_falls_back_to_activity(self):
        self.tenant.email = False
        rule = self._rule("birthday", "mail_template_touchpoint_birthday", activity_type_id=False)
        logs = self._run(rule, date(2026, 7, 15))
        by_partner = {log.partner_id: log.channel for log in logs}
        self.assertEqual(by_partner, {self.tenant: "activity", self.tenant_2: "mail"})
        self.assertEqual(len(self._activities(self.tenant, "Test birthday activity")), 1)

    def test_unique_occurrence_index(self):
        rule = self._rule("birthday")
        vals = {
            "rule_id": rule.id,
            "partner_id": self.tenant.id,
            "occurrence_date": date(2026, 7, 15),
        }
        self.Log.create(vals)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Log.create(vals)
            self.Log.flush_model()

    def test_rule_needs_an_action(self):
        with self.assertRaisesRollback(ValidationError, "does nothing: set a mail template"):
            self._rule("birthday", activity_type_id=False)
        with self.assertRaisesRollback(ValidationError, "catch-up days cannot be negative"):
            self._rule("birthday", catch_up_days=-1)

    # --- targeting: tiers, buildings, tags ---------------------------------------------------
    def test_rule_restricted_to_tiers_buildings_and_tags(self):
        """Empty = everyone; each filter is applied by the occurrence query itself."""
        core = self.env.ref("apartment_crm.tier_core")
        transient = self.env.ref("apartment_crm.tier_transient")
        self.tenant.tenant_tier_id = core
        self.tenant_2.tenant_tier_id = transient
        rule = self._rule("mid_lease")
        day = date(2026, 7, 2)
        everyone = {partner for partner, __, __ in rule._get_occurrences(day)}
        self.assertLessEqual(set(self.tenants.ids), everyone)
        rule.tier_ids = core
        self.assertEqual(
            {p for p, __, __ in rule._get_occurrences(day) if p in self.tenants.ids},
            {self.tenant.id},
        )
        # Buildings: tenant_2's lease is in the same building; move it to Garden.
        rule.tier_ids = False
        rule.property_ids = self.property_2
        self.lease_2.unit_id = self.unit_c
        self.assertEqual(
            {p for p, __, __ in rule._get_occurrences(day)} & set(self.tenants.ids),
            {self.tenant_2.id},
        )
        # Tags, on a yearly trigger (the partner query) too.
        tag = self.env["res.partner.category"].create({"name": "Pet owners"})
        self.tenant.category_id = tag
        rule.property_ids = False
        rule.category_ids = tag
        self.assertEqual({p for p, __, __ in rule._get_occurrences(day)}, {self.tenant.id})
        birthday = self._rule("birthday", category_ids=[(6, 0, tag.ids)])
        self.assertEqual(self._run(birthday, date(2026, 7, 15)).partner_id, self.tenant)
        birthday_garden = self._rule("birthday", property_ids=[(6, 0, self.property_2.ids)])
        self.assertEqual(self._run(birthday_garden, date(2026, 7, 15)).partner_id, self.tenant_2)

    def test_rule_buildings_of_another_company_refused(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        building = self.env["apartment.property"].create(
            {"name": "Elsewhere", "code": "T-ELS", "company_id": other.id}
        )
        with self.assertRaisesRollback(ValidationError, "buildings must belong to its company"):
            self._rule("birthday", property_ids=[(6, 0, building.ids)])

    def test_default_tier_rules(self):
        """The seeds' tier care ships as rules: core 3 months ahead, transient at mid-lease."""
        plan = self.env.ref("apartment_crm.touchpoint_rule_core_value_plan")
        calendar = self.env.ref("apartment_crm.touchpoint_rule_transient_discount_calendar")
        self.assertEqual(
            plan.tier_ids,
            self.env.ref("apartment_crm.tier_core") | self.env.ref("apartment_crm.tier_vip"),
        )
        self.assertEqual(calendar.tier_ids, self.env.ref("apartment_crm.tier_transient"))
        (plan | calendar).active = True
        self.tenant.tenant_tier_id = self.env.ref("apartment_crm.tier_core")
        self.tenant_2.tenant_tier_id = self.env.ref("apartment_crm.tier_transient")
        logs = self._run(plan, date(2026, 10, 2))  # 90 days before 2026-12-31
        self.assertEqual(logs.partner_id, self.tenant)
        self.assertEqual(logs.channel, "both")
        self.assertEqual(len(self._mails("renewal value-add plan")), 1)
        logs = self._run(calendar, date(2026, 7, 2))
        self.assertEqual(logs.partner_id, self.tenant_2)
        mail = self._mails("Renew early and save")
        self.assertEqual(mail.recipient_ids, self.tenant_2)
        self.assertIn("5.0", mail.body_html, "the transient tier's renewal discount")

    def test_default_core_benefits_pack_on_move_in_anniversary(self):
        """Core (and VIP) tenants get the year's benefits pack on their move-in anniversary: a
        mail and the housekeeper's to-do to hand it over; transient tenants none; once per
        occurrence."""
        rule = self.env.ref("apartment_crm.touchpoint_rule_core_benefits_pack")
        self.assertEqual(rule.trigger, "move_in_anniversary")
        self.assertEqual(
            rule.tier_ids,
            self.env.ref("apartment_crm.tier_core") | self.env.ref("apartment_crm.tier_vip"),
        )
        rule.active = True
        self.tenant.tenant_tier_id = self.env.ref("apartment_crm.tier_core")
        self.tenant_2.tenant_tier_id = self.env.ref("apartment_crm.tier_transient")
        (self.lease | self.lease_2).write({"date_start": date(2025, 3, 1)})
        with freeze_time("2026-03-01"):
            self.Rule._cron_run_touchpoints()
        with freeze_time("2026-03-02"):  # the next day's run (catch-up window): not again
            self.Rule._cron_run_touchpoints()
        logs = self._logs(rule)
        self.assertEqual(logs.partner_id, self.tenant, "the core tenant only, once")
        self.assertEqual(logs.occurrence_date, date(2026, 3, 1))
        self.assertEqual(logs.channel, "both", "the mail and the hand-over, whatever the channel")
        mail = self._mails("benefits pack")
        self.assertEqual(mail.recipient_ids, self.tenant)
        self.assertIn("housekeeper will hand it over", mail.body_html)
        activity = self._activities(self.tenant, "Hand over the tenant's annual benefits pack")
        self.assertEqual(activity.user_id, self.user_housekeeper)
        self.assertFalse(self._activities(self.tenant_2, rule.activity_summary))
        # The next year is another occurrence.
        self.assertEqual(self._run(rule, date(2027, 3, 1)).partner_id, self.tenant)

    # --- move-in and move-out ----------------------------------------------------------------
    def test_move_in_welcome_and_first_visit_within_a_day(self):
        rule = self.env.ref("apartment_crm.touchpoint_rule_move_in")
        rule.active = True
        lease = self._create_lease(
            partner_id=self.tenant.id,
            unit_id=self.unit_c.id,
            date_start=date(2027, 1, 1),
            date_end=date(2027, 12, 31),
            user_id=self.user_housekeeper.id,
        )
        self.assertFalse(self._run(rule, date(2027, 1, 1)), "not activated yet")
        self.lease.write({"date_end": date(2026, 12, 31)})
        lease.action_activate()
        with freeze_time("2027-01-01"):
            self.Rule._cron_run_touchpoints()
        with freeze_time("2027-01-02"):  # the next day's run (catch-up window): not again
            self.Rule._cron_run_touchpoints()
        logs = self._logs(rule).filtered(lambda log: log.lease_id == lease)
        self.assertEqual(len(logs), 1)
        self.assertEqual(logs.occurrence_date, date(2027, 1, 1))
        self.assertEqual(logs.channel, "both")
        self.assertEqual(logs.activity_id.user_id, self.user_housekeeper)
        self.assertEqual(logs.activity_id.date_deadline, date(2027, 1, 2), "move-in + 1 day")
        mail = self._mails("Welcome home")
        self.assertEqual(len(mail), 1)
        self.assertIn("within", mail.body_html)

    def test_before_move_out_only_when_not_renewed(self):
        rule = self.env.ref("apartment_crm.touchpoint_rule_before_move_out")
        rule.active = True
        self.assertEqual(rule.offset_days, -7)
        # tenant_2 signed a following lease: no farewell for them.
        self._create_lease(
            partner_id=self.tenant_2.id,
            unit_id=self.unit_c.id,
            date_start=date(2027, 1, 1),
            date_end=date(2027, 12, 31),
        )
        self.assertFalse(self._run(rule, date(2026, 12, 23)))
        with freeze_time("2026-12-24"):
            self.Rule._cron_run_touchpoints()
            self.Rule._cron_run_touchpoints()
        logs = self._logs(rule)
        self.assertEqual(logs.lease_id, self.lease)
        self.assertEqual(logs.occurrence_date, date(2026, 12, 31))
        mail = self._mails("Thank you for living with us")
        self.assertEqual(mail.recipient_ids, self.tenant)
        self.assertNotIn("moments you shared", mail.body_html, "the core knows no moments")

    def test_upgrade_interest_once_per_noted_day_within_the_tiers(self):
        """ "Wants a bigger home" (the housekeeper's button) fires the rule once per noted day,
        on the tenant's active lease, only for the rule's tiers."""
        tier = self.env["apartment.tenant.tier"].search([], limit=1)
        self.assertTrue(tier)
        rule = self._rule("upgrade_interest", tier_ids=[(6, 0, tier.ids)])
        self.tenant.tenant_tier_id = tier
        self.tenant_2.tenant_tier_id = False
        with freeze_time("2026-09-02"):
            self.tenants.with_user(self.user_housekeeper).action_upgrade_interest()
            self.tenants.with_user(self.user_housekeeper).action_upgrade_interest()  # twice
            self.Rule._cron_run_touchpoints()
            self.Rule._cron_run_touchpoints()
        self.assertEqual(self.tenant.upgrade_interest_date, date(2026, 9, 2))
        with freeze_time("2026-09-03"):  # the next day (within the catch-up): not again
            self.Rule._cron_run_touchpoints()
        logs = self._logs(rule)
        self.assertRecordValues(
            logs,
            [
                {
                    "partner_id": self.tenant.id,
                    "lease_id": self.lease.id,
                    "occurrence_date": date(2026, 9, 2),
                }
            ],
        )
        self.assertEqual(logs.activity_id.summary, "Test upgrade_interest activity")
        # A new interest, noted another day: a new occurrence.
        with freeze_time("2026-11-20"):
            self.tenant.with_user(self.user_housekeeper).action_upgrade_interest()
            self.Rule._cron_run_touchpoints()
        self.assertEqual(
            sorted(self._logs(rule).mapped("occurrence_date")),
            [date(2026, 9, 2), date(2026, 11, 20)],
        )
        # No active lease: nothing to upgrade.
        self.lease.state = "ended"
        with freeze_time("2026-11-25"):
            self.tenant.with_user(self.user_housekeeper).action_upgrade_interest()
            self.assertFalse(self._run(rule, date(2026, 11, 25)))

    def test_upgrade_interest_staff_only(self):
        """A portal tenant can neither click the button (RPC) nor write the fields."""
        portal = self._create_portal_user(self.tenant, "tenant_upgrade_interest")
        tenant = self.tenant.with_user(portal)
        with self.assertRaises(AccessError):
            tenant.action_upgrade_interest()
        with self.assertRaises(AccessError):
            tenant.write({"upgrade_interest_date": date(2026, 9, 2)})
        with self.assertRaises(AccessError):
            tenant.write({"upgrade_interest_note": "bigger please"})
        with self.assertRaises(AccessError):
            tenant.read(["upgrade_interest_date"])
        self.assertFalse(self.tenant.upgrade_interest_date)
        # Not a tenant: a clear error, nothing written.
        prospect = self.env["res.partner"].create({"name": "Prospect"})
        with self.assertRaisesRegex(UserError, "Prospect is not a tenant"):
            prospect.with_user(self.user_housekeeper).action_upgrade_interest()
