# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.apartment_crm_sla.tests.common import at

from .common import SlaLoyaltyCommon


@tagged("post_install", "-at_install")
class TestSlaLoyaltyRating(SlaLoyaltyCommon):
    """The bridge's ``helpdesk.ticket._sla_on_rated``: rating a resolved ticket earns the
    survey points once."""

    def test_rating_earns_survey_points_once(self):
        rule = self.env.ref("apartment_crm_loyalty.loyalty_rule_survey_answered")
        rule.write({"active": True, "points": 20})
        ticket = self._create_ticket(when=at(0, 10))
        self._set_stage(ticket, self.stage_done, at(0, 15))
        partner = ticket.partner_id.commercial_partner_id
        before = partner.loyalty_balance
        ticket._sla_rate(5, "Fixed quickly")
        ticket.write({"rating_value": "4"})  # staff correct the rating: no second award
        entries = self.env["apartment.loyalty.entry"].search(
            [
                ("rule_id", "=", rule.id),
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
            ]
        )
        self.assertEqual(len(entries), 1)
        partner.invalidate_recordset(["loyalty_balance"])
        self.assertGreaterEqual(partner.loyalty_balance - before, 20)
