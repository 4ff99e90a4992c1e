# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.apartment_crm.tests.common import ApartmentCommon


@tagged("post_install", "-at_install")
class TestChurnRisk(ApartmentCommon):
    # Long on purpose: the shared test data, one record after the other.
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.Signal = cls.env["apartment.churn.signal"]
        cls.signals = {
            code: cls.env["apartment.churn.signal"].search([("code", "=", code)])
            for code in (
                "repeat_repairs",
                "late_rent",
                "sla_breaches",
                "low_rating",
                "no_events",
                "renewal_unanswered",
                "open_complaints",
            )
        }
        # Fixed configuration, independent of the editable default data.
        cls.env["apartment.churn.signal"].search([]).write({"active": False})
        for code, (weight, threshold, window) in {
            "repeat_repairs": (35, 2, 60),
            "late_rent": (25, 1, 90),
            "sla_breaches": (15, 1, 90),
            "low_rating": (20, 1, 180),
            "no_events": (10, 1, 180),
            "renewal_unanswered": (25, 1, 30),
            "open_complaints": (20, 1, 0),
        }.items():
            cls.signals[code].write(
                {"weight": weight, "threshold": threshold, "window_days": window, "active": True}
            )
        cls.company.write({"churn_medium_threshold": 30, "churn_high_threshold": 60})
        cls.stage_open, cls.stage_done = cls.env["helpdesk.ticket.stage"].create(
            [{"name": "Test open", "closed": False}, {"name": "Test done", "closed": True}]
        )
        cls.lease = cls._create_lease(
            date_start=date(2026, 1, 1), user_id=cls.user_housekeeper.id, state="active"
        )
        cls.lease_2 = cls._create_lease(
            partner_id=cls.tenant_2.id,
            unit_id=cls.unit_b.id,
            date_start=date(2026, 1, 1),
            user_id=False,
            state="active",
        )
        cls.today = date(2026, 6, 30)

    @classmethod
    def _ticket(cls, partner, day, closed=False, kind="repair"):
        ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": f"Leaking tap {day}",
                "description": "<p>The kitchen tap leaks.</p>",
                "partner_id": partner.id,
                "stage_id": (cls.stage_done if closed else cls.stage_open).id,
            }
        )
        ticket.ticket_kind = kind
        # create_date is the transaction time: backdate the ticket for the test.
        ticket.flush_recordset()
        cls.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
                datetime.combine(day, datetime.min.time().replace(hour=9)),
                ticket.id,
            )
        )
        ticket.invalidate_recordset(["create_date"])
        return ticket

    @classmethod
    def _attend(cls, partner, day):
        event = cls.env["event.event"].create(
            {
                "name": "Rooftop barbecue",
                "date_begin": datetime.combine(day, datetime.min.time().replace(hour=17)),
                "date_end": datetime.combine(day, datetime.min.time().replace(hour=20)),
            }
        )
        return cls.env["event.registration"].create(
            {"event_id": event.id, "partner_id": partner.id, "state": "done"}
        )

    def _activities(self, partner):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]
        )

    def test_signal_repeat_repairs(self):
        self._ticket(self.tenant, date(2026, 5, 10), closed=True)
        self._ticket(self.tenant, date(2026, 6, 20), closed=True)
        self._ticket(self.tenant_2, date(2026, 3, 1), closed=True)  # outside 60 days
        self._ticket(self.tenant_2, date(2026, 6, 1), closed=True)
        self._ticket(self.tenant_2, date(2026, 6, 2), closed=True, kind="complaint")  # no repair
        partners = self.tenant | self.tenant_2
        values = self.signals["repeat_repairs"]._get_churn_signal_repeat_repairs(
            partners, self.today
        )
        self.assertEqual(values, {self.tenant.id: 2, self.tenant_2.id: 1})
        self.Signal._evaluate_partners(partners, self.today)
        self.assertIn(
            "Repeat repairs: 2 (fires from 2 within 60 days), +35", self.tenant.churn_reasons
        )
        self.assertNotIn("Repeat repairs", self.tenant_2.churn_reasons)

    def test_reasons_in_the_reader_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self._ticket(self.tenant, date(2026, 5, 10), closed=True)
        self._ticket(self.tenant, date(2026, 6, 20), closed=True)
        self.Signal.with_context(lang="zh_CN")._evaluate_partners(self.tenant, self.today)
        english = self.tenant.with_context(lang="en_US").churn_reasons
        chinese = self.tenant.with_context(lang="zh_CN").churn_reasons
        self.assertIn("(fires from 2 within 60 days), +35", english)
        self.assertIn("近 60 天", chinese)
        self.assertNotIn("within", chinese)

    def test_retention_todo_in_the_housekeeper_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.user_housekeeper.lang = "zh_CN"
        self._ticket(self.tenant, date(2026, 5, 10), closed=True)
        self._ticket(self.tenant, date(2026, 6, 20), closed=True)
        self.signals["repeat_repairs"].weight = 70  # high on its own
        self.Signal.with_context(lang="en_US")._evaluate_partners(self.tenant, self.today)
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.tenant.id)]
        )
        self.assertEqual(activity.user_id, self.user_housekeeper)
        self.assertNotIn("High churn risk", activity.summary)
        self.assertIn("近 60 天", str(activity.note))

    def test_signal_open_complaints(self):
        self._ticket(self.tenant, date(2026, 1, 10), kind="complaint")
        self._ticket(self.tenant, date(2026, 2, 10), closed=True, kind="complaint")
        self._ticket(self.tenant_2, date(2026, 2, 10), kind="repair")  # open, but no complaint
        values = self.signals["open_complaints"]._get_churn_signal_open_complaints(
            self.tenant | self.tenant_2, self.today
        )
        self.assertEqual(values, {self.tenant.id: 1})
        # A ticket created after the evaluation date does not count.
        self.assertEqual(
            self.signals["open_complaints"]._get_churn_signal_open_complaints(
                self.tenant, date(2026, 1, 5)
            ),
            {},
        )

    def test_signal_no_events(self):
        self._attend(self.tenant, date(2026, 5, 1))
        self._attend(self.tenant_2, date(2025, 10, 1))  # more than 180 days ago
        values = self.signals["no_events"]._get_churn_signal_no_events(
            self.tenant | self.tenant_2, self.today
        )
        self.assertEqual(values, {self.tenant.id: 0, self.tenant_2.id: 1})
        self.Signal._evaluate_partners(self.tenant_2, self.today)
        self.assertEqual(self.tenant_2.churn_risk_score, 10)
        self.assertEqual(self.tenant_2.churn_risk_level, "low")

    def test_signals_not_built_yet_read_zero(self):
        partners = self.tenant | self.tenant_2
        for code in ("late_rent", "renewal_unanswered"):
            signal = self.signals[code]
            self.assertEqual(getattr(signal, f"_get_churn_signal_{code}")(partners, self.today), {})

    def test_signals_sla_breaches_and_low_rating(self):
        """The SLA capability's breaches and satisfaction ratings feed their signals."""
        breached = self._ticket(self.tenant, date(2026, 6, 1))
        old_breach = self._ticket(self.tenant, date(2026, 1, 2))  # outside the 90-day window
        met = self._ticket(self.tenant_2, date(2026, 6, 1))
        self.company.sla_low_rating_threshold = 2
        for ticket, state, rating in (
            (breached, "breached", "1"),
            (old_breach, "breached", False),
            (met, "met", "4"),
        ):
            self.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET sla_state = %s, sla_start_date = create_date, "
                    "rating_value = %s, rating_date = %s WHERE id = %s",
                    state,
                    rating or None,
                    datetime(2026, 6, 10, 12) if rating else None,
                    ticket.id,
                )
            )
        self.env.invalidate_all()
        partners = self.tenant | self.tenant_2
        self.assertEqual(
            self.signals["sla_breaches"]._get_churn_signal_sla_breaches(partners, self.today),
            {self.tenant.id: 1},
        )
        self.assertEqual(
            self.signals["low_rating"]._get_churn_signal_low_rating(partners, self.today),
            {self.tenant.id: 1},
        )
        self.Signal._evaluate_partners(partners, self.today)
        self.assertIn("SLA breaches", self.tenant.churn_reasons)
        self.assertIn("Low satisfaction rating", self.tenant.churn_reasons)
        self.assertNotIn("SLA breaches", self.tenant_2.churn_reasons or "")

    def test_score_levels_and_single_activity(self):
        self._attend(self.tenant, date(2026, 6, 1))
        self._ticket(self.tenant, date(2026, 6, 1), kind="complaint")
        self.Signal._cron_evaluate_churn_risk(self.today)
        # One open complaint: 20 points, low.
        self.assertRecordValues(self.tenant, [{"churn_risk_score": 20, "churn_risk_level": "low"}])
        self._ticket(self.tenant, date(2026, 6, 20), closed=True)
        self._ticket(self.tenant, date(2026, 6, 25), closed=True)
        self.Signal._cron_evaluate_churn_risk(self.today)
        # Two repairs within 60 days (35) + open complaints (20) = 55: medium.
        self.assertRecordValues(
            self.tenant, [{"churn_risk_score": 55, "churn_risk_level": "medium"}]
        )
        self.assertFalse(self._activities(self.tenant))
        # A third repair does not change the score; lowering the threshold makes it high.
        self.company.churn_high_threshold = 50
        self.Signal._cron_evaluate_churn_risk(self.today)
        self.assertEqual(self.tenant.churn_risk_level, "high")
        activity = self._activities(self.tenant)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_housekeeper)
        self.assertEqual(activity.summary, "High churn risk: retention action")
        self.assertIn("Repeat repairs", activity.note)
        self.assertIn("check that the repairs are really fixed", activity.note)
        self.assertEqual(self.tenant.churn_level_notified, "high")
        # Still high on the next runs: no second activity.
        self.Signal._cron_evaluate_churn_risk(self.today)
        self.tenant.action_evaluate_churn_risk()
        self.assertEqual(len(self._activities(self.tenant)), 1)
        # The level drops, then rises again: a new activity.
        self.company.churn_high_threshold = 60
        self.Signal._cron_evaluate_churn_risk(self.today)
        self.assertEqual(self.tenant.churn_risk_level, "medium")
        self.assertFalse(self.tenant.churn_level_notified)
        self.company.churn_high_threshold = 50
        self.Signal._cron_evaluate_churn_risk(self.today)
        self.assertEqual(len(self._activities(self.tenant)), 2)

    def test_weights_cap_and_responsible_fallback(self):
        self.signals["no_events"].weight = 80
        for day in (date(2026, 6, 1), date(2026, 6, 10)):
            self._ticket(self.tenant_2, day, closed=True)
        self._ticket(self.tenant_2, date(2026, 6, 12), kind="complaint")
        # tenant_2's lease has no housekeeper: the property manager gets the activity.
        self.Signal._evaluate_partners(self.tenant_2, self.today)
        self.assertEqual(self.tenant_2.churn_risk_score, 100)
        self.assertEqual(self._activities(self.tenant_2).user_id, self.user_manager)
        # No housekeeper, no property manager: the administrator.
        self.property.manager_id = False
        self.assertEqual(self.tenant_2._get_churn_responsible(), self.env.ref("base.user_admin"))
        # An archived signal no longer counts.
        self.signals["no_events"].active = False
        self.Signal._evaluate_partners(self.tenant_2, self.today)
        self.assertEqual(self.tenant_2.churn_risk_score, 55)

    @mute_logger("odoo.addons.apartment_crm.models.apartment_churn_signal")
    def test_signal_without_method_is_ignored(self):
        self.env["apartment.churn.signal"].create(
            {"name": "Noise complaints", "code": "noise", "weight": 50}
        )
        self.Signal._evaluate_partners(self.tenant, self.today)
        self.assertEqual(self.tenant.churn_risk_score, 10)

    def test_threshold_must_be_positive(self):
        with self.assertRaisesRollback(Exception, "threshold must be greater than zero"):
            self.signals["late_rent"].threshold = 0

    def test_portal_tenant_cannot_read_own_risk(self):
        self._ticket(self.tenant, date(2026, 6, 1))
        self.Signal._evaluate_partners(self.tenant, self.today)
        portal = self._create_portal_user(self.tenant, "apt_portal_churn")
        partner = self.tenant.with_user(portal)
        self.assertEqual(partner.name, self.tenant.name)
        for fname in ("churn_risk_score", "churn_reasons", "tier_reason"):
            with self.assertRaises(AccessError):
                partner.read([fname])

    def test_housekeeper_can_evaluate(self):
        self._ticket(self.tenant, date(2026, 6, 1), kind="complaint")
        self.tenant.with_user(self.user_housekeeper).action_evaluate_churn_risk()
        self.assertEqual(self.tenant.churn_risk_score, 30)
