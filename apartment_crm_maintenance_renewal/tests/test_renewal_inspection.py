# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from odoo.addons.apartment_crm.tests.common import ApartmentCommon
from odoo.addons.apartment_crm_renewal.tests.common import RenewalCommon


@tagged("post_install", "-at_install")
class TestDeclinePlansMoveOut(RenewalCommon):
    def _move_outs(self, lease=None):
        return self.env["apartment.inspection"].search(
            [("lease_id", "=", (lease or self.lease).id), ("kind", "=", "move_out")]
        )

    def _decline_as_housekeeper(self, renewal, day="2026-10-12"):
        with freeze_time(day):
            action = renewal.with_user(self.user_housekeeper).action_open_decline_wizard()
            self.env["apartment.lease.renewal.decline"].with_user(
                self.user_housekeeper
            ).with_context(**action["context"]).create(
                {"reason_id": self.reason_price.id}
            ).action_confirm()

    def test_decline_plans_the_move_out_inspection(self):
        lease = self._create_lease(
            unit_id=self.unit_b.id,
            partner_id=self.tenant_2.id,
            user_id=self.user_housekeeper.id,
        )
        lease.action_activate()
        move_in = lease.inspection_ids
        self.assertTrue(move_in.line_ids)
        move_in.line_ids.write({"condition": "ok", "reading": 10.0})
        move_in.action_done()
        renewal = self._own(self._open()).filtered(lambda r: r.lease_id == lease)
        self.assertFalse(self._move_outs(lease), "an offered renewal plans nothing")
        self._decline_as_housekeeper(renewal)
        move_out = self._move_outs(lease)
        self.assertEqual(len(move_out), 1)
        self.assertEqual(move_out.state, "draft")
        self.assertEqual(move_out.date, lease.date_end)
        self.assertEqual(move_out.user_id, self.user_housekeeper)
        self.assertEqual(move_out.move_in_id, move_in)
        self.assertEqual(move_out.line_ids.move_in_line_id, move_in.line_ids)
        self.assertEqual(lease.state, "active", "the lease runs until its end")

    def test_decline_reopen_decline_plans_once(self):
        renewal = self._open()
        self._decline_as_housekeeper(renewal)
        planned = self._move_outs()
        self.assertEqual(len(planned), 1)
        # The operator reopens the talks with a new renewal of the same lease; declined again.
        with freeze_time("2026-10-20"):
            again = self.Renewal._open_renewals(self.lease, date(2026, 10, 20))
        self.assertNotEqual(again, renewal)
        self._decline_as_housekeeper(again, day="2026-10-25")
        self.assertEqual(again.state, "declined")
        self.assertEqual(self._move_outs(), planned)
        # ...and the lease ending plans nothing more either.
        with freeze_time("2027-01-01"):
            self.lease.action_end()
        self.assertEqual(self._move_outs(), planned)

    def test_cancelled_or_expired_renewal_plans_nothing(self):
        renewal = self._open()
        renewal.action_cancel()
        self.assertFalse(self._move_outs())
        renewal.action_draft()
        with freeze_time("2026-10-03"):
            renewal.action_offer()
        self.Renewal._cron_remind_and_expire(date(2026, 12, 31))
        self.assertEqual(renewal.state, "expired")
        self.assertFalse(self._move_outs(), "only a decline starts the move-out early")


@tagged("post_install", "-at_install")
class TestPortalDeclinePlansMoveOut(ApartmentCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The server thread does not see freeze_time: a lease ending in 60 days from today.
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
        cls.portal_user = cls._create_portal_user(cls.tenant, "portal_mo_tenant")
        cls.portal_user.password = "portal_mo_tenant"

    def test_tenant_declines_on_the_portal(self):
        self.authenticate("portal_mo_tenant", "portal_mo_tenant")
        page = self.url_open(f"/my/renewals/{self.renewal.id}")
        marker = 'name="csrf_token" value="'
        start = page.text.index(marker) + len(marker)
        csrf = page.text[start : page.text.index('"', start)]
        reason = self.env.ref("apartment_crm_renewal.renewal_decline_reason_price")
        # The confirmed answer (the second post, from the portal's confirm step).
        data = {"reason_id": reason.id, "csrf_token": csrf, "confirmed": "1"}
        for __ in range(2):  # a double submit plans one inspection
            response = self.url_open(
                f"/my/renewals/{self.renewal.id}/decline", data=data, allow_redirects=False
            )
            self.assertEqual(response.status_code, 303)
        self.renewal.invalidate_recordset()
        self.assertEqual(self.renewal.state, "declined")
        move_out = self.lease.inspection_ids.filtered(lambda i: i.kind == "move_out")
        self.assertEqual(len(move_out), 1)
        self.assertEqual(move_out.date, self.lease.date_end)
        # The tenant does not see a planned (not done) inspection on the portal yet.
        response = self.url_open("/my/inspections")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(f"/my/inspections/{move_out.id}", response.text)
