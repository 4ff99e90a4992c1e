# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ApartmentCommon


@tagged("post_install", "-at_install")
class TestPartnerTrust(ApartmentCommon):
    """Engine results on the tenant are the engines' alone; evaluations are staff actions."""

    ENGINE_VALUES = {
        "tier_since": date(2020, 1, 1),
        "tier_below_since": date(2030, 1, 1),
        "tier_evaluated_date": date(2030, 1, 1),
        "tier_reason": "forged",
        "move_in_date": date(2000, 1, 1),
        "churn_risk_score": 55,
        "churn_risk_level": "medium",
        "churn_reasons": "forged",
        "churn_evaluated_date": date(2030, 1, 1),
    }

    def test_housekeeper_cannot_write_engine_fields(self):
        tenant = self.tenant.with_user(self.user_housekeeper)
        for fname, value in self.ENGINE_VALUES.items():
            label = self.tenant._fields[fname].string
            with self.subTest(fname=fname), self.assertRaisesRegex(AccessError, label):
                tenant.write({fname: value})
        # Nor at create, nor as a manager.
        with self.assertRaisesRegex(AccessError, "Tier Evaluated On"):
            self.env["res.partner"].with_user(self.user_housekeeper).create(
                {"name": "Forger", "tier_evaluated_date": date(2030, 1, 1)}
            )
        with self.assertRaisesRegex(AccessError, "Move In Date"):
            self.tenant.with_user(self.user_manager).write({"move_in_date": date(2000, 1, 1)})
        # A context key sent by a client is not enough: the engine also runs as superuser.
        with self.assertRaises(AccessError):
            tenant.with_context(tier_engine=True).write({"tier_since": date(2020, 1, 1)})

    def test_engine_still_writes(self):
        self.tenant.sudo().with_context(tier_engine=True).write({"tier_reason": "engine"})
        self.assertEqual(self.tenant.sudo().tier_reason, "engine")
        self.tenant.with_user(self.user_housekeeper).action_evaluate_churn_risk()
        self.assertTrue(self.tenant.churn_evaluated_date)

    def test_portal_cannot_run_evaluations(self):
        portal = self._create_portal_user(self.tenant, "apt_trust_portal")
        for partner in (self.tenant, self.tenant_2):
            for action in ("action_evaluate_tier", "action_evaluate_churn_risk"):
                with self.subTest(partner=partner.name, action=action):
                    with self.assertRaisesRegex(AccessError, "Apartment CRM users"):
                        getattr(partner.with_user(portal), action)()
        self.assertFalse(self.tenant.churn_evaluated_date)

    def test_copy_as_internal_user_outside_the_suite(self):
        self.tenant.sudo().with_context(tier_engine=True).write(
            {fname: value for fname, value in self.ENGINE_VALUES.items() if fname != "move_in_date"}
        )
        self.tenant.sudo().with_context(tier_engine=True).write(
            {"tier_locked": True, "tier_lock_reason": "VIP by contract"}
        )
        salesperson = mail_new_test_user(
            self.env,
            login="apt_trust_sales",
            groups="base.group_user,base.group_partner_manager",
        )
        copy = self.tenant.with_user(salesperson).copy()
        values = copy.sudo().read([*self.ENGINE_VALUES, "tier_locked", "tier_lock_reason"])[0]
        for fname in [*self.ENGINE_VALUES, "tier_locked", "tier_lock_reason"]:
            with self.subTest(fname=fname):
                self.assertFalse(values[fname])
