# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.apartment_crm.controllers.portal import ApartmentPortal


class InspectionPortal(ApartmentPortal):
    """The tenant's unit inspections: the checklist (and at move-out the comparison with
    move-in and the deductions) before the deposit is settled, and their confirmation."""

    def _prepare_lease_portal_values(self, lease_sudo):
        values = super()._prepare_lease_portal_values(lease_sudo)
        values["inspections"] = lease_sudo.inspection_ids.filtered(
            lambda inspection: inspection.state != "draft"
        )
        return values

    def _get_my_inspections(self, domain=None):
        """The tenant's done and confirmed inspections, searched as the portal user (the
        record rule keeps them to their own)."""
        return request.env["apartment.inspection"].search(
            [("state", "in", ("done", "confirmed")), *(domain or [])], order="date desc, id desc"
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "inspection_to_confirm_count" in counters:
            values["inspection_to_confirm_count"] = (
                len(self._get_my_inspections([("state", "=", "done")]))
                if request.env["apartment.inspection"].has_access("read")
                else 0
            )
        return values

    @http.route(["/my/inspections"], type="http", auth="user", website=True)
    def portal_my_inspections(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(page_name="inspections", inspections=self._get_my_inspections().sudo())
        return request.render("apartment_crm_maintenance.portal_my_inspections", values)

    def _prepare_tenant_home_values(self, partner, lease_sudo):
        """The home's inspections card: the inspections waiting for the tenant's confirmation."""
        values = super()._prepare_tenant_home_values(partner, lease_sudo)
        Inspection = request.env["apartment.inspection"]
        values["home_inspections"] = (
            Inspection.search(
                [
                    ("partner_id", "in", partner._get_commercial_family_query()),
                    ("state", "=", "done"),
                ],
                limit=3,
            ).sudo()
            if Inspection.has_access("read")
            else Inspection
        )
        return values

    def _get_inspection(self, inspection_id, access_token=None):
        """The inspection as sudo, once the user may read it; a 404 otherwise (a foreign or
        unknown id look the same)."""
        try:
            return self._document_check_access("apartment.inspection", inspection_id, access_token)
        except (AccessError, MissingError) as error:
            raise NotFound() from error

    @http.route(["/my/inspections/<int:inspection_id>"], type="http", auth="user", website=True)
    def portal_my_inspection(self, inspection_id, access_token=None, message=None, error=None):
        inspection_sudo = self._get_inspection(inspection_id, access_token)
        if inspection_sudo.state == "draft":
            raise NotFound()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "inspection": inspection_sudo,
                "page_name": "inspection",
                "message": message and request.env._("Thank you, your confirmation is saved."),
                "error": self._portal_pop_error(error),
            }
        )
        return request.render("apartment_crm_maintenance.portal_my_inspection", values)

    @http.route(
        ["/my/inspections/<int:inspection_id>/confirm"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_confirm_inspection(self, inspection_id, access_token=None, **post):
        inspection_sudo = self._get_inspection(inspection_id, access_token)
        url = f"/my/inspections/{inspection_sudo.id}"

        def redirect(message=None, error=None):
            if error:
                return request.redirect(f"{url}?error={self._portal_error_ref(error)}")
            return request.redirect(f"{url}?message=1")

        return self._portal_run(
            inspection_sudo._portal_confirm, redirect, "1", errors=(UserError,), rollback=True
        )
