# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestTicketCloseGuard(SlaCommon, HttpCase):
    """OCA helpdesk_mgmt's /ticket/close closes only the portal user's own tickets
    (issue 13, item 8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_tenant = cls._create_portal_user(cls.tenant, "close_tenant")
        cls.portal_other = cls._create_portal_user(cls.tenant_2, "close_other")
        cls.ticket = cls._create_ticket(when=at(0, 10))
        cls.other_ticket = cls._create_ticket(when=at(0, 10), partner_id=cls.tenant_2.id)

    def _close(self, ticket_id, stage_id=None):
        with mute_logger("odoo.http"):
            return self.url_open(
                f"/ticket/close?ticket_id={ticket_id}&stage_id={stage_id or self.stage_done.id}",
                allow_redirects=False,
            )

    def test_tenant_cannot_close_another_tenants_ticket(self):
        self.authenticate("close_tenant", "close_tenant")
        response = self._close(self.other_ticket.id)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.other_ticket.stage_id.closed)
        self.assertFalse(self.other_ticket.resolved_date)
        self.assertFalse(self.other_ticket.rating_token, "no rating link issued")
        # Garbage and out-of-range ids are refused the same way, not a server error.
        for bad in ("abc", "2147483648", "-1"):
            self.assertEqual(self._close(bad).status_code, 403)

    def test_tenant_closes_own_ticket(self):
        self.authenticate("close_tenant", "close_tenant")
        response = self._close(self.ticket.id)
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(self.ticket.stage_id.closed)
        self.assertTrue(self.ticket.resolved_date)
