# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import HttpCase, tagged

from odoo.addons.apartment_crm.tests.common import ApartmentCommon


@tagged("post_install", "-at_install")
class TestRenewalPortal(ApartmentCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Leases of the HTTP tests are relative to the real today (the server thread does not
        # see freeze_time): ends in 60 days.
        today = date.today()
        cls.lease = cls._create_lease(
            date_start=date(today.year - 1, today.month, 1),
            date_end=date.fromordinal(today.toordinal() + 60),
            user_id=cls.user_housekeeper.id,
        )
        cls.lease.action_activate()
        cls.renewal = (
            cls.env["apartment.lease.renewal"]
            ._cron_open_renewals()
            .filtered(lambda r: r.lease_id == cls.lease)
        )
        cls.option = cls.renewal.option_ids.filtered(lambda o: o.term_months == 12)[:1]
        cls.portal_user = cls._create_portal_user(cls.tenant, "portal_renewal_tenant")
        cls.portal_user.password = "portal_renewal_tenant"
        cls.other_user = cls._create_portal_user(cls.tenant_2, "portal_renewal_other")
        cls.other_user.password = "portal_renewal_other"

    def _post(self, path, data, confirmed=True):
        """The tenant's confirmed answer (the second post, from the confirm step's form)."""
        data = dict(data, csrf_token=self._csrf())
        if confirmed:
            data["confirmed"] = "1"
        return self.url_open(path, data=data, allow_redirects=False)

    def test_accept_and_decline_ask_for_confirmation(self):
        """Accept and Decline first show a confirm step (no JavaScript needed) that posts the
        same answer again with confirmed=1; until then the offer is unchanged."""
        self.authenticate("portal_renewal_tenant", "portal_renewal_tenant")
        response = self._post(
            f"/my/renewals/{self.renewal.id}/accept", {"option_id": self.option.id}, False
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("apartment_portal_confirm", response.text)
        self.assertIn(f'name="option_id" value="{self.option.id}"', response.text)
        self.assertIn('name="confirmed" value="1"', response.text)
        self.assertIn(f'action="/my/renewals/{self.renewal.id}/accept"', response.text)
        reason = self.env.ref("apartment_crm_renewal.renewal_decline_reason_moving_city")
        response = self._post(
            f"/my/renewals/{self.renewal.id}/decline",
            {"reason_id": reason.id, "note": "<b>bye</b>"},
            False,
        )
        self.assertIn("apartment_portal_confirm", response.text)
        self.assertIn(f'name="reason_id" value="{reason.id}"', response.text)
        self.assertNotIn("<b>bye</b>", response.text, "the note is escaped")
        self.renewal.invalidate_recordset()
        self.assertEqual(self.renewal.state, "offered")
        # The home shows the open offer.
        home = self.url_open("/my").text
        self.assertIn('id="apartment_home_renewal"', home)
        self.assertIn(self.renewal.get_portal_url(), home)

    def _csrf(self):
        # A portal page carries the CSRF token of the current session (anonymous ones too).
        response = self.url_open(
            f"/my/renewals/{self.renewal.id}?access_token={self.renewal.access_token}"
        )
        return self._csrf_from(response.text)

    def test_tenant_sees_and_accepts(self):
        self.assertEqual(self.renewal.state, "offered")
        self.authenticate("portal_renewal_tenant", "portal_renewal_tenant")
        response = self.url_open(f"/my/renewals/{self.renewal.id}")
        self.assertEqual(response.status_code, 200)
        for option in self.renewal.option_ids:
            self.assertIn(f'data-option-id="{option.id}"', response.text)
        self.assertIn("Decline the offer", response.text)
        # The lease page and the list show the offer.
        response = self.url_open(f"/my/leases/{self.lease.id}")
        self.assertIn(f"/my/renewals/{self.renewal.id}", response.text)
        response = self.url_open("/my/renewals")
        self.assertIn(self.lease.name, response.text)
        response = self._post(
            f"/my/renewals/{self.renewal.id}/accept", {"option_id": self.option.id}
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("message=accepted", response.headers["Location"])
        self.renewal.invalidate_recordset()
        self.assertEqual(self.renewal.state, "accepted")
        self.assertEqual(self.renewal.accepted_option_id, self.option)
        successor = self.renewal.successor_lease_id
        self.assertEqual(
            successor.date_start, date.fromordinal(self.lease.date_end.toordinal() + 1)
        )
        # Accepting again: a clear error shown on the page, nothing changes.
        response = self._post(
            f"/my/renewals/{self.renewal.id}/accept", {"option_id": self.option.id}
        )
        self.assertIn("error=", response.headers["Location"])
        self.assertEqual(
            self.env["apartment.lease"].search_count(
                [("predecessor_lease_id", "=", self.lease.id)]
            ),
            1,
        )

    def test_double_submit_accept_friendly_message(self):
        """The second of two accepts (a double click, or the replay of the loser of two
        concurrent accepts) is redirected with a friendly message, never an HTTP 400."""
        self.authenticate("portal_renewal_tenant", "portal_renewal_tenant")
        other_option = self.renewal.option_ids.filtered(lambda o: o != self.option)[:1]
        first = self._post(f"/my/renewals/{self.renewal.id}/accept", {"option_id": self.option.id})
        self.assertEqual(first.status_code, 303)
        for option in (self.option, other_option):
            second = self._post(f"/my/renewals/{self.renewal.id}/accept", {"option_id": option.id})
            self.assertEqual(second.status_code, 303)
            page = self.url_open(second.headers["Location"])
            self.assertEqual(page.status_code, 200)
            self.assertIn("This offer was already answered (Accepted)", page.text)
        # Declining an accepted offer is answered the same way.
        reason = self.env.ref("apartment_crm_renewal.renewal_decline_reason_moving_city")
        response = self._post(f"/my/renewals/{self.renewal.id}/decline", {"reason_id": reason.id})
        self.assertEqual(response.status_code, 303)
        page = self.url_open(response.headers["Location"])
        self.assertIn("This offer was already answered (Accepted)", page.text)
        self.renewal.invalidate_recordset()
        self.assertEqual(self.renewal.state, "accepted")
        self.assertEqual(self.renewal.accepted_option_id, self.option)
        self.assertEqual(
            self.env["apartment.lease"].search_count(
                [("predecessor_lease_id", "=", self.lease.id)]
            ),
            1,
        )

    def test_url_error_text_not_echoed(self):
        """A crafted link's ?error= text is not shown: only the suite's own messages are."""
        self.authenticate("portal_renewal_tenant", "portal_renewal_tenant")
        bait = "Your account is locked: call 400-000-0000"
        response = self.url_open(f"/my/renewals/{self.renewal.id}?error={bait}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("400-000-0000", response.text)
        # The page still shows the error of the tenant's own form post.
        response = self._post(f"/my/renewals/{self.renewal.id}/accept", {"option_id": "0"})
        self.assertIn("error=1", response.headers["Location"])
        page = self.url_open(response.headers["Location"])
        self.assertIn("Choose one of the options.", page.text)
        # Shown once: reloading the page (or a stale link) shows it no more.
        page = self.url_open(response.headers["Location"])
        self.assertNotIn("Choose one of the options.", page.text)

    def test_accept_requires_csrf(self):
        self.authenticate("portal_renewal_tenant", "portal_renewal_tenant")
        with self.assertLogs("odoo.http", "WARNING"):
            response = self.url_open(
                f"/my/renewals/{self.renewal.id}/accept",
                data={"option_id": self.option.id},
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 400)
        self.renewal.invalidate_recordset()
        self.assertEqual(self.renewal.state, "offered")

    def test_other_tenant_denied(self):
        self.authenticate("portal_renewal_other", "portal_renewal_other")
        response = self.url_open(f"/my/renewals/{self.renewal.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        # Nor can they accept it (a valid CSRF token of their own session, no access token).
        response = self.url_open("/my/renewals")
        self.assertNotIn(self.lease.name, response.text)
        response = self.url_open("/my/leases")
        csrf = self._csrf_from(response.text)
        response = self.url_open(
            f"/my/renewals/{self.renewal.id}/accept",
            data={"option_id": self.option.id, "csrf_token": csrf},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self.renewal.invalidate_recordset()
        self.assertEqual(self.renewal.state, "offered")

    def _csrf_from(self, html):
        marker = 'csrf_token: "'
        if marker in html:
            start = html.index(marker) + len(marker)
            return html[start : html.index('"', start)]
        marker = 'name="csrf_token" value="'
        start = html.index(marker) + len(marker)
        return html[start : html.index('"', start)]

    def test_access_token_anonymous(self):
        # Without a session, the token from the offer email opens and answers the offer.
        response = self.url_open(f"/my/renewals/{self.renewal.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        response = self.url_open(
            f"/my/renewals/{self.renewal.id}?access_token=wrong", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        reason = self.env.ref("apartment_crm_renewal.renewal_decline_reason_moving_city")
        response = self._post(
            f"/my/renewals/{self.renewal.id}/decline",
            {
                "reason_id": reason.id,
                "note": "Moving to Shenzhen",
                "access_token": self.renewal.access_token,
            },
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("message=declined", response.headers["Location"])
        self.renewal.invalidate_recordset()
        self.assertEqual(self.renewal.state, "declined")
        self.assertEqual(self.renewal.decline_reason_id, reason)
        self.assertEqual(self.renewal.decline_note, "Moving to Shenzhen")
        self.assertTrue(self.renewal.returning_perk_id)

    def test_home_counter(self):
        self.authenticate("portal_renewal_tenant", "portal_renewal_tenant")
        response = self.url_open(
            "/my/counters",
            data='{"jsonrpc": "2.0", "method": "call", "params": {"counters": ["renewal_count"]}}',
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["result"]["renewal_count"], 1)
