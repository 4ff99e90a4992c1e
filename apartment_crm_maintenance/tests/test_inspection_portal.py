# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import re

from odoo import http
from odoo.tests import HttpCase, tagged

from .test_inspection import InspectionCommon


@tagged("post_install", "-at_install")
class TestInspectionPortal(InspectionCommon, HttpCase):
    def _csrf(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def test_tenant_sees_comparison_and_confirms(self):
        self._move_in_done()
        self.lease.action_end()
        move_out = self.lease.inspection_ids.filtered(lambda i: i.kind == "move_out")
        self._fill(move_out, {"Walls": "damaged"}, {"Power meter": 1100.0})
        url = f"/my/inspections/{move_out.id}"
        self.authenticate("apt_portal_tenant", "apt_portal_tenant")
        # planned: not shown yet
        self.assertEqual(self.url_open(url).status_code, 404)
        move_out.action_done()
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Walls", response.text)
        self.assertIn("300", response.text)  # the deduction, before the settlement
        self.assertIn('id="inspection_confirm"', response.text)
        lease_page = self.url_open(f"/my/leases/{self.lease.id}")
        self.assertIn(url, lease_page.text)
        response = self.url_open(f"{url}/confirm", data={"csrf_token": self._csrf(response.text)})
        self.assertEqual(response.status_code, 200)
        move_out.invalidate_recordset()
        self.assertEqual(move_out.state, "confirmed")
        self.assertEqual(move_out.confirmed_by, "portal")
        # the photo of the move-in walls is served to the tenant
        walls = move_out.move_in_id.line_ids.filtered(lambda line: line.name == "Walls")
        photo = self.url_open(f"/web/image/apartment.inspection.line/{walls.id}/photo")
        self.assertEqual(photo.status_code, 200)
        self.assertTrue(photo.headers["Content-Type"].startswith("image/"))

    def test_other_tenant_gets_404(self):
        move_in = self._move_in_done()
        walls = move_in.line_ids.filtered(lambda line: line.name == "Walls")
        self.authenticate("apt_portal_other", "apt_portal_other")
        url = f"/my/inspections/{move_in.id}"
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(self.url_open("/my/inspections/999999").status_code, 404)
        response = self.url_open(
            f"{url}/confirm", data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(response.status_code, 404)
        move_in.invalidate_recordset()
        self.assertEqual(move_in.state, "done")
        photo = self.url_open(f"/web/image/apartment.inspection.line/{walls.id}/photo")
        # Odoo answers with its placeholder image, never the tenant's photo
        self.assertNotEqual(photo.content, base64.b64decode(walls.photo))

    def test_my_inspections_lists_own_done_ones(self):
        move_in = self._move_in_done()
        self.lease.action_end()
        move_out = self.lease.inspection_ids.filtered(lambda i: i.kind == "move_out")
        # Tenant B's done inspection, listed to B only.
        other_lease = self._create_lease(
            partner_id=self.tenant_2.id, unit_id=self.unit_c.id, user_id=self.user_housekeeper.id
        )
        other_lease.action_activate()
        other = other_lease.inspection_ids
        other.line_ids.write({"condition": "ok", "reading": 5.0})
        other.action_done()
        self.authenticate("apt_portal_tenant", "apt_portal_tenant")
        page = self.url_open("/my/inspections")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'href="/my/inspections/{move_in.id}"', page.text)
        self.assertNotIn(f'href="/my/inspections/{move_out.id}"', page.text, "planned: hidden")
        self.assertNotIn(f'href="/my/inspections/{other.id}"', page.text)
        # The portal home counts the inspections waiting for the tenant's confirmation.
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["inspection_to_confirm_count"]}
        )
        self.assertEqual(counters["inspection_to_confirm_count"], 1)
        self.authenticate("apt_portal_other", "apt_portal_other")
        page = self.url_open("/my/inspections")
        self.assertIn(f'href="/my/inspections/{other.id}"', page.text)
        self.assertNotIn(f'href="/my/inspections/{move_in.id}"', page.text)
