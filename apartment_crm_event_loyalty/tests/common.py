# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.apartment_crm_loyalty.tests.common import LoyaltyCommon


class EventLoyaltyCommon(LoyaltyCommon):
    """LoyaltyCommon plus an own rule for the bridge's trigger ``event_attended``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule_event = cls.env["apartment.loyalty.rule"].create(
            {"name": "Event", "trigger": "event_attended", "points": 20, "validity_months": 6}
        )
