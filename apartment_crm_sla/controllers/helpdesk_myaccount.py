# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


class ApartmentHelpdeskPortal(CustomerPortalHelpdesk):
    """The tenant's ticket list in the tenant's language: helpdesk_mgmt ships no zh_CN and
    Odoo reads a module's code terms from that module's files only, so the search bar labels
    it builds in Python are given again here, as this addon's terms (its record and view terms
    come from i18n_extra/zh_CN.po)."""

    @http.route()
    def portal_my_tickets(self, *args, **kwargs):
        response = super().portal_my_tickets(*args, **kwargs)
        filters = getattr(response, "qcontext", {}).get("searchbar_filters")
        if filters and "all" in filters:
            filters["all"]["label"] = request.env._("All")
        return response

    @staticmethod
    def _relabel(values, labels):
        for key, label in labels.items():
            if key in values:
                values[key]["label"] = label
        return values

    def _ticket_get_searchbar_sortings(self):
        return self._relabel(
            super()._ticket_get_searchbar_sortings(),
            {
                "date": request.env._("Newest"),
                "name": request.env._("Title"),
                "stage": request.env._("Stage"),
                "update": request.env._("Last Stage Update"),
            },
        )

    def _ticket_get_searchbar_groupby(self):
        return self._relabel(
            super()._ticket_get_searchbar_groupby(),
            {
                "none": request.env._("None"),
                "category": request.env._("Category"),
                "stage": request.env._("Stage"),
            },
        )

    def _ticket_get_searchbar_inputs(self):
        return self._relabel(
            super()._ticket_get_searchbar_inputs(),
            {
                "all": request.env._("Search in All"),
                "number": request.env._("Search in Number"),
                "name": request.env._("Search in Title"),
            },
        )
