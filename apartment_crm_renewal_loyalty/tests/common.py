# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.apartment_crm_renewal.tests.common import RenewalCommon


class RenewalLoyaltyCommon(RenewalCommon):
    """RenewalCommon plus the bridge's ledger rule for accepted options' bonus points."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Entry = cls.env["apartment.loyalty.entry"]
        cls.rule_renewal_bonus = cls.env.ref(
            "apartment_crm_renewal_loyalty.loyalty_rule_renewal_bonus"
        )
