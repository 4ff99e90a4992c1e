# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import RenewalLoyaltyCommon


@tagged("post_install", "-at_install")
class TestRenewalLoyalty(RenewalLoyaltyCommon):
    """The bridge's ``apartment.lease.renewal._on_accepted``: the accepted option's bonus
    points go to the ledger."""

    def test_accept_grants_bonus_points_once(self):
        renewal = self._open()
        option = self._option(renewal, 12)
        option.bonus_points = 300
        with freeze_time("2026-10-05"):
            renewal._accept_option(option)
        renewal._grant_renewal_bonus_points()  # again: the ledger posts it once
        entries = self.env["apartment.loyalty.entry"].search(
            [("res_model", "=", renewal._name), ("res_id", "=", renewal.id)]
        )
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.points, 300)
        self.assertEqual(
            entries.rule_id,
            self.env.ref("apartment_crm_renewal_loyalty.loyalty_rule_renewal_bonus"),
        )
        self.assertEqual(entries.partner_id, self.tenant)
