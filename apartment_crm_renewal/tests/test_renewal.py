# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL, mute_logger

from .common import RenewalCommon


@tagged("post_install", "-at_install")
class TestRenewalWindow(RenewalCommon):
    def test_window_default_90_days(self):
        # 2026-12-31 - 90 days = 2026-10-02.
        self.assertFalse(self._open(date(2026, 10, 1)), "the day before the window: nothing")
        renewal = self._open(date(2026, 10, 2))
        self.assertEqual(len(renewal), 1)
        self.assertEqual(renewal.lease_id, self.lease)
        self.assertEqual(renewal.state, "offered")
        self.assertEqual(renewal.offer_date, date(2026, 10, 2))
        self.assertFalse(renewal.tier_id)
        # Deadline 30 days before the lease end (company default).
        self.assertEqual(renewal.offer_deadline, date(2026, 12, 1))

    def test_window_tier_120_days_opens_earlier(self):
        self.tenant.tenant_tier_id = self.tier_core
        # 2026-12-31 - 120 days = 2026-09-02.
        self.assertFalse(self._open(date(2026, 9, 1)))
        renewal = self._open(date(2026, 9, 2))
        self.assertEqual(renewal.lease_id, self.lease)
        self.assertEqual(renewal.tier_id, self.tier_core, "tier at opening is kept")
        self.tenant.tenant_tier_id = False
        self.assertEqual(renewal.tier_id, self.tier_core)

    def test_window_skips_other_leases(self):
        draft = self._create_lease(
            partner_id=self.tenant_2.id, unit_id=self.unit_c.id, date_end=date(2026, 11, 30)
        )
        ended = self._create_lease(
            partner_id=self.tenant_2.id,
            unit_id=self.unit_b.id,
            date_start=date(2025, 1, 1),
            date_end=date(2025, 12, 31),
        )
        ended.action_activate()
        ended.action_end()
        renewals = self._open(date(2026, 10, 2))
        self.assertEqual(renewals.lease_id, self.lease, "drafts and ended leases are not renewed")
        self.assertFalse(draft.renewal_ids)

    def test_cron_twice_one_renewal(self):
        first = self._open(date(2026, 10, 2))
        second = self._open(date(2026, 10, 3))
        self.assertEqual(len(first), 1)
        self.assertFalse(second)
        self.assertEqual(self.Renewal.search_count([("lease_id", "=", self.lease.id)]), 1)
        # Decided (declined) or expired offers are not reopened either.
        first.action_decline(self.reason_price)
        self.assertFalse(self._open(date(2026, 10, 4)))

    def test_cron_batches_report_progress_and_resume(self):
        """5 leases to renew with a batch of 2: 2 opened and 3 reported left, then the rest,
        each lease once."""
        day = date(2026, 10, 2)
        # Whatever else this database has to renew on that day is opened first.
        with freeze_time(day):
            self.Renewal._cron_open_renewals(batch_size=100000)
        units = self.env["apartment.unit"].create(
            [{"name": f"Batch {i}", "property_id": self.property.id} for i in range(5)]
        )
        leases = self.env["apartment.lease"].create(
            [
                {
                    "partner_id": self.tenant.id,
                    "unit_id": unit.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "rent_amount": 4000,
                }
                for unit in units
            ]
        )
        leases.action_activate()
        cron = self.env.ref("apartment_crm_renewal.ir_cron_apartment_renewal_open")
        results = []
        with freeze_time(day):
            for __ in range(4):
                progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
                renewals = self.Renewal.with_context(
                    ir_cron_progress_id=progress.id
                )._cron_open_renewals(batch_size=2)
                results.append((renewals, progress.done, progress.remaining))
        self.assertEqual(
            [(done, left) for __, done, left in results], [(2, 3), (2, 1), (1, 0), (0, 0)]
        )
        opened = self.Renewal.union(*(renewals for renewals, __, __ in results))
        self.assertEqual(opened.lease_id, leases)
        self.assertEqual(self.Renewal.search_count([("lease_id", "in", leases.ids)]), 5)

    def test_remind_and_expire_in_batches(self):
        """Run by the scheduler, 5 offers past their deadline with a batch of 2: expired 2
        per call, the rest reported left, each offer expired once."""
        offer_day, day = date(2026, 10, 2), date(2026, 12, 2)
        # Whatever else this database has to renew, remind or expire is done first.
        with freeze_time(offer_day):
            self.Renewal._cron_open_renewals(batch_size=100000)
        self.Renewal._cron_remind_and_expire(day)
        units = self.env["apartment.unit"].create(
            [{"name": f"Expire {i}", "property_id": self.property.id} for i in range(5)]
        )
        leases = self.env["apartment.lease"].create(
            [
                {
                    "partner_id": self.tenant.id,
                    "unit_id": unit.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "rent_amount": 4000,
                }
                for unit in units
            ]
        )
        leases.action_activate()
        with freeze_time(offer_day):
            renewals = self.Renewal._cron_open_renewals(batch_size=100000)
        self.assertEqual(renewals.lease_id, leases)
        self.assertEqual(set(renewals.mapped("state")), {"offered"})
        self.env["ir.config_parameter"].sudo().set_param("apartment_crm.cron_batch_size", 2)
        cron = self.env.ref("apartment_crm_renewal.ir_cron_apartment_renewal_remind_expire")
        calls = []
        for __ in range(4):
            _cron, progress = cron.with_context(cron_id=cron.id)._add_progress()
            self.Renewal.with_context(
                cron_id=cron.id, ir_cron_progress_id=progress.id
            )._cron_remind_and_expire(day)
            calls.append((progress.done, progress.remaining))
        self.assertEqual(calls, [(2, 3), (2, 1), (1, 0), (0, 0)])
        self.assertEqual(set(renewals.mapped("state")), {"expired"})
        expiry_notes = renewals.message_ids.filtered(lambda m: "expired unanswered" in m.body)
        self.assertEqual(len(expiry_notes), 5, "each offer expired once")

    def test_cancelled_renewal_reopens(self):
        renewal = self._open()
        renewal.action_cancel()
        again = self._open(date(2026, 10, 3))
        self.assertEqual(len(again), 1)
        self.assertNotEqual(again, renewal)

    def test_unique_open_renewal_sql(self):
        renewal = self._open()
        # The ORM refuses with a message naming the lease.
        with self.assertRaisesRollback(ValidationError, self.lease.name):
            self.Renewal.create({"lease_id": self.lease.id})
        # The partial unique index is the guard against two concurrent transactions.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL(
                        "INSERT INTO apartment_lease_renewal (lease_id, state, company_id)"
                        " VALUES (%s, 'draft', %s)",
                        self.lease.id,
                        self.company.id,
                    )
                )
        # A closed renewal does not count.
        renewal.action_cancel()
        self.Renewal.create({"lease_id": self.lease.id})

    def test_housekeeper_activity_and_email(self):
        renewal = self._open()
        activity = renewal.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_housekeeper)
        self.assertEqual(activity.date_deadline, renewal.offer_deadline)
        offer_mail = renewal.message_ids.filtered(lambda m: "renewal offer" in (m.subject or ""))
        self.assertEqual(len(offer_mail), 1)
        self.assertIn(self.tenant, offer_mail.partner_ids)
        self.assertTrue(renewal.access_token)
        self.assertIn(f"/my/renewals/{renewal.id}", offer_mail.body)
        self.assertIn(renewal.access_token, offer_mail.body)

    def test_email_setting_off(self):
        self.company.renewal_send_offer_email = False
        renewal = self._open()
        self.assertEqual(renewal.state, "offered")
        self.assertFalse(
            renewal.message_ids.filtered(lambda m: "renewal offer" in (m.subject or ""))
        )


@tagged("post_install", "-at_install")
class TestRenewalOptions(RenewalCommon):
    def test_default_options(self):
        self.tenant.tenant_tier_id = self.tier_core
        renewal = self._open(date(2026, 10, 2))
        same = renewal.option_ids.filtered(lambda o: o.kind == "same")
        self.assertEqual(sorted(same.mapped("term_months")), [6, 12, 24])
        self.assertEqual(set(same.mapped("date_start")), {date(2027, 1, 1)})
        self.assertEqual(self._option(renewal, 12).date_end, date(2027, 12, 31))
        self.assertEqual(self._option(renewal, 6).date_end, date(2027, 6, 30))
        self.assertEqual(self._option(renewal, 24).date_end, date(2028, 12, 31))
        option = self._option(renewal, 12)
        self.assertEqual(option.base_rent, 4333, "same unit: the current rent")
        self.assertEqual(option.discount_percent, 7.5)
        # 4333 * 0.925 = 4008.025, rounded by the currency.
        self.assertEqual(option.price_monthly, self.company.currency_id.round(4008.025))
        # The public name the renewal issue gave: the option's monthly rent is rent_amount.
        self.assertEqual(option.rent_amount, option.price_monthly)
        self.assertEqual(
            self.env["apartment.lease.renewal.option"].search(
                [("id", "=", option.id), ("rent_amount", "=", option.price_monthly)]
            ),
            option,
        )
        self.assertIn("12", option.label)

    def _prices(self, renewal):
        round_ = self.company.currency_id.round
        result = {}
        for term in (6, 12, 24):
            option = self._option(renewal, term)
            expected = round_(
                4333 * (1 + option.term_adjust_percent / 100) * (1 - option.discount_percent / 100)
            )
            self.assertEqual(option.price_monthly, expected)
            result[term] = (option.term_adjust_percent, option.price_monthly)
        return result

    def test_name_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        with freeze_time(date(2026, 10, 2)):  # the cron runs in Chinese
            renewal = self._own(self.Renewal.with_context(lang="zh_CN")._cron_open_renewals())
        self.assertEqual(renewal.name, self.lease.name, "stored: not a translated text")
        english = renewal.with_context(lang="en_US")
        self.assertEqual(english.display_name, f"Renewal of {self.lease.name}")
        chinese = renewal.with_context(lang="zh_CN")
        self.assertEqual(chinese.display_name, f"{self.lease.name} 的续租")

    def test_longer_terms_cost_less(self):
        prices = self._prices(self._open())
        self.assertEqual([prices[term][0] for term in (6, 12, 24)], [5.0, 0.0, -3.0])
        self.assertGreater(prices[6][1], prices[12][1])
        self.assertGreater(prices[12][1], prices[24][1])

    def test_term_pricing_is_configurable(self):
        self.company.write(
            {"renewal_short_term_premium_percent": 0, "renewal_long_term_discount_percent": 10}
        )
        prices = self._prices(self._open())
        self.assertEqual([prices[term][0] for term in (6, 12, 24)], [0.0, 0.0, -10.0])
        self.assertEqual(prices[6][1], prices[12][1])
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaisesRollback(IntegrityError, "renewal_term_pricing_range"),
        ):
            self.company.renewal_long_term_discount_percent = 100
            self.company.flush_recordset()

    def test_same_type_unit_is_no_upgrade(self):
        """A bigger studio is a swap: the upgrade is the one-bedroom, at its list rent."""
        bigger_studio = self.env["apartment.unit"].create(
            {
                "name": "103",
                "property_id": self.property.id,
                "area": 38,
                "unit_type": "studio",
                "list_rent": 4500,
            }
        )
        renewal = self._open()
        upgrade = renewal.option_ids.filtered(lambda o: o.kind == "upgrade")
        self.assertEqual(upgrade.unit_id, self.unit_b)
        self.assertEqual(upgrade.base_rent, 6000)
        option = self.env["apartment.lease.renewal.option"].create(
            {"renewal_id": renewal.id, "term_months": 12, "unit_id": bigger_studio.id}
        )
        self.assertEqual(option.kind, "swap")

    def test_upgrade_option_when_larger_unit_free(self):
        renewal = self._open()
        upgrade = renewal.option_ids.filtered(lambda o: o.kind == "upgrade")
        self.assertEqual(upgrade.unit_id, self.unit_b, "unit_b is larger and in the property")
        self.assertEqual(upgrade.base_rent, 6000, "another unit: its list rent")
        self.assertEqual(upgrade.date_start, date(2027, 1, 1))

    def test_tier_strategy_core_free_upgrade(self):
        tier = self.env.ref("apartment_crm.tier_core")
        tier.renewal_lead_days = 90
        self.tenant.tenant_tier_id = tier
        renewal = self._open(date(2026, 10, 2))
        upgrade = renewal.option_ids.filtered(lambda o: o.kind == "upgrade")
        self.assertEqual(upgrade.base_rent, 6000, "the larger unit at its own list rent")
        self.assertIn("Free move", upgrade.free_services)
        self.assertTrue(self._option(renewal, 12).free_services)
        self.assertFalse(self._option(renewal, 6).free_services)

    def test_tier_strategy_potential_upgrade_points(self):
        tier = self.env.ref("apartment_crm.tier_potential")
        tier.renewal_lead_days = 90
        self.tenant.tenant_tier_id = tier
        renewal = self._open(date(2026, 10, 2))
        upgrade = renewal.option_ids.filtered(lambda o: o.kind == "upgrade")
        self.assertEqual(upgrade.bonus_points, 500)
        self.assertEqual(upgrade.base_rent, 6000)
        self.assertFalse(self._option(renewal, 12).bonus_points)

    def test_no_upgrade_when_larger_unit_taken(self):
        self._create_lease(
            partner_id=self.tenant_2.id,
            unit_id=self.unit_b.id,
            date_start=date(2026, 6, 1),
            date_end=date(2027, 5, 31),
        )
        renewal = self._open()
        self.assertFalse(renewal.option_ids.filtered(lambda o: o.kind == "upgrade"))
        self.assertEqual(len(renewal.option_ids), 3)

    def test_no_upgrade_smaller_or_other_property(self):
        # Lease the large unit: the only other unit of the property (unit_a) is smaller, and
        # unit_c is in another property.
        self.lease.action_cancel()
        lease_b = self._create_lease(unit_id=self.unit_b.id, rent_amount=6000)
        lease_b.action_activate()
        renewal = self._open()
        self.assertEqual(renewal.lease_id, lease_b)
        self.assertEqual(set(renewal.option_ids.mapped("kind")), {"same"})

    def test_swap_kind(self):
        self.lease.action_cancel()
        lease_b = self._create_lease(unit_id=self.unit_b.id, rent_amount=6000)
        lease_b.action_activate()
        renewal = self._open()
        option = self.env["apartment.lease.renewal.option"].create(
            {"renewal_id": renewal.id, "term_months": 12, "unit_id": self.unit_a.id}
        )
        self.assertEqual(option.kind, "swap")
        self.assertEqual(option.base_rent, 4000)


@tagged("post_install", "-at_install")
class TestRenewalAccept(RenewalCommon):
    def test_accept_same_unit_successor(self):
        renewal = self._open()
        option = self._option(renewal, 24)
        with freeze_time("2026-10-20"):
            successor = renewal.with_user(self.user_housekeeper)._accept_option(option)
        self.assertEqual(renewal.state, "accepted")
        self.assertEqual(renewal.accepted_option_id, option)
        self.assertEqual(renewal.decision_date, date(2026, 10, 20))
        self.assertEqual(renewal.days_to_decision, 18)
        self.assertEqual(successor.state, "draft")
        self.assertEqual(successor.date_start, date(2027, 1, 1), "continuous: old end + 1")
        self.assertEqual(successor.date_end, date(2028, 12, 31))
        self.assertEqual(successor.unit_id, self.unit_a)
        self.assertEqual(successor.rent_amount, option.price_monthly)
        self.assertEqual(successor.partner_id, self.tenant)
        self.assertEqual(successor.user_id, self.user_housekeeper)
        self.assertEqual(successor.deposit_amount, self.lease.deposit_amount)
        # Linked both ways.
        self.assertEqual(renewal.successor_lease_id, successor)
        self.assertEqual(self.lease.successor_lease_id, successor)
        self.assertEqual(successor.predecessor_lease_id, self.lease)
        self.assertEqual(successor.renewal_id, renewal)
        self.assertFalse(successor.first_month_discount_percent)
        self.assertFalse(renewal.activity_ids, "the follow-up activity is done")
        # The lease's smart button counts it; no new renewal for a renewed lease.
        self.assertEqual(self.lease.renewal_count, 1)
        self.assertFalse(self._open(date(2026, 10, 21)))

    def test_accept_upgrade_reserves_unit(self):
        renewal = self._open()
        upgrade = renewal.option_ids.filtered(lambda o: o.kind == "upgrade")
        with freeze_time("2026-10-05"):
            self.assertEqual(self.unit_b.state, "vacant")
            successor = upgrade.action_accept()
            self.unit_b.invalidate_recordset(["state"])
            self.assertEqual(self.unit_b.state, "reserved")
        lease = self.env["apartment.lease"].browse(successor["res_id"])
        self.assertEqual(lease.unit_id, self.unit_b)
        self.assertEqual(lease.rent_amount, 6000)

    def test_accept_successor_active_setting(self):
        self.company.renewal_successor_state = "active"
        renewal = self._open()
        successor = renewal._accept_option(self._option(renewal, 12))
        self.assertEqual(successor.state, "active")

    def test_accept_twice(self):
        renewal = self._open()
        successor = renewal._accept_option(self._option(renewal, 12))
        with self.assertRaisesRollback(UserError, "already accepted .*" + successor.name):
            renewal._accept_option(self._option(renewal, 6))
        self.assertEqual(renewal.accepted_option_id, self._option(renewal, 12))
        self.assertEqual(
            self.env["apartment.lease"].search_count(
                [("predecessor_lease_id", "=", self.lease.id)]
            ),
            1,
        )

    def test_accept_expired_or_cancelled(self):
        renewal = self._open()
        self.Renewal._cron_remind_and_expire(date(2026, 12, 2))
        self.assertEqual(renewal.state, "expired")
        with self.assertRaisesRollback(UserError, "Cannot accept .*Expired"):
            renewal._accept_option(self._option(renewal, 12))
        self.assertFalse(renewal.successor_lease_id)
        renewal2 = self._create_renewal_cancelled()
        with self.assertRaisesRollback(UserError, "Cannot accept .*Cancelled"):
            renewal2._accept_option(renewal2.option_ids[:1])

    def _create_renewal_cancelled(self):
        lease = self._create_lease(
            partner_id=self.tenant_2.id, unit_id=self.unit_c.id, user_id=self.user_housekeeper.id
        )
        lease.action_activate()
        renewal = self.Renewal.create(self.Renewal._prepare_renewal_vals(lease, date(2026, 10, 2)))
        renewal.action_cancel()
        return renewal

    def test_accept_option_of_other_renewal(self):
        renewal = self._open()
        lease_2 = self._create_lease(partner_id=self.tenant_2.id, unit_id=self.unit_c.id)
        lease_2.action_activate()
        other = self.Renewal.create(self.Renewal._prepare_renewal_vals(lease_2, date(2026, 10, 2)))
        with self.assertRaisesRollback(UserError, "does not belong"):
            renewal._accept_option(other.option_ids[:1])

    def _open_with_upgrade_unit_taken(self):
        """An open renewal whose upgrade option's unit another tenant has leased since."""
        renewal = self._open()
        upgrade = renewal.option_ids.filtered(lambda o: o.kind == "upgrade")
        self._create_lease(
            partner_id=self.tenant_2.id,
            unit_id=self.unit_b.id,
            date_start=date(2027, 3, 1),
            date_end=date(2028, 2, 29),
        )
        return renewal, upgrade

    def test_accept_unit_taken_meanwhile(self):
        renewal, upgrade = self._open_with_upgrade_unit_taken()
        with self.assertRaisesRollback(UserError, "unit T-RIV / 102 is no longer free"):
            renewal._accept_option(upgrade)
        self.assertEqual(renewal.state, "offered")
        self.assertFalse(renewal.successor_lease_id)
        self.assertFalse(self.lease.successor_lease_id)

    def test_accept_unit_taken_concurrently(self):
        """Another transaction takes the unit between our check and our insert: the
        foundation's overlap check raises and we answer with a renewal-level message."""
        renewal, upgrade = self._open_with_upgrade_unit_taken()
        Unit = type(self.env["apartment.unit"])
        # Simulate the race: our own availability check still saw the unit free.
        with patch.object(Unit, "_is_free_between", return_value=True):
            with self.assertRaisesRollback(UserError, f"{renewal.name}.*T-RIV / 102"):
                renewal._accept_option(upgrade)
        self.assertEqual(renewal.state, "offered")
        self.assertFalse(
            self.env["apartment.lease"].search([("predecessor_lease_id", "=", self.lease.id)])
        )


@tagged("post_install", "-at_install")
class TestRenewalDecline(RenewalCommon):
    def test_decline_wizard_move_out_and_perk(self):
        renewal = self._open()
        with freeze_time("2026-10-12"):
            action = renewal.with_user(self.user_housekeeper).action_open_decline_wizard()
            wizard = (
                self.env["apartment.lease.renewal.decline"]
                .with_user(self.user_housekeeper)
                .with_context(**action["context"])
                .create({"reason_id": self.reason_price.id, "note": "Too expensive"})
            )
            wizard.action_confirm()
        self.assertEqual(renewal.state, "declined")
        self.assertEqual(renewal.decline_reason_id, self.reason_price)
        self.assertEqual(renewal.decline_note, "Too expensive")
        self.assertEqual(renewal.days_to_decision, 10)
        self.assertFalse(renewal.activity_ids, "the offer follow-up is dropped")
        checklist = self.lease.activity_ids
        self.assertEqual(len(checklist), 3)
        self.assertEqual(checklist.user_id, self.user_housekeeper)
        summaries = " ".join(checklist.mapped("summary"))
        for word in ("inspection", "keys", "meter"):
            self.assertIn(word, summaries)
        perk = renewal.returning_perk_id
        self.assertEqual(perk.partner_id, self.tenant)
        self.assertEqual(perk.discount_percent, 10)
        self.assertEqual(perk.valid_until, date(2027, 6, 30))
        self.assertEqual(perk.state, "available")

    def test_decline_needs_reason_and_open_state(self):
        renewal = self._open()
        with self.assertRaisesRollback(UserError, "decline reason"):
            renewal.action_decline(self.env["apartment.renewal.decline.reason"])
        renewal.action_decline(self.reason_price)
        with self.assertRaisesRollback(UserError, "Cannot decline .*Declined"):
            renewal.action_decline(self.reason_price)
        with self.assertRaisesRollback(UserError, "Cannot accept .*Declined"):
            renewal._accept_option(self._option(renewal, 12))

    def test_deposit_settled_at_move_out(self):
        renewal = self._open()
        renewal.action_decline(self.reason_price)
        # Without a deposit invoice the move-out goes through with a note (the credit note of
        # an invoiced deposit: test_renewal_deposit.py).
        self.lease.deposit_move_id = False
        with freeze_time("2026-12-31"):
            self.lease.action_end()
        self.assertEqual(self.lease.state, "ended")
        self.assertTrue(
            self.lease.message_ids.filtered(lambda m: "no deposit invoice" in (m.body or ""))
        )

    def test_returning_perk_applied_once(self):
        renewal = self._open()
        renewal.action_decline(self.reason_price)
        with freeze_time("2026-12-31"):
            self.lease.action_end()
        perk = renewal.returning_perk_id
        with freeze_time("2027-03-01"):
            new_lease = self._create_lease(
                unit_id=self.unit_c.id, date_start=date(2027, 4, 1), date_end=date(2028, 3, 31)
            )
            self.assertEqual(new_lease.first_month_discount_percent, 10)
            self.assertEqual(new_lease.returning_perk_id, perk)
            self.assertEqual(perk.state, "used")
            self.assertEqual(perk.used_lease_id, new_lease)
            second = self._create_lease(
                unit_id=self.unit_b.id, date_start=date(2027, 4, 1), date_end=date(2028, 3, 31)
            )
            self.assertFalse(second.first_month_discount_percent)
            self.assertFalse(second.returning_perk_id)

    def test_returning_perk_in_lease_form(self):
        renewal = self._open()
        renewal.action_decline(self.reason_price)
        with freeze_time("2027-02-01"):
            with Form(self.env["apartment.lease"].with_user(self.user_housekeeper)) as form:
                form.partner_id = self.tenant
                form.unit_id = self.unit_c
                form.date_start = date(2027, 3, 1)
                form.date_end = date(2028, 2, 29)
                form.referred_by_id = self.tenant_2
            lease = form.record
        self.assertEqual(lease.first_month_discount_percent, 10)
        self.assertEqual(lease.rent_amount, 8000, "the perk does not change the monthly rent")
        self.assertEqual(lease.referred_by_id, self.tenant_2)
        self.assertIn("Returning tenant", lease.message_ids[:1].body)

    def test_returning_perk_expired_not_applied(self):
        renewal = self._open()
        renewal.action_decline(self.reason_price)
        perk = renewal.returning_perk_id
        with freeze_time("2027-07-01"):
            self.env["apartment.returning.perk"]._cron_expire()
            self.assertEqual(perk.state, "expired")
            new_lease = self._create_lease(
                unit_id=self.unit_c.id, date_start=date(2027, 8, 1), date_end=date(2028, 7, 31)
            )
        self.assertFalse(new_lease.first_month_discount_percent)

    def test_other_tenant_gets_no_perk(self):
        renewal = self._open()
        renewal.action_decline(self.reason_price)
        other = self._create_lease(
            partner_id=self.tenant_2.id,
            unit_id=self.unit_c.id,
            date_start=date(2027, 4, 1),
            date_end=date(2028, 3, 31),
        )
        self.assertFalse(other.first_month_discount_percent)
        self.assertEqual(renewal.returning_perk_id.state, "available")


@tagged("post_install", "-at_install")
class TestRenewalLifecycle(RenewalCommon):
    def test_reminder_once_then_expiry(self):
        renewal = self._open()
        # Deadline 2026-12-01, reminder 7 days before.
        remind = self.Renewal._cron_remind_and_expire

        def own_remind(day):
            return tuple(self._own(renewals) for renewals in remind(day))

        reminded, expired = own_remind(date(2026, 11, 23))
        self.assertFalse(reminded)
        reminded, expired = own_remind(date(2026, 11, 24))
        self.assertEqual(reminded, renewal)
        self.assertTrue(renewal.reminder_sent)
        count = len(renewal.message_ids)
        reminded, expired = own_remind(date(2026, 11, 25))
        self.assertFalse(reminded, "reminded once")
        self.assertEqual(len(renewal.message_ids), count)
        reminded, expired = own_remind(date(2026, 12, 1))
        self.assertFalse(expired, "the deadline day itself is still open")
        reminded, expired = own_remind(date(2026, 12, 2))
        self.assertEqual(expired, renewal)
        self.assertEqual(renewal.state, "expired")
        self.assertEqual(renewal.decision_date, date(2026, 12, 2))
        self.assertEqual(renewal.days_to_decision, 61)
        reminded, expired = own_remind(date(2026, 12, 3))
        self.assertFalse(expired, "idempotent")

    def test_renewal_stats_for_churn(self):
        renewal = self._open()
        stats = self.env["res.partner"]._get_renewal_stats(date(2026, 10, 5))
        self.assertEqual(stats[self.tenant.id], {"unanswered": 1, "expired": 0})
        self.Renewal._cron_remind_and_expire(date(2026, 12, 2))
        stats = self.tenant._get_renewal_stats(date(2026, 12, 5))
        self.assertEqual(stats, {self.tenant.id: {"unanswered": 0, "expired": 1}})
        self.assertFalse(self.tenant_2._get_renewal_stats(date(2026, 12, 5)))
        self.assertEqual(renewal.state, "expired")

    def test_draft_offer_cancel_reset(self):
        self.lease.with_user(self.user_housekeeper).action_open_renewal()
        renewal = self.lease.renewal_ids
        self.assertEqual(renewal.state, "draft")
        self.assertTrue(renewal.option_ids)
        renewal.option_ids.unlink()
        with self.assertRaisesRollback(UserError, "has no option"):
            renewal.action_offer()
        renewal.action_cancel()
        self.assertEqual(renewal.state, "cancelled")
        with self.assertRaisesRollback(UserError, "Cannot cancel .*Cancelled"):
            renewal.action_cancel()
        renewal.action_draft()
        self.assertEqual(renewal.state, "draft")
        self.env["apartment.lease.renewal.option"].create(
            {"renewal_id": renewal.id, "term_months": 12, "unit_id": self.unit_a.id}
        )
        renewal.action_offer()
        self.assertEqual(renewal.state, "offered")
        with self.assertRaisesRollback(UserError, "Cannot offer .*Offered"):
            renewal.action_offer()

    def test_accept_from_draft_and_reset_errors(self):
        self.lease.action_open_renewal()
        renewal = self.lease.renewal_ids
        with self.assertRaisesRollback(UserError, "Cannot reset to draft .*Draft"):
            renewal.action_draft()
        successor = renewal._accept_option(self._option(renewal, 12))
        self.assertEqual(renewal.state, "accepted")
        self.assertEqual(successor.date_start, date(2027, 1, 1))
        with self.assertRaisesRollback(UserError, "Cannot cancel .*Accepted"):
            renewal.action_cancel()

    def test_open_renewal_button_needs_active_lease(self):
        draft = self._create_lease(partner_id=self.tenant_2.id, unit_id=self.unit_c.id)
        with self.assertRaisesRollback(UserError, f"Lease {draft.name} cannot be renewed"):
            draft.action_open_renewal()

    def test_report_measures(self):
        renewal = self._open()
        self.assertEqual((renewal.closed_count, renewal.accepted_count), (0, 0))
        renewal._accept_option(self._option(renewal, 12))
        self.assertEqual((renewal.closed_count, renewal.accepted_count), (1, 1))
        self.assertEqual(renewal.renewal_rate, 100)
        lease_2 = self._create_lease(partner_id=self.tenant_2.id, unit_id=self.unit_c.id)
        lease_2.action_activate()
        other = self._open(date(2026, 10, 2))
        other.action_decline(self.reason_price)
        groups = self.Renewal._read_group(
            [("id", "in", (renewal | other).ids), ("state", "in", ("accepted", "declined"))],
            [],
            ["renewal_rate:avg", "closed_count:sum", "accepted_count:sum"],
        )
        self.assertEqual(groups[0], (50.0, 2, 1))

    def test_delete_decided_refused(self):
        renewal = self._open()
        renewal.action_decline(self.reason_price)
        with self.assertRaisesRollback(UserError, "cannot be deleted"):
            renewal.unlink()


@tagged("post_install", "-at_install")
class TestRenewalAccess(RenewalCommon):
    def test_portal_reads_only_own_renewals(self):
        renewal = self._open()
        lease_2 = self._create_lease(partner_id=self.tenant_2.id, unit_id=self.unit_c.id)
        lease_2.action_activate()
        other = self.Renewal.create(self.Renewal._prepare_renewal_vals(lease_2, date(2026, 10, 2)))
        portal = self._create_portal_user(self.tenant, "portal_renewal_orm")
        Renewal = self.Renewal.with_user(portal)
        self.assertEqual(Renewal.search([("id", "in", (renewal | other).ids)]), renewal)
        self.assertEqual(renewal.with_user(portal).option_ids, renewal.option_ids)
        with self.assertRaises(AccessError):
            other.with_user(portal).read(["state"])
        with self.assertRaises(AccessError):
            renewal.with_user(portal).write({"offer_deadline": date(2026, 12, 31)})
        with self.assertRaises(AccessError):
            renewal.with_user(portal)._accept_option(self._option(renewal, 12))
        self.assertEqual(renewal.state, "offered")

    def test_employee_without_apartment_group(self):
        renewal = self._open()
        with self.assertRaises(AccessError):
            renewal.with_user(self.user_employee).read(["state"])


@tagged("post_install", "-at_install")
class TestRenewalBatch(RenewalCommon):
    def test_upgrade_search_is_batched(self):
        """Finding the upgrades of a batch costs the same queries for 1 lease as for 3."""
        lease_2 = self._create_lease(partner_id=self.tenant_2.id, unit_id=self.unit_c.id)
        lease_2.action_activate()
        unit_d = self.env["apartment.unit"].create(
            {
                "name": "202",
                "property_id": self.property_2.id,
                "area": 90,
                "bedrooms": 3,
                "unit_type": "three_bedroom",
                "list_rent": 9000,
            }
        )
        lease_3 = self._create_lease(
            partner_id=self.tenant_2.id, unit_id=self.unit_b.id, rent_amount=6000
        )
        lease_3.action_activate()
        Option = self.env["apartment.lease.renewal.option"]
        leases = self.lease | lease_2 | lease_3
        leases.invalidate_recordset()
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            Option._find_upgrade_units(self.lease)
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            result = Option._find_upgrade_units(leases)
        self.assertEqual(result[lease_2.id], unit_d)
        self.assertNotIn(self.lease.id, result, "102's own tenant is renewing: not offered")
        self.assertNotIn(lease_3.id, result, "no larger unit than 102 in its property")

    def test_unit_in_renewal_not_offered_as_upgrade(self):
        lease_b = self._create_lease(
            partner_id=self.tenant_2.id,
            unit_id=self.unit_b.id,
            rent_amount=6000,
            date_end=date(2026, 11, 30),
        )
        lease_b.action_activate()
        # 102's lease ends first: its renewal opens, then 101's renewal cannot offer 102.
        first = self._open(date(2026, 9, 1))
        self.assertEqual(first.lease_id, lease_b)
        second = self._open(date(2026, 10, 2))
        self.assertEqual(second.lease_id, self.lease)
        self.assertFalse(second.option_ids.filtered(lambda o: o.kind == "upgrade"))
        # Once 102's tenant has declined, 102 (free from December) is offered again.
        first.action_decline(self.reason_price)
        second.action_cancel()
        third = self._open(date(2026, 10, 3))
        self.assertEqual(
            third.option_ids.filtered(lambda o: o.kind == "upgrade").unit_id, self.unit_b
        )
