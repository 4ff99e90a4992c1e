# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaPortalChinese(SlaCommon, HttpCase):
    """A Chinese tenant's ticket pages (helpdesk_mgmt's, which ships no zh_CN) read in
    Chinese: the rendered pages, not only the .po file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"].search(
            [("name", "in", ("helpdesk_mgmt", "apartment_crm_sla"))]
        )._update_translations(["zh_CN"], overwrite=True)
        cls.tenant.lang = "zh_CN"
        cls.portal_tenant = cls._create_portal_user(cls.tenant, "sla_tenant_zh")
        cls.portal_tenant.write({"lang": "zh_CN", "password": "sla_tenant_zh"})
        cls.ticket = cls._create_ticket(when=at(0, 10))

    def _page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def test_ticket_pages_in_chinese(self):
        self.authenticate("sla_tenant_zh", "sla_tenant_zh")
        new = self._page("/new/ticket")
        self.assertIn("提交新工单", new)
        self.assertIn("提交工单", new)
        for english in ("Send a new ticket", "Submit Ticket", "Add Attachments"):
            self.assertNotIn(english, new)
        tickets = self._page("/my/tickets")
        self.assertIn(self.ticket.number, tickets)
        self.assertIn("最新", tickets, "the sort labels of the search bar")
        self.assertIn("按标题搜索", tickets, "the search labels")
        self.assertIn("全部", tickets, "the filter of every ticket")
        for english in ("Newest", "Search in Title", "Last Stage Update", ">All<"):
            self.assertNotIn(english, tickets)
        ticket = self._page(f"/my/ticket/{self.ticket.id}")
        self.assertIn("创建日期", ticket)
        self.assertIn("新建", ticket, "the stage name")
        for english in ("Create Date:", "Communication history"):
            self.assertNotIn(english, ticket)
