# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command

from odoo.addons.apartment_crm_rent.tests.common import RentCommon


class LoyaltyCommon(RentCommon):
    """Own rules (the default ones archived), a tier with a multiplier, invoice helpers."""

    # Long on purpose: the shared test data, one record after the other.
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["apartment.loyalty.rule"]
        Rule.search([]).action_archive()
        cls.env["decimal.precision"].search([("name", "=", "Loyalty Points")]).digits = 0
        cls.company.write(
            {
                "loyalty_point_value": 0.5,
                "loyalty_credit_cap": 300.0,
                "loyalty_expiry_warning_days": 30,
                "loyalty_referral_both": False,
            }
        )
        cls.rule_rent = Rule.create(
            {
                "name": "On-time rent",
                "trigger": "rent_on_time",
                "points_mode": "per_unit",
                "points": 0.01,
                "validity_months": 12,
            }
        )
        cls.rule_referral = Rule.create(
            {"name": "Referral", "trigger": "referral", "points": 500, "validity_months": 24}
        )
        cls.rule_tenure = Rule.create(
            {
                "name": "Anniversary",
                "trigger": "tenure_anniversary",
                "points": 200,
                "validity_months": 0,
            }
        )
        cls.rule_survey = Rule.create(
            {"name": "Survey", "trigger": "survey_answered", "points": 30}
        )
        cls.rule_manual = Rule.create({"name": "Goodwill", "trigger": "manual", "points": 1})
        cls.tier_vip = cls.env["apartment.tenant.tier"].create(
            {"name": "Test VIP", "code": "TVIP", "sequence": 99, "points_multiplier": 1.5}
        )
        cls.Entry = cls.env["apartment.loyalty.entry"]

    @classmethod
    def _earn(cls, partner, points, day, expiry=None, rule=None):
        return cls.env["apartment.loyalty.entry"]._post_entries(
            [
                {
                    "partner_id": partner.id,
                    "points": points,
                    "entry_type": "earn",
                    "rule_id": (rule or cls.rule_manual).id,
                    "date": day,
                    "expiry_date": expiry,
                    "description": f"Test {points} on {day}",
                }
            ]
        )

    @classmethod
    def _invoice(cls, partner=None, amount=4000.0, due=date(2026, 3, 5), post=True):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or cls.tenant).id,
                "invoice_date": date(2026, 3, 1),
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Rent", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        if post:
            invoice.action_post()
        return invoice

    def _redeem(self, partner, points, **vals):
        """Redeem ``points`` of ``partner`` for a service (``vals`` override the wizard's)."""
        wizard = self.env["apartment.loyalty.redeem"].create(
            {
                "partner_id": partner.id,
                "points": points,
                "redeem_type": "service",
                "product_id": self.env.ref("apartment_crm_loyalty.product_loyalty_rent_credit").id,
                **vals,
            }
        )
        return wizard._redeem()

    def _sum(self, partner):
        return sum(self.Entry.search([("partner_id", "=", partner.id)]).mapped("points"))
