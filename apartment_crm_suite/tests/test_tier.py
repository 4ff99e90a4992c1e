# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.apartment_crm.tests.common import ApartmentCommon


class TierCommon(ApartmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.Tier = cls.env["apartment.tenant.tier"]
        cls.transient = cls.env.ref("apartment_crm.tier_transient")
        cls.potential = cls.env.ref("apartment_crm.tier_potential")
        cls.core = cls.env.ref("apartment_crm.tier_core")
        cls.vip = cls.env.ref("apartment_crm.tier_vip")
        zero = {
            "min_tenure_months": 0,
            "min_on_time_rate": 0,
            "min_monthly_rent": 0,
            "min_spend_12m": 0,
            "min_events_12m": 0,
            "min_loyalty_balance": 0,
        }
        # Fixed criteria so the tests do not depend on the (editable) default data.
        cls.env["apartment.tenant.tier"].search([]).write(dict(zero, active=False))
        (cls.transient | cls.potential | cls.core | cls.vip).write({"active": True})
        cls.potential.min_tenure_months = 6
        cls.core.write({"min_tenure_months": 12, "min_monthly_rent": 5000})
        cls.vip.write(
            {
                "min_tenure_months": 24,
                "min_monthly_rent": 5000,
                "min_events_12m": 2,
                "min_on_time_rate": 95,
                "min_spend_12m": 80000,
                "min_loyalty_balance": 500,
            }
        )
        cls.company.tenant_tier_grace_days = 60

    def _history(self, partner=None):
        return self.env["apartment.tenant.tier.history"].search(
            [("partner_id", "=", (partner or self.tenant).id)], order="id desc"
        )

    @classmethod
    def _create_signed_lease(cls, start, end, state="active", **vals):
        return cls._create_lease(date_start=start, date_end=end, state=state, **vals)

    @classmethod
    def _create_attended_events(cls, partner, dates):
        events = cls.env["event.event"].create(
            [
                {
                    "name": f"Community dinner {day}",
                    "date_begin": datetime.combine(day, datetime.min.time().replace(hour=18)),
                    "date_end": datetime.combine(day, datetime.min.time().replace(hour=21)),
                }
                for day in dates
            ]
        )
        return cls.env["event.registration"].create(
            [{"event_id": event.id, "partner_id": partner.id, "state": "done"} for event in events]
        )


@tagged("post_install", "-at_install")
class TestTierCriteria(TierCommon):
    def test_metrics_tenure_rent_events(self):
        # 12 months ended + 2.5 months of the running lease = 14 whole months at 2026-03-15.
        self._create_signed_lease(date(2025, 1, 1), date(2025, 12, 31), state="ended")
        self._create_signed_lease(date(2026, 1, 1), date(2026, 12, 31), rent_amount=6000)
        self._create_attended_events(self.tenant, [date(2025, 1, 10), date(2026, 2, 1)])
        metrics = self.Tier._get_partner_metrics(self.tenant, date(2026, 3, 15))[self.tenant.id]
        self.assertEqual(metrics["tenure_months"], 14)
        self.assertEqual(metrics["monthly_rent"], 6000)
        # The January 2025 event is more than 12 months before the evaluation date.
        self.assertEqual(metrics["events_attended_12m"], 1)
        # Wired to rent and loyalty: no rent due yet is unknown, spend and points are zero.
        self.assertIsNone(metrics["on_time_rate"])
        self.assertEqual(metrics["spend_12m"], 0.0)
        self.assertEqual(metrics["loyalty_balance"], 0.0)
        # A partner without lease reads zero.
        metrics = self.Tier._get_partner_metrics(self.tenant_2, date(2026, 3, 15))[self.tenant_2.id]
        self.assertEqual((metrics["tenure_months"], metrics["monthly_rent"]), (0, 0))

    def test_tenure_criterion(self):
        self._create_signed_lease(date(2026, 1, 1), date(2026, 12, 31), rent_amount=6000)
        self.Tier._evaluate_partners(self.tenant, date(2026, 3, 1))
        self.assertEqual(self.tenant.tenant_tier_id, self.transient)
        self.assertIn("Minimum Tenure (months) 6: 2, failed", self.tenant.tier_reason)
        self.Tier._evaluate_partners(self.tenant, date(2026, 7, 1))
        self.assertEqual(self.tenant.tenant_tier_id, self.potential)
        self.assertIn("Minimum Tenure (months) 6: 6, passed", self.tenant.tier_reason)
        self.assertIn("Minimum Tenure (months) 12: 6, failed", self.tenant.tier_reason)

    def test_reasons_in_the_reader_language(self):
        """'Why this tier' reads in the reader's language, whoever ran the evaluation."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self._create_signed_lease(date(2026, 1, 1), date(2026, 12, 31), rent_amount=6000)
        # Run by a Chinese-speaking user (or a cron whose user reads Chinese).
        self.Tier.with_context(lang="zh_CN")._evaluate_partners(self.tenant, date(2026, 7, 1))
        self.assertEqual(self.tenant.tenant_tier_id, self.potential)
        english = self.tenant.with_context(lang="en_US").tier_reason
        chinese = self.tenant.with_context(lang="zh_CN").tier_reason
        self.assertIn("Meets ", english)
        self.assertIn(": 6, passed", english)
        self.assertNotIn("通过", english)
        self.assertIn("满足", chinese)
        self.assertIn("未通过", chinese)
        self.assertNotIn("passed", chinese)
        history = self._history()[:1]
        self.assertIn("Meets ", history.with_context(lang="en_US").reason)
        self.assertIn("满足", history.with_context(lang="zh_CN").reason)
        # Nobody writes the engine's texts, not even through the translation dialog.
        with self.assertRaises(AccessError):
            self.tenant.with_user(self.user_manager).update_field_translations(
                "tier_reason", {"en_US": "Forged"}
            )

    def test_chatter_note_in_the_housekeeper_language(self):
        """The tier change note is read by the tenant's housekeeper: in her language, not in
        the language of the (en_US) cron that evaluated."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.user_housekeeper.lang = "zh_CN"
        self._create_signed_lease(
            date(2025, 1, 1), date(2026, 12, 31), rent_amount=6000, user_id=self.user_housekeeper.id
        )
        self.assertEqual(self.tenant.housekeeper_id, self.user_housekeeper)
        self.Tier.with_context(lang="en_US")._evaluate_partners(self.tenant, date(2025, 8, 1))
        self.assertEqual(self.tenant.tenant_tier_id, self.potential)
        self.Tier.with_context(lang="en_US")._evaluate_partners(self.tenant, date(2026, 2, 1))
        self.assertEqual(self.tenant.tenant_tier_id, self.core)
        note = self.tenant.message_ids[0].body
        self.assertIn("等级", note)
        self.assertNotIn("Tier", note)
        # An English housekeeper reads the next one in English, whoever runs the cron.
        self.user_housekeeper.lang = "en_US"
        self.core.min_monthly_rent = 7000
        self.company.tenant_tier_grace_days = 0
        self.Tier.with_context(lang="zh_CN")._evaluate_partners(self.tenant, date(2026, 3, 1))
        self.assertEqual(self.tenant.tenant_tier_id, self.potential)
        self.assertIn("Tier demotion: Core → Potential", self.tenant.message_ids[0].body)

    def test_monthly_rent_criterion(self):
        self._create_signed_lease(date(2025, 1, 1), date(2026, 12, 31), rent_amount=4000)
        self._create_signed_lease(
            date(2025, 1, 1), date(2026, 12, 31), rent_amount=6000,
            partner_id=self.tenant_2.id, unit_id=self.unit_b.id,
        )  # fmt: skip
        self.Tier._evaluate_partners(self.tenant | self.tenant_2, date(2026, 3, 1))
        self.assertEqual(self.tenant.tenant_tier_id, self.potential)
        self.assertIn("Minimum Monthly Rent 5,000: 4,000, failed", self.tenant.tier_reason)
        self.assertEqual(self.tenant_2.tenant_tier_id, self.core)

    def test_events_criterion_and_unknown_metrics_do_not_block(self):
        self._create_signed_lease(date(2023, 1, 1), date(2026, 12, 31), rent_amount=6000)
        self._create_attended_events(self.tenant, [date(2026, 2, 1)])
        # A metric a deployment cannot provide reads unknown (None): it must not block.
        tier_class = type(self.Tier)
        unknown = patch.multiple(
            tier_class,
            _get_tier_metric_spend_12m=lambda self, partners, d: dict.fromkeys(partners.ids),
            _get_tier_metric_loyalty_balance=lambda self, partners, d: dict.fromkeys(partners.ids),
        )
        unknown.start()
        self.addCleanup(unknown.stop)
        self.Tier._evaluate_partners(self.tenant, date(2026, 3, 1))
        self.assertEqual(self.tenant.tenant_tier_id, self.core)
        self.assertIn("Minimum Events Attended (12 months) 2: 1, failed", self.tenant.tier_reason)
        self._create_attended_events(self.tenant, [date(2026, 2, 15)])
        self.Tier._evaluate_partners(self.tenant, date(2026, 3, 1))
        self.assertEqual(self.tenant.tenant_tier_id, self.vip)
        reason = self.tenant.tier_reason
        self.assertIn("Meets VIP", reason)
        for label in (
            "Minimum On-time Payment Rate (%) 95",
            "Minimum 12-month Spend 80,000",
            "Minimum Loyalty Balance 500",
        ):
            self.assertIn(f"{label}: not evaluated (metric not available)", reason)

    def test_known_metrics_block(self):
        """Once rent / loyalty provide a metric (override point), it blocks like the others."""
        self._create_signed_lease(date(2023, 1, 1), date(2026, 12, 31), rent_amount=6000)
        self._create_attended_events(self.tenant, [date(2026, 2, 1), date(2026, 2, 15)])
        tier_class = type(self.Tier)
        highs = {
            "_get_tier_metric_on_time_rate": 100.0,
            "_get_tier_metric_spend_12m": 90000.0,
            "_get_tier_metric_loyalty_balance": 900.0,
        }
        # Every metric meets VIP, then one at a time falls short.
        all_high = patch.multiple(
            tier_class,
            **{m: (lambda self, partners, d, v=v: {partners.id: v}) for m, v in highs.items()},
        )
        all_high.start()
        self.addCleanup(all_high.stop)
        for method, low, high in (
            ("_get_tier_metric_on_time_rate", 80.0, 100.0),
            ("_get_tier_metric_spend_12m", 50000.0, 90000.0),
            ("_get_tier_metric_loyalty_balance", 100.0, 900.0),
        ):
            with patch.object(
                tier_class, method, lambda self, partners, d, v=low: {partners.id: v}
            ):
                self.Tier._evaluate_partners(self.tenant, date(2026, 3, 1))
                self.assertEqual(self.tenant.tenant_tier_id, self.core, method)
                self.assertIn("failed", self.tenant.tier_reason.split("Not VIP")[1])
            with patch.object(
                tier_class, method, lambda self, partners, d, v=high: {partners.id: v}
            ):
                self.Tier._evaluate_partners(self.tenant, date(2026, 3, 1))
                self.assertEqual(self.tenant.tenant_tier_id, self.vip, method)
            # back to core for the next metric (demotion waits: force by hand)
            self.tenant.tenant_tier_id = self.core

    def test_tier_company_and_archived(self):
        self._create_signed_lease(date(2023, 1, 1), date(2026, 12, 31), rent_amount=6000)
        other_company = self.env["res.company"].create({"name": "Other Operator"})
        self.env["apartment.tenant.tier"].create(
            {"name": "Platinum", "code": "plat", "sequence": 99, "company_id": other_company.id}
        )
        self.vip.active = False
        self.Tier._evaluate_partners(self.tenant, date(2026, 3, 1))
        self.assertEqual(self.tenant.tenant_tier_id, self.core)

    @mute_logger("odoo.sql_db")
    def test_criteria_constraint(self):
        with self.assertRaisesRollback(IntegrityError, "apartment_tenant_tier_criteria_positive"):
            self.core.min_on_time_rate = 120
            self.core.flush_recordset()
        with self.assertRaisesRollback(IntegrityError, "apartment_tenant_tier_criteria_positive"):
            self.core.min_tenure_months = -1
            self.core.flush_recordset()

    def test_bounded_queries(self):
        """The evaluation runs the same number of queries for 2 and for 4 tenants."""
        partners = self.Partner.create([{"name": f"Tenant {i}"} for i in range(7)])
        units = self.env["apartment.unit"].create(
            [
                {"name": f"9{i}", "property_id": self.property.id, "list_rent": 6000}
                for i in range(7)
            ]
        )
        for partner, unit in zip(partners, units, strict=True):
            self._create_signed_lease(
                date(2024, 1, 1),
                date(2026, 12, 31),
                partner_id=partner.id,
                unit_id=unit.id,
                rent_amount=6000,
            )
        self.Tier._evaluate_partners(partners[0], date(2026, 3, 1))  # warm the caches
        counts = []
        for batch in (partners[1:3], partners[3:]):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.Tier._evaluate_partners(batch, date(2026, 3, 1))
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(partners.tenant_tier_id, self.core)
        self.assertEqual(counts[0], counts[1], counts)


@tagged("post_install", "-at_install")
class TestTierDamping(TierCommon):
    # Long on purpose: one timeline under freeze_time, read in order.
    def test_promotion_immediate_demotion_after_grace(self):
        self._create_signed_lease(date(2024, 1, 1), date(2026, 12, 31), rent_amount=6000)
        with freeze_time("2026-03-01"):
            self.Tier._cron_evaluate_tenant_tiers()
        self.assertEqual(self.tenant.tenant_tier_id, self.core)
        self.assertEqual(self.tenant.tier_since, date(2026, 3, 1))
        history = self._history()
        self.assertEqual(len(history), 1)
        self.assertRecordValues(
            history,
            [
                {
                    "kind": "promotion",
                    "old_tier_id": False,
                    "new_tier_id": self.core.id,
                    "origin": "cron",
                    "user_id": False,
                    "date": date(2026, 3, 1),
                }
            ],
        )
        self.assertIn("Meets Core", history.reason)
        # The first tier is in the history only; changes afterwards are noted in the chatter.
        self.assertNotIn("Tier promotion", self.tenant.message_ids.mapped("body"))
        # The operator raises the Core rent criterion: the tenant falls below Core.
        self.core.min_monthly_rent = 7000
        with freeze_time("2026-04-01"):
            self.Tier._cron_evaluate_tenant_tiers()
        self.assertEqual(self.tenant.tenant_tier_id, self.core)
        self.assertEqual(self.tenant.tier_below_since, date(2026, 4, 1))
        self.assertIn("kept until 2026-05-31", self.tenant.tier_reason)
        with freeze_time("2026-05-30"):
            self.Tier._cron_evaluate_tenant_tiers()
        self.assertEqual(self.tenant.tenant_tier_id, self.core)
        self.assertEqual(self.tenant.tier_below_since, date(2026, 4, 1))
        with freeze_time("2026-05-31"):
            self.Tier._cron_evaluate_tenant_tiers()
        self.assertEqual(self.tenant.tenant_tier_id, self.potential)
        self.assertFalse(self.tenant.tier_below_since)
        self.assertEqual(self.tenant.tier_since, date(2026, 5, 31))
        self.assertIn("Tier demotion: Core → Potential", self.tenant.message_ids[0].body)
        self.assertEqual(self._history().mapped("kind"), ["demotion", "promotion"])
        # Promotion back is immediate.
        self.core.min_monthly_rent = 5000
        with freeze_time("2026-06-01"):
            self.tenant.with_user(self.user_housekeeper).action_evaluate_tier()
        self.assertEqual(self.tenant.tenant_tier_id, self.core)
        last = self._history()[0]
        self.assertEqual(
            (last.kind, last.origin, last.user_id), ("promotion", "user", self.user_housekeeper)
        )

    def test_recovery_within_grace_clears_below_since(self):
        self._create_signed_lease(date(2024, 1, 1), date(2026, 12, 31), rent_amount=6000)
        self.Tier._evaluate_partners(self.tenant, date(2026, 3, 1))
        self.core.min_monthly_rent = 7000
        self.Tier._evaluate_partners(self.tenant, date(2026, 3, 2))
        self.assertEqual(self.tenant.tier_below_since, date(2026, 3, 2))
        self.core.min_monthly_rent = 5000
        self.Tier._evaluate_partners(self.tenant, date(2026, 3, 3))
        self.assertFalse(self.tenant.tier_below_since)
        # Falls below again: the grace period starts over.
        self.core.min_monthly_rent = 7000
        self.Tier._evaluate_partners(self.tenant, date(2026, 4, 30))
        self.Tier._evaluate_partners(self.tenant, date(2026, 5, 30))
        self.assertEqual(self.tenant.tenant_tier_id, self.core)
        self.assertEqual(self.tenant.tier_below_since, date(2026, 4, 30))

    def test_zero_grace_demotes_at_once(self):
        self.company.tenant_tier_grace_days = 0
        self._create_signed_lease(date(2024, 1, 1), date(2026, 12, 31), rent_amount=6000)
        self.Tier._evaluate_partners(self.tenant, date(2026, 3, 1))
        self.core.min_monthly_rent = 7000
        self.Tier._evaluate_partners(self.tenant, date(2026, 3, 2))
        self.assertEqual(self.tenant.tenant_tier_id, self.potential)

    def test_company_settings_constraints(self):
        with self.assertRaisesRollback(ValidationError, "grace period cannot be negative"):
            self.company.tenant_tier_grace_days = -1
        with self.assertRaisesRollback(ValidationError, "medium .* < high"):
            self.company.write({"churn_medium_threshold": 70, "churn_high_threshold": 60})


@tagged("post_install", "-at_install")
class TestTierLock(TierCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_signed_lease(date(2024, 1, 1), date(2026, 12, 31), rent_amount=4000)

    def test_manager_locks_with_wizard(self):
        self.Tier._evaluate_partners(self.tenant, date(2026, 3, 1))
        self.assertEqual(self.tenant.tenant_tier_id, self.potential)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm.apartment_tenant_tier_lock_action"
        )
        action["context"] = {"active_model": "res.partner", "active_ids": self.tenant.ids}
        with Form.from_action(self.env(user=self.user_manager), action) as wizard:
            self.assertEqual(wizard.tier_id, self.potential)
            wizard.tier_id = self.vip
            wizard.reason = "Board member of the residents' association"
        wizard.save().action_lock()
        self.assertTrue(self.tenant.tier_locked)
        self.assertEqual(self.tenant.tenant_tier_id, self.vip)
        lock = self._history()[0]
        self.assertRecordValues(
            lock,
            [
                {
                    "kind": "lock",
                    "old_tier_id": self.potential.id,
                    "new_tier_id": self.vip.id,
                    "user_id": self.user_manager.id,
                    "reason": "Board member of the residents' association",
                }
            ],
        )
        # The evaluation keeps a locked tier, and says so.
        self.Tier._evaluate_partners(self.tenant, date(2026, 9, 1))
        self.assertEqual(self.tenant.tenant_tier_id, self.vip)
        self.assertIn("Tier locked by a manager", self.tenant.tier_reason)
        self.assertIn("the criteria give Potential", self.tenant.tier_reason)
        # Unlock: the criteria apply again (demotion after the grace period).
        self.tenant.with_user(self.user_manager).action_tier_unlock()
        self.assertFalse(self.tenant.tier_locked)
        self.assertEqual(self._history()[0].kind, "unlock")
        self.Tier._evaluate_partners(self.tenant, date(2026, 9, 1))
        self.Tier._evaluate_partners(self.tenant, date(2026, 11, 1))
        self.assertEqual(self.tenant.tenant_tier_id, self.potential)
        self.assertEqual(self._history()[0].kind, "demotion")

    def test_housekeeper_cannot_lock(self):
        tenant = self.tenant.with_user(self.user_housekeeper)
        with self.assertRaisesRollback(AccessError, "Only apartment managers"):
            tenant.write({"tier_locked": True, "tier_lock_reason": "friend"})
        with self.assertRaisesRollback(AccessError, "Only apartment managers"):
            tenant._tier_lock(self.vip, "friend")
        with self.assertRaisesRollback(AccessError, "Only apartment managers"):
            tenant.tenant_tier_id = self.vip
        # The engine's context key does not open the door.
        with self.assertRaisesRollback(AccessError, "Only apartment managers"):
            tenant.with_context(tier_engine=True).write({"tenant_tier_id": self.vip.id})
        with self.assertRaises(AccessError):
            self.env["apartment.tenant.tier.lock"].with_user(self.user_housekeeper).create(
                {"partner_ids": self.tenant.ids, "reason": "friend"}
            )
        self.assertFalse(self.tenant.tier_locked)
        self.assertFalse(self._history())

    def test_lock_needs_reason(self):
        manager_tenant = self.tenant.with_user(self.user_manager)
        with self.assertRaisesRollback(ValidationError, "needs a reason"):
            manager_tenant._tier_lock(self.vip, "  ")
        with self.assertRaisesRollback(ValidationError, "needs a reason"):
            manager_tenant.write({"tier_locked": True})

    def test_manual_change_by_manager_is_history(self):
        self.tenant.with_user(self.user_manager).tenant_tier_id = self.core
        self.assertRecordValues(
            self._history(),
            [{"kind": "manual", "new_tier_id": self.core.id, "user_id": self.user_manager.id}],
        )
        self.assertTrue(self.tenant.tier_since)


@tagged("post_install", "-at_install")
class TestLifestyleTags(TierCommon):
    def test_lifestyle_tags_filter_tenants(self):
        lifestyle = self.env.ref("apartment_crm.partner_category_lifestyle")
        pet_owner = self.env.ref("apartment_crm.partner_category_pet_owner")
        self.assertIn(pet_owner, lifestyle.child_ids)
        self.assertIn("Remote worker", lifestyle.child_ids.mapped("name"))
        self.tenant.with_user(self.user_housekeeper).category_id = [(4, pet_owner.id)]
        ours = self.tenant | self.tenant_2
        # The tenant search's "Tags" field searches category_id (child_of the typed tag).
        found = self.Partner.search([("id", "in", ours.ids), ("category_id", "child_of", "Pet")])
        self.assertEqual(found, self.tenant)
        found = self.Partner.search(
            [("id", "in", ours.ids), ("category_id", "child_of", lifestyle.id)]
        )
        self.assertEqual(found, self.tenant)


@tagged("post_install", "-at_install")
class TestDemoTierReasons(ApartmentCommon):
    def test_demo_tier_reasons_use_every_metric(self):
        """With the whole suite every metric exists: the demo's "Why this tier" was written
        after the rent, points and events demo data, not before."""
        if not self.env.ref("apartment_crm.tenant_01_demo", raise_if_not_found=False):
            self.skipTest("needs the demo data")
        tenants = self.env["res.partner"].search(
            [("tier_reason", "ilike", "On-time Payment Rate"), ("tenant_tier_id", "!=", False)]
        )
        stale = tenants.filtered(
            lambda p: p.on_time_payment_rate
            and any(
                "On-time Payment Rate" in line and "not evaluated" in line
                for line in p.tier_reason.splitlines()
            )
        )
        self.assertTrue(tenants)
        self.assertFalse(stale.mapped("name"), "paid rent on time, yet on-time 'not evaluated'")

    def test_tenant_tab_first(self):
        arch = (
            self.env["res.partner"]
            .with_user(self.user_housekeeper)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        pages = etree.fromstring(arch).xpath("//notebook/page")
        self.assertEqual(pages[0].get("name"), "apartment_tenant")
