# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import RenewalCommon

TODAY = date(2026, 10, 1)


@tagged("post_install", "-at_install")
class TestUpgradeOffer(RenewalCommon):
    """Potential tenants: the upgrade / swap offer (以租换租) with an old-customer coupon."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["apartment.touchpoint.rule"]
        cls.Rule.search([]).active = False
        cls.rule = cls.env.ref("apartment_crm_renewal.touchpoint_rule_potential_upgrade_offer")
        cls.rule.active = True
        cls.env.company.returning_perk_discount_percent = 15
        cls.tenant.tenant_tier_id = cls.env.ref("apartment_crm.tier_potential")
        cls.lease_2 = cls._create_lease(partner_id=cls.tenant_2.id, unit_id=cls.unit_b.id)
        cls.lease_2.action_activate()  # tenant_2 has no tier: no offer

    def _perks(self):
        return self.env["apartment.returning.perk"].search(
            [("partner_id", "in", (self.tenant | self.tenant_2).ids)]
        )

    def test_offer_with_one_coupon_used_by_the_swap_lease(self):
        self.assertEqual(self.rule.tier_ids, self.env.ref("apartment_crm.tier_potential"))
        with freeze_time("2026-09-02"):  # 120 days before 2026-12-31
            self.Rule._cron_run_touchpoints()
            self.Rule._cron_run_touchpoints()
        with freeze_time("2026-09-03"):
            self.Rule._cron_run_touchpoints()
        logs = self.env["apartment.touchpoint.log"].search(
            [
                ("rule_id", "=", self.rule.id),
                ("partner_id", "in", (self.tenant | self.tenant_2).ids),
            ]
        )
        self.assertEqual(logs.partner_id, self.tenant)
        perk = self._perks()
        self.assertEqual(len(perk), 1, "one coupon, once")
        self.assertEqual(logs.returning_perk_id, perk)
        self.assertRecordValues(
            perk,
            [
                {
                    "partner_id": self.tenant.id,
                    "source_lease_id": self.lease.id,
                    "discount_percent": 15.0,
                    "valid_until": date(2027, 3, 2),
                    "state": "available",
                }
            ],
        )
        mail = self.env["mail.mail"].search(
            [("subject", "ilike", "A bigger home"), ("recipient_ids", "=", self.tenant.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("15.0", mail.body_html)
        # The swap: a new lease of a bigger unit takes the coupon.
        with freeze_time("2026-09-10"):
            swap = self._create_lease(
                unit_id=self.unit_c.id, date_start=date(2026, 10, 1), date_end=date(2027, 9, 30)
            )
        self.assertEqual(swap.returning_perk_id, perk)
        self.assertEqual(swap.first_month_discount_percent, 15.0)
        self.assertEqual(perk.state, "used")

    def test_no_second_coupon_for_a_holder(self):
        held = self.env["apartment.returning.perk"].create(
            {
                "partner_id": self.tenant.id,
                "discount_percent": 10,
                "valid_until": date(2027, 1, 31),
            }
        )
        logs = self.rule._run(date(2026, 9, 2)).filtered(lambda log: log.partner_id == self.tenant)
        self.assertEqual(len(logs), 1)
        self.assertFalse(logs.returning_perk_id)
        self.assertEqual(self._perks(), held)

    def test_wants_a_bigger_home_fires_the_offer_once_with_the_coupon(self):
        """The housekeeper notes "Wants a bigger home": the default rule on that signal sends
        the potential tenant the offer with one coupon, once; a tenant outside the tier, none."""
        self.rule.active = False
        rule = self.env.ref("apartment_crm_renewal.touchpoint_rule_potential_upgrade_interest")
        rule.active = True
        self.assertEqual(rule.trigger, "upgrade_interest")
        self.assertTrue(rule.grant_upgrade_coupon)
        tenants = self.tenant | self.tenant_2
        with freeze_time("2026-05-04"):  # long before the lease-end offer (120 days before)
            tenants.with_user(self.user_housekeeper).action_upgrade_interest()
            self.Rule._cron_run_touchpoints()
            tenants.with_user(self.user_housekeeper).action_upgrade_interest()  # double click
            self.Rule._cron_run_touchpoints()
        with freeze_time("2026-05-05"):
            self.Rule._cron_run_touchpoints()
        logs = self.env["apartment.touchpoint.log"].search(
            [("rule_id", "=", rule.id), ("partner_id", "in", tenants.ids)]
        )
        self.assertRecordValues(
            logs,
            [
                {
                    "partner_id": self.tenant.id,
                    "lease_id": self.lease.id,
                    "occurrence_date": date(2026, 5, 4),
                }
            ],
        )
        perk = self._perks()
        self.assertEqual(len(perk), 1, "one coupon, once, for the potential tenant only")
        self.assertEqual(logs.returning_perk_id, perk)
        self.assertRecordValues(
            perk,
            [
                {
                    "partner_id": self.tenant.id,
                    "source_lease_id": self.lease.id,
                    "discount_percent": 15.0,
                    "valid_until": date(2026, 11, 4),
                }
            ],
        )
        mail = self.env["mail.mail"].search(
            [("subject", "ilike", "A bigger home"), ("recipient_ids", "in", tenants.ids)]
        )
        self.assertEqual(mail.recipient_ids, self.tenant)
        self.assertEqual(len(mail), 1)


@tagged("post_install", "-at_install")
class TestFarewellWaitsForTheRenewal(RenewalCommon):
    """No farewell a week before move-out while the tenant's renewal offer is still open."""

    def test_no_farewell_while_a_renewal_is_open(self):
        Rule = self.env["apartment.touchpoint.rule"]
        Rule.search([]).active = False
        rule = self.env.ref("apartment_crm.touchpoint_rule_before_move_out")
        rule.active = True
        renewal = self.Renewal.create(self.Renewal._prepare_renewal_vals(self.lease, TODAY))
        with freeze_time("2026-10-01"):
            renewal.action_offer()
        self.assertEqual(renewal.state, "offered")
        self.assertFalse(
            rule._run(date(2026, 12, 24)).filtered(lambda log: log.lease_id == self.lease)
        )
        renewal.action_cancel()
        logs = rule._run(date(2026, 12, 25)).filtered(lambda log: log.lease_id == self.lease)
        self.assertEqual(logs.occurrence_date, date(2026, 12, 31), "still within the catch-up")
