# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import RenewalCommon


@tagged("post_install", "-at_install")
class TestRenewalTrust(RenewalCommon):
    """Minting through bonus points, and RPC calls with ids instead of records."""

    def test_housekeeper_cannot_mint_bonus_points(self):
        renewal = self._open()
        option = self._option(renewal, 12)
        with self.assertRaisesRegex(AccessError, "Bonus Points"):
            option.with_user(self.user_housekeeper).write({"bonus_points": 1000000})
        with self.assertRaisesRegex(AccessError, "Bonus Points"):
            self.env["apartment.lease.renewal.option"].with_user(self.user_housekeeper).create(
                {
                    "renewal_id": renewal.id,
                    "term_months": 24,
                    "unit_id": self.unit_a.id,
                    "bonus_points": 1000000,
                }
            )
        self.assertFalse(option.bonus_points)

    def test_bonus_points_capped_per_company(self):
        renewal = self._open()
        option = self._option(renewal, 12).with_user(self.user_manager)
        with self.assertRaisesRegex(ValidationError, r"Bonus Points.*between 0 and 2000"):
            option.write({"bonus_points": 1000000})
        with self.assertRaisesRegex(ValidationError, "Bonus Points"):
            option.write({"bonus_points": -5})
        option.write({"bonus_points": 300})
        self.assertEqual(option.bonus_points, 300)

    def test_accept_option_with_ids_over_rpc(self):
        """``action_accept_option([[6], 16])`` over RPC passes ids, not records."""
        renewal = self._open()
        with self.assertRaisesRollback(UserError, "option"):
            renewal.action_accept_option(987654321)
        with self.assertRaisesRollback(UserError, "option"):
            renewal.action_accept_option("abc")
        option = self._option(renewal, 12)
        result = renewal.action_accept_option([option.id])
        self.assertEqual(renewal.state, "accepted")
        self.assertEqual(result["res_model"], "apartment.lease")
        self.assertEqual(result["res_id"], renewal.successor_lease_id.id)
