# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo import http
from odoo.tests import HttpCase, tagged

from .common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaClosedLoop(SlaCommon):
    def test_close_schedules_followup_and_rating_link(self):
        self.company.sla_followup_delay_days = 2
        ticket = self._create_ticket(when=at(0, 10))
        with freeze_time(at(0, 15)):
            ticket.stage_id = self.stage_done
        followup = ticket.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("apartment_crm_sla.mail_activity_type_sla_followup")
        )
        self.assertEqual(followup.user_id, self.user_housekeeper)
        self.assertEqual(followup.date_deadline, date(2026, 3, 4))
        self.assertTrue(ticket.rating_token)
        self.assertIn(ticket._sla_get_rating_url(), str(ticket.message_ids[0].body))

    def test_staff_low_rating_flags_for_manager(self):
        ticket = self._create_ticket(when=at(0, 10))
        self._set_stage(ticket, self.stage_done, at(0, 15))
        with freeze_time(at(1, 9)):
            ticket.write({"rating_value": "2", "rating_comment": "Still dripping"})
        self.assertTrue(ticket.sla_flagged)
        self.assertEqual(ticket.rating_date, at(1, 9))
        todo = ticket.activity_ids.filtered(lambda a: "Low satisfaction" in a.summary)
        self.assertEqual(todo.user_id, self.user_manager)
        self.assertTrue(ticket.resolved_date, "flagging does not reopen")

    def test_low_rating_reopens_when_configured(self):
        self.company.sla_low_rating_action = "reopen"
        ticket = self._create_ticket(when=at(0, 10))
        self._set_stage(ticket, self.stage_done, at(0, 15))
        with freeze_time(at(1, 9)):
            ticket._sla_rate(1, "Not fixed at all")
        self.assertFalse(ticket.resolved_date)
        self.assertEqual(ticket.reopen_count, 1)
        self.assertFalse(ticket.stage_id.closed)
        self.assertFalse(ticket.sla_flagged)

    def test_good_rating_changes_nothing(self):
        ticket = self._create_ticket(when=at(0, 10))
        self._set_stage(ticket, self.stage_done, at(0, 15))
        ticket._sla_rate(5)
        self.assertEqual(ticket.rating_value, "5")
        self.assertFalse(ticket.sla_flagged)
        self.assertFalse(ticket.rating_token, "the token is single use")


@tagged("post_install", "-at_install")
class TestSlaRatingHttp(SlaCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_tenant = cls._create_portal_user(cls.tenant, "sla_tenant")
        cls.portal_other = cls._create_portal_user(cls.tenant_2, "sla_other")
        cls.ticket = cls._create_ticket(when=at(0, 10))
        cls.ticket.stage_id = cls.stage_done
        cls.other_ticket = cls._create_ticket(partner_id=cls.tenant_2.id)
        cls.other_ticket.stage_id = cls.stage_done

    def _rate_url(self, ticket, token=None):
        return f"/helpdesk/rate/{ticket.id}/{token or ticket.rating_token}"

    def test_token_link_rates_once(self):
        response = self.url_open(self._rate_url(self.ticket))
        self.assertEqual(response.status_code, 200)
        self.assertIn("How satisfied", response.text)
        response = self.url_open(
            self._rate_url(self.ticket), data={"rating": "4", "comment": "Quick fix, thanks"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you", response.text)
        self.assertEqual(self.ticket.rating_value, "4")
        self.assertEqual(self.ticket.rating_comment, "Quick fix, thanks")
        self.assertFalse(self.ticket.rating_token)

    def test_token_cannot_be_reused(self):
        url = self._rate_url(self.ticket)
        self.assertEqual(self.url_open(url, data={"rating": "5"}).status_code, 200)
        self.assertEqual(self.url_open(url, data={"rating": "1"}).status_code, 404)
        self.assertEqual(self.ticket.rating_value, "5")

    def test_invalid_token_or_ticket(self):
        self.assertEqual(self.url_open(self._rate_url(self.ticket, "forged")).status_code, 404)
        # Another ticket's token does not open this ticket.
        url = f"/helpdesk/rate/{self.ticket.id}/{self.other_ticket.rating_token}"
        self.assertEqual(self.url_open(url, data={"rating": "1"}).status_code, 404)
        self.assertFalse(self.ticket.rating_value)

    def test_invalid_rating_value(self):
        response = self.url_open(self._rate_url(self.ticket), data={"rating": "9"})
        self.assertIn("choose a rating", response.text)
        self.assertFalse(self.ticket.rating_value)

    def test_signed_in_tenant_cannot_use_another_tenants_link(self):
        self.authenticate("sla_other", "sla_other")
        response = self.url_open(self._rate_url(self.ticket), data={"rating": "1"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.ticket.rating_value)

    def test_portal_bad_rating_value_gets_a_message(self):
        """0, 6 or "abc" from a crafted form: a clear message on the page, not a bare 403."""
        self.authenticate("sla_tenant", "sla_tenant")
        for value in ("0", "6", "abc"):
            response = self.url_open(
                f"/my/ticket/{self.ticket.id}/rate",
                data={"rating": value, "csrf_token": http.Request.csrf_token(self)},
            )
            self.assertEqual(response.status_code, 200, value)
            self.assertIn("Choose a rating from 1 (very unhappy) to 5", response.text)
        self.assertFalse(self.ticket.rating_value)

    def test_portal_rating_own_ticket_only(self):
        self.authenticate("sla_other", "sla_other")
        response = self.url_open(
            f"/my/ticket/{self.ticket.id}/rate",
            data={"rating": "1", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.ticket.rating_value)
        self.authenticate("sla_tenant", "sla_tenant")
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertIn("How satisfied are you with the service?", page.text)
        self.assertTrue(self.ticket.sla_policy_id)
        self.assertIn("o_sla_portal_status", page.text, "the tenant sees the service level")
        response = self.url_open(
            f"/my/ticket/{self.ticket.id}/rate",
            data={"rating": "5", "comment": "Great", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.ticket.rating_value, "5")
        self.assertFalse(self.ticket.rating_token)
        # Once rated, the portal form is gone and a second rating is refused.
        response = self.url_open(
            f"/my/ticket/{self.ticket.id}/rate",
            data={"rating": "1", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.ticket.rating_value, "5")


@tagged("post_install", "-at_install")
class TestSlaBackendUi(SlaCommon, HttpCase):
    def test_ticket_form_shows_sla_box(self):
        """The ticket form with its SLA box loads in the web client (headless browser)."""
        ticket = self._create_ticket(name="Leaking radiator")
        self.browser_js(
            f"/odoo/action-apartment_crm_sla.helpdesk_ticket_action_sla/{ticket.id}",
            code="""
                const text = document.querySelector('.o_form_view').textContent;
                if (text.includes('Service Level') && text.includes('On Track')) {
                    console.log('test successful');
                } else {
                    console.error('SLA box missing: ' + text.slice(0, 300));
                }
            """,
            ready="!!document.querySelector('.o_form_view .o_field_widget[name=sla_state]')",
            login="apt_manager",
        )

    def test_compliance_report_loads(self):
        self.browser_js(
            "/odoo/action-apartment_crm_sla.apartment_sla_report_action",
            code="console.log('test successful');",
            ready="!!document.querySelector('.o_pivot')",
            login="apt_manager",
        )
