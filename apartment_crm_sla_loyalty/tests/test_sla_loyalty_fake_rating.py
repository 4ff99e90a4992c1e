# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.apartment_crm_sla.tests.common import at

from .common import SlaLoyaltyCommon


@tagged("post_install", "-at_install")
class TestSlaLoyaltyFakeRating(SlaLoyaltyCommon):
    """A written rating earns no survey points (issue 13, item 5)."""

    def test_fake_rating_earns_no_points(self):
        self.rule_survey.write({"active": True, "points": 20})
        ticket = self._create_ticket(when=at(0, 10))
        with self.assertRaisesRegex(UserError, "Satisfaction"):
            ticket.with_user(self.user_housekeeper).write({"rating_value": "5"})
        entries = self.Entry.search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertFalse(entries)
        # Recorded by staff on the closed ticket, it earns them once, as the tenant's would.
        self._set_stage(ticket, self.stage_done, at(0, 15))
        ticket.with_user(self.user_housekeeper).action_record_rating(5)
        entries = self.Entry.search(
            [
                ("rule_id", "=", self.rule_survey.id),
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
            ]
        )
        self.assertEqual(len(entries), 1)
