# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Portal isolation, data-driven: tenant A requests every route of the suite with tenant B's
ids and tokens and must not see (or change) B's data.

The routes are read from the routing map of ``ir.http``: every rule whose handler is defined
in an ``apartment_crm*`` addon, plus ``EXTRA_ROUTES`` (routes of other addons that show the
suite's data). A new route is covered automatically; a route with a URL argument this module
does not know fails with a message: add the argument to ``ROUTE_ARGUMENTS`` (a function of the
test and the tenant, "a" or "b", giving the value of that tenant's record).
"""

import logging
import re

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .trust_common import SUITE_PREFIX, TrustCommon

_logger = logging.getLogger(__name__)

# /my and /my/home: Odoo's portal home, where each capability adds its card of the tenant's data.
EXTRA_ROUTES = ("/my/ticket/<int:ticket_id>", "/my/tickets", "/my", "/my/home")


def _by_tenant(attribute):
    return lambda test, who: test._for(who, attribute)


# {URL argument: function(test, "a" or "b") -> value}
ROUTE_ARGUMENTS = {
    "lease_id": _by_tenant("lease"),
    "renewal_id": _by_tenant("renewal"),
    "registration_id": _by_tenant("registration"),
    "ticket_id": _by_tenant("ticket"),
    "inspection_id": _by_tenant("inspection"),
    "invitation_id": _by_tenant("invitation"),
    "recipient_id": _by_tenant("notice_recipient"),
    "token": lambda test, who: test._for(who, "ticket_record").sudo().rating_token,
    "event_id": lambda test, who: test.event.id,
    "group_id": lambda test, who: test.interest_group.id,
    "page": lambda test, who: 1,
    "action": lambda test, who: "join",
}


def suite_routes(env):
    """[(rule, endpoint)] of the suite's routes, sorted by URL."""
    routes = []
    for rule in env["ir.http"].routing_map().iter_rules():
        endpoint = rule.endpoint
        function = getattr(endpoint, "original_endpoint", endpoint)
        module = getattr(function, "__module__", "") or ""
        if module.startswith(f"odoo.addons.{SUITE_PREFIX}") or rule.rule in EXTRA_ROUTES:
            routes.append((rule, endpoint))
    return sorted(routes, key=lambda route: route[0].rule)


def route_params(test, rule, who):
    params = {}
    for argument in rule.arguments:
        test.assertIn(
            argument,
            ROUTE_ARGUMENTS,
            f"route {rule.rule} has the argument {argument!r}, unknown to the portal-isolation "
            "suite: add it to ROUTE_ARGUMENTS in "
            "apartment_crm_suite/tests/test_trust_portal_isolation.py",
        )
        params[argument] = ROUTE_ARGUMENTS[argument](test, who)
    return params


@tagged("post_install", "-at_install")
class TestTrustPortalIsolation(TrustCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # What a page must not show to tenant A.
        cls.b_markers = [
            cls.tenant_2.name,
            cls.lease_b.name,
            cls.renewal_b.display_name,
            cls.ticket_b.name,
            cls.entry_b.description,
            # the inspection page names its unit (tenant B's unit, which A does not rent)
            cls._inspection_heading(cls.inspection_b),
        ]

    @staticmethod
    def _inspection_heading(inspection):
        return f"{inspection.property_id.name} {inspection.unit_id.name}"

    def _snapshot(self):
        return {
            "registration": self.registration_b.sudo().state,
            "renewal": self.renewal_b.sudo().state,
            "ticket": (self.ticket_b.sudo().stage_id, self.ticket_b.sudo().rating_value),
            "points": self.tenant_2.sudo().loyalty_balance,
        }

    def test_tenant_a_with_tenant_b_ids(self):
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open("/my/points").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        # The control: A's own lease page shows A's data (so a leak would be seen).
        own = self.url_open(f"/my/leases/{self.lease_a.id}").text
        self.assertIn(self.lease_a.name, own)
        own = self.url_open(f"/my/inspections/{self.inspection_a.id}").text
        self.assertIn(self._inspection_heading(self.inspection_a), own)
        before = self._snapshot()
        count, failures = 0, []
        for rule, _endpoint in suite_routes(self.env):
            params = route_params(self, rule, "b")
            url = rule.build(params, append_unknown=False)[1] if rule.arguments else rule.rule
            post = rule.methods and "GET" not in rule.methods
            queries = [""]
            if "token" not in rule.arguments:
                # B's id with no token, and with A's token of the same kind of record.
                queries.append(f"?access_token={self._token_a(rule)}")
            for query in queries:
                count += 1
                with mute_logger("odoo.http"):
                    if post:
                        response = self.url_open(
                            url + query, data={"csrf_token": csrf}, allow_redirects=True
                        )
                    else:
                        response = self.url_open(url + query, allow_redirects=True)
                leaked = [marker for marker in self.b_markers if marker in response.text]
                if response.status_code >= 500 or leaked:
                    failures.append(f"{url}{query}: {response.status_code}, shows B's {leaked}")
        _logger.info("portal isolation: %s cases, %s failed", count, len(failures))
        self.assertFalse(failures, "\n".join(failures))
        self.assertEqual(self._snapshot(), before, "tenant A's requests changed B's records")

    def _token_a(self, rule):
        if "renewal" in rule.rule:
            return self.renewal_a.sudo()._portal_ensure_token()
        return self.lease_a.sudo()._portal_ensure_token()
