# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError

from .common import RenewalCommon


class TestRenewalWorkflowBypass(RenewalCommon):
    """A renewal changes state and outcome only through its actions (issue 13, item 6)."""

    def test_accepted_back_to_offered_refused(self):
        renewal = self._open()
        successor = renewal._accept_option(self._option(renewal, 12))
        as_housekeeper = renewal.with_user(self.user_housekeeper)
        with self.assertRaisesRegex(UserError, "Send Offer"):
            as_housekeeper.write({"state": "offered"})
        for vals in (
            {"accepted_option_id": self._option(renewal, 6).id},
            {"successor_lease_id": False},
            {"decision_date": date(2026, 1, 1)},
        ):
            with self.assertRaisesRegex(UserError, "cannot be written directly"):
                as_housekeeper.write(vals)
        self.assertEqual(renewal.state, "accepted")
        self.assertEqual(renewal.successor_lease_id, successor)
        # The lease's renewal links are the accept's as well.
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self.lease.with_user(self.user_housekeeper).write({"successor_lease_id": False})
        self.assertEqual(self.lease.successor_lease_id, successor)

    def test_declined_to_accepted_without_successor_refused(self):
        renewal = self._open()
        renewal.action_decline(self.reason_price)
        with self.assertRaisesRegex(UserError, "Send Offer"):
            renewal.with_user(self.user_housekeeper).write(
                {"state": "accepted", "accepted_option_id": self._option(renewal, 12).id}
            )
        self.assertEqual(renewal.state, "declined")
        self.assertFalse(renewal.successor_lease_id)

    def test_create_decided_refused(self):
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self.Renewal.with_user(self.user_housekeeper).create(
                {"lease_id": self.lease.id, "state": "accepted"}
            )

    def test_actions_still_work_as_housekeeper(self):
        renewal = self._open().with_user(self.user_housekeeper)
        renewal.action_cancel()
        self.assertEqual(renewal.state, "cancelled")
        renewal.action_draft()
        self.assertEqual(renewal.state, "draft")
        renewal.action_offer()
        self.assertEqual(renewal.state, "offered")
        successor = renewal._accept_option(self._option(renewal, 12))
        self.assertEqual(renewal.state, "accepted")
        self.assertEqual(self.lease.successor_lease_id, successor)


class TestRenewalCrossCompany(RenewalCommon):
    """A renewal option never offers another company's unit (issue 13, item 7)."""

    def test_option_with_other_company_unit_refused(self):
        other_company = self.env["res.company"].create({"name": "Other Operator"})
        other_property = self.env["apartment.property"].create(
            {"name": "Elsewhere", "code": "ELS", "company_id": other_company.id}
        )
        other_unit = self.env["apartment.unit"].create(
            {"name": "901", "property_id": other_property.id, "list_rent": 3000}
        )
        renewal = self._open()
        option = self._option(renewal, 12)
        with self.assertRaises(UserError):
            option.write({"unit_id": other_unit.id})
        self.assertEqual(option.unit_id, self.unit_a)
        with self.assertRaises(UserError):
            self.env["apartment.lease.renewal.option"].create(
                {"renewal_id": renewal.id, "term_months": 6, "unit_id": other_unit.id}
            )
