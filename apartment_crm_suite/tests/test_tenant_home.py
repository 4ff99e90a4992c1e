# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The tenant home at /my: every capability's card with the tenant's own data only, in the
tenant's language, and Odoo's generic home for a portal user who rents nothing."""

import re

from odoo import sql_db
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .trust_common import TrustCommon

CARDS = (
    "apartment_home_rent",
    "apartment_home_points",
    "apartment_home_tickets",
    "apartment_home_events",
    "apartment_home_renewal",
    "apartment_home_housekeeper",
    "apartment_home_notices",
    "apartment_home_surveys",
    "apartment_home_inspections",
)

# Queries of one warm /my request of tenant A in this test (savepoints of the test cursor
# included: 57 here, 45 outside tests; 59 outside tests with the child_of rules).
HOME_QUERIES = 60


def card(page, card_id):
    return page.split(f'id="{card_id}"', 1)[1].split("</section>", 1)[0]


@tagged("post_install", "-at_install")
class TestTenantHome(TrustCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_housekeeper.partner_id.write(
            {"phone": "+86 21 5555 0199", "email": "hank@example.com"}
        )
        cls.event.portal_published = True

    def _home(self, login):
        self.authenticate(login, login)
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_home_query_count(self):
        """The home with all its cards costs a fixed number of queries. The suite's portal
        rules compare commercial partners (a subquery): with ``child_of`` each rule applied
        read the partner tree in a query of its own, 14 more queries for this page."""
        self._home(self.portal_a.login)  # warm: templates compiled, caches filled
        before = sql_db.sql_counter
        self.assertIn('id="apartment_home_rent"', self.url_open("/my").text)
        self.assertLessEqual(sql_db.sql_counter - before, HOME_QUERIES)

    def test_portal_rules_have_no_child_of(self):
        """No portal rule of the suite goes back to ``child_of`` (see the query count above)."""
        modules = self.env["ir.module.module"].search([("name", "=like", "apartment_crm%")])
        data = self.env["ir.model.data"].search(
            [("module", "in", modules.mapped("name")), ("model", "=", "ir.rule")]
        )
        rules = self.env["ir.rule"].browse(data.mapped("res_id"))
        portal = rules.filtered(lambda rule: self.env.ref("base.group_portal") in rule.groups)
        self.assertGreaterEqual(len(portal), 15)
        self.assertFalse([rule.name for rule in portal if "child_of" in rule.domain_force])

    def test_cards_show_the_tenants_own_data(self):
        page = self._home(self.portal_a.login)
        for card_id in CARDS:
            self.assertIn(f'id="{card_id}"', page, f"the {card_id} card is on the home")
        # The cards come in the order a tenant needs them on a phone.
        orders = [int(re.search(r"order: (\d+)", card(page, c)[:200]).group(1)) for c in CARDS]
        self.assertEqual(orders, sorted(orders))
        self.assertIn("o_apartment_tenant", page, "Odoo's entries as a compact list")
        self.assertIn(self.ticket_a.name, card(page, "apartment_home_tickets"))
        self.assertIn('href="/new/ticket"', card(page, "apartment_home_tickets"))
        self.assertIn(self.event.name, card(page, "apartment_home_events"))
        self.assertIn(
            f'action="/my/events/registration/{self.registration_a.id}/cancel"',
            card(page, "apartment_home_events"),
        )
        self.assertNotIn(f"/my/events/registration/{self.registration_b.id}/", page)
        self.assertIn(self.renewal_a.get_portal_url(), card(page, "apartment_home_renewal"))
        self.assertIn(self.notice.name, card(page, "apartment_home_notices"))
        self.assertIn(f"/my/surveys/{self.invitation_a.id}", card(page, "apartment_home_surveys"))
        self.assertIn(
            f"/my/inspections/{self.inspection_a.id}", card(page, "apartment_home_inspections")
        )
        points = card(page, "apartment_home_points")
        self.assertIn('id="apartment_home_points_balance">300<', points)
        housekeeper = card(page, "apartment_home_housekeeper")
        self.assertIn("Hank Housekeeper", housekeeper)
        self.assertIn('href="tel:+862155550199"', housekeeper)
        self.assertIn('href="mailto:hank@example.com"', housekeeper)
        # Nothing of tenant B (same building, same housekeeper, same event and notice).
        for marker in (
            self.tenant_2.name,
            self.lease_b.name,
            self.ticket_b.name,
            self.renewal_b.get_portal_url(),
            f"/my/surveys/{self.invitation_b.id}",
            f"/my/inspections/{self.inspection_b.id}",
            f"/my/notices/{self.notice_recipient_b.id}",
        ):
            self.assertNotIn(marker, page)
        # The company has no logo: its name, not Odoo's "Your logo" placeholder image.
        if self.env.company.uses_default_logo:
            self.assertNotIn("/logo.png?company=", page)
            self.assertIn(self.env.company.name, page)

    def test_portal_user_without_lease_gets_odoos_home(self):
        partner = self.env["res.partner"].create({"name": "Home Prospect"})
        mail_new_test_user(
            self.env, login="home_prospect", partner_id=partner.id, groups="base.group_portal"
        ).password = "home_prospect"
        page = self._home("home_prospect")
        self.assertNotIn("apartment_tenant_home", page)
        self.assertNotIn("o_apartment_tenant", page)

    def test_home_in_the_tenants_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        addons = ("apartment_crm", "apartment_crm_event", "apartment_crm_sla")
        self.env["ir.module.module"].search([("name", "in", addons)])._update_translations(
            filter_lang=["zh_CN"], overwrite=True
        )
        self.portal_a.lang = "zh_CN"
        page = self._home(self.portal_a.login)
        for text in ("您的管家", "即将举行的活动", "报修与服务", "全部工单"):
            self.assertIn(text, page)
        for english in ("Your housekeeper", "Upcoming events", "Repairs and requests"):
            self.assertNotIn(english, page)

    def test_lease_page_has_no_stray_invoice_breadcrumb(self):
        invoice = self.lease_a._generate_rent_invoices(self.lease_a.date_start)
        invoice.filtered(lambda move: move.state == "draft").action_post()
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open(f"/my/leases/{self.lease_a.id}").text
        self.assertIn(f'data-invoice-id="{invoice.id}"', page, "the lease lists its invoice")
        crumbs = page.split('class="o_portal_submenu', 1)[1].split("</ol>", 1)[0]
        self.assertIn(self.lease_a.name, crumbs)
        self.assertNotIn(invoice.name, crumbs)
