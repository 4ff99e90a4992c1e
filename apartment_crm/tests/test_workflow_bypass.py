# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ApartmentCommon


class TestLeaseStateBypass(ApartmentCommon):
    """A lease changes state only through its actions (issue 13, item 6)."""

    def test_housekeeper_write_state_refused(self):
        lease = self._create_lease()
        as_housekeeper = lease.with_user(self.user_housekeeper)
        for state in ("active", "ended", "cancelled"):
            with self.assertRaisesRegex(UserError, "Activate"):
                as_housekeeper.write({"state": state})
        self.assertEqual(lease.state, "draft")
        # The actions still work for the same user.
        as_housekeeper.action_activate()
        self.assertEqual(lease.state, "active")
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            as_housekeeper.write({"state": "draft", "note": "back to draft"})
        as_housekeeper.action_end()
        self.assertEqual(lease.state, "ended")

    def test_forged_context_flag_refused(self):
        """The actions' context flag cannot be sent by a caller (RPC sends only JSON)."""
        lease = self._create_lease().with_user(self.user_housekeeper)
        with self.assertRaisesRegex(UserError, "Activate"):
            lease.with_context(apartment_workflow=True).write({"state": "active"})
        self.assertEqual(lease.state, "draft")

    def test_create_active_refused(self):
        Lease = self.env["apartment.lease"].with_user(self.user_housekeeper)
        with self.assertRaisesRegex(UserError, "starts as a draft"):
            Lease.create(
                {
                    "partner_id": self.tenant.id,
                    "unit_id": self.unit_a.id,
                    "date_start": "2026-01-01",
                    "date_end": "2026-12-31",
                    "rent_amount": 4000,
                    "state": "active",
                }
            )
        lease = Lease.create(
            {
                "partner_id": self.tenant.id,
                "unit_id": self.unit_a.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "rent_amount": 4000,
                "state": "draft",
            }
        )
        self.assertEqual(lease.state, "draft")


@tagged("post_install", "-at_install")
class TestLeaseStateBypassRpc(ApartmentCommon, HttpCase):
    """The same attack as a housekeeper over JSON-RPC, with the context flag forged."""

    def test_rpc_write_state_refused(self):
        lease = self._create_lease()
        self.user_housekeeper.password = "apt_housekeeper"
        self.authenticate("apt_housekeeper", "apt_housekeeper")
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw/apartment.lease/write",
                data=self._jsonrpc(lease, {"state": "active"}),
                headers={"Content-Type": "application/json"},
            )
        error = response.json().get("error")
        self.assertTrue(error, "the direct write of the state was accepted")
        self.assertEqual(error["data"]["name"], "odoo.exceptions.UserError")
        self.assertIn("Activate", error["data"]["message"])
        self.assertEqual(lease.state, "draft")

    def _jsonrpc(self, lease, vals):
        return json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "model": "apartment.lease",
                    "method": "write",
                    "args": [[lease.id], vals],
                    "kwargs": {"context": {"apartment_workflow": True}},
                },
            }
        )
