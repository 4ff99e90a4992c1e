# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import re
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import NOW, EventsCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestEventPortalRules(EventsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = cls._create_portal_user(cls.tenant, "zhang_portal")
        cls.reading = cls.env.ref("apartment_crm_event.interest_group_reading")

    def test_portal_sees_only_own_registrations(self):
        event = self._create_event(portal_published=True)
        mine = self._register(event, self.tenant)
        theirs = self._register(event, self.tenant_2)
        Registration = self.env(user=self.portal_user)["event.registration"]
        self.assertEqual(Registration.search([]), mine)
        with self.assertRaises(AccessError):
            Registration.browse(theirs.id).read(["name", "email"])
        with self.assertRaises(AccessError):
            Registration.browse(theirs.id).write({"state": "cancel"})
        self.assertEqual(theirs.state, "open")

    def test_portal_events_domain(self):
        def make(name, **vals):
            return self._create_event(name=name, portal_published=True, **vals)

        own = make("Own Building", tenant_only=True)
        everywhere = make("Every Building", property_ids=[(5, 0, 0)])
        other_tenants = make(
            "Garden Tenants", tenant_only=True, property_ids=[(6, 0, self.property_2.ids)]
        )
        other_open = make("Garden Open Day", property_ids=[(6, 0, self.property_2.ids)])
        group_event = make(
            "Garden Book Club",
            property_ids=[(6, 0, self.property_2.ids)],
            interest_group_id=self.reading.id,
        )
        draft = self._create_event(name="Draft")
        past = make(
            "Past", date_begin=datetime(2026, 2, 1, 1, 0), date_end=datetime(2026, 2, 1, 2, 0)
        )
        Event = self.env(user=self.portal_user)["event.event"]
        domain = Event._get_portal_events_domain(self.portal_user.partner_id)
        self.assertEqual(Event.search(domain), own | everywhere)
        self.reading.partner_ids = self.tenant
        domain = Event._get_portal_events_domain(self.portal_user.partner_id)
        self.assertEqual(Event.search(domain), own | everywhere | group_event)
        for hidden in (other_tenants, other_open, draft, past):
            self.assertNotIn(hidden, Event.search(domain))
        # The unpublished event is not readable at all.
        with self.assertRaises(AccessError):
            Event.browse(draft.id).read(["name"])

    def test_tier_events_only_for_their_tiers(self):
        """Customised events for core tenants, short-stay events for transient ones: a tenant
        of another tier (or of none) neither sees nor registers for them; empty = everyone."""
        core = self.env.ref("apartment_crm.tier_core")
        transient = self.env.ref("apartment_crm.tier_transient")
        core_event = self._create_event(
            name="Core Tea", portal_published=True, tier_ids=[(6, 0, core.ids)]
        )
        short_stay = self._create_event(
            name="Short-stay Walk", portal_published=True, tier_ids=[(6, 0, transient.ids)]
        )
        everyone = self._create_event(name="Open Day", portal_published=True)
        Event = self.env(user=self.portal_user)["event.event"]
        Registration = self.env(user=self.portal_user)["event.registration"]

        def visible():
            return Event.search(Event._get_portal_events_domain(self.portal_user.partner_id))

        self.tenant.tenant_tier_id = False
        self.assertEqual(visible() & (core_event | short_stay | everyone), everyone)
        self.tenant.tenant_tier_id = core
        self.assertEqual(visible() & (core_event | short_stay | everyone), core_event | everyone)
        # A direct RPC create for the other tier's event: refused, naming no tier.
        with self.assertRaisesRegex(ValidationError, "Short-stay Walk is reserved for other"):
            Registration.create({"event_id": short_stay.id, "partner_id": self.tenant.id})
        self.assertFalse(short_stay.registration_ids)
        mine = Registration.create({"event_id": core_event.id, "partner_id": self.tenant.id})
        self.assertEqual(mine.state, "open")
        # Moved to another tier: may still cancel, not register again.
        self.tenant.tenant_tier_id = transient
        mine.write({"state": "cancel"})
        with self.assertRaisesRegex(ValidationError, "Core Tea is reserved for other"):
            mine.write({"state": "open"})
        self.assertEqual(mine.state, "cancel")
        # The back office may still register any tenant (a housekeeper's exception).
        self._register(core_event, self.tenant_2)


@tagged("post_install", "-at_install")
class TestEventPortalHttp(HttpCase):
    """The portal pages and a JSON-RPC call, as a real portal tenant over HTTP."""

    # Long on purpose: the shared test data, one record after the other.
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.building, cls.building_2 = cls.env["apartment.property"].create(
            [{"name": "Http Riverside", "code": "H-RIV"}, {"name": "Http Garden", "code": "H-GDN"}]
        )
        unit, unit_2 = cls.env["apartment.unit"].create(
            [
                {"name": "H101", "property_id": cls.building.id, "list_rent": 4000},
                {"name": "H201", "property_id": cls.building_2.id, "list_rent": 5000},
            ]
        )
        cls.tenant, cls.tenant_2 = cls.env["res.partner"].create(
            [
                {"name": "Portal Zhang 张", "email": "pz@example.com"},
                {"name": "Portal Emma", "email": "pe@example.com"},
            ]
        )
        leases = cls.env["apartment.lease"].create(
            [
                {
                    "partner_id": partner.id,
                    "unit_id": u.id,
                    "date_start": date(2020, 1, 1),
                    "date_end": today + timedelta(days=365),
                    "rent_amount": 4000,
                }
                for partner, u in ((cls.tenant, unit), (cls.tenant_2, unit_2))
            ]
        )
        leases.action_activate()
        cls.portal_user = cls.env["res.users"].create(
            {
                "login": "zhang_http",
                "password": "zhang_http_pw",
                "partner_id": cls.tenant.id,
                "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])],
            }
        )
        begin = datetime.combine(today + timedelta(days=20), datetime.min.time()) + timedelta(
            hours=10
        )
        cls.event, cls.event_2 = cls.env["event.event"].create(
            [
                {
                    "name": name,
                    "date_begin": begin,
                    "date_end": begin + timedelta(hours=2),
                    "tenant_only": True,
                    "portal_published": True,
                    "seats_limited": True,
                    "seats_max": 5,
                    "property_ids": [(6, 0, building.ids)],
                }
                for name, building in (
                    ("Riverside Dumplings", cls.building),
                    ("Garden Lanterns", cls.building_2),
                )
            ]
        )
        cls.other_registration = cls.env["event.registration"].create(
            {"event_id": cls.event_2.id, "partner_id": cls.tenant_2.id}
        )

    def _csrf(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def _my_events(self):
        response = self.url_open("/my/events")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_register_and_cancel_through_the_portal(self):
        self.authenticate("zhang_http", "zhang_http_pw")
        page = self._my_events()
        self.assertIn("Riverside Dumplings", page)
        self.assertNotIn("Garden Lanterns", page)
        self.assertNotIn("Portal Emma", page)
        token = self._csrf(page)
        response = self.url_open(f"/my/events/{self.event.id}/register", data={"csrf_token": token})
        self.assertEqual(response.status_code, 200)
        self.assertIn("You are registered", response.text)
        registration = self.env["event.registration"].search(
            [("event_id", "=", self.event.id), ("partner_id", "=", self.tenant.id)]
        )
        self.assertEqual(registration.state, "open")
        # Twice: still one registration, and a friendly answer.
        response = self.url_open(f"/my/events/{self.event.id}/register", data={"csrf_token": token})
        self.assertEqual(response.status_code, 200)
        self.assertIn("You are already registered", response.text)
        self.assertEqual(
            self.env["event.registration"].search_count([("event_id", "=", self.event.id)]), 1
        )
        # Cancelling asks first (a confirm page that posts again with confirmed=1).
        url = f"/my/events/registration/{registration.id}/cancel"
        response = self.url_open(url, data={"csrf_token": token})
        self.assertIn("apartment_portal_confirm", response.text)
        self.assertIn(f'action="{url}"', response.text)
        self.assertEqual(registration.state, "open")
        response = self.url_open(url, data={"csrf_token": token, "confirmed": "1"})
        self.assertIn("Your registration is cancelled", response.text)
        self.assertEqual(registration.state, "cancel")
        # Registering again re-opens the same registration.
        self.url_open(f"/my/events/{self.event.id}/register", data={"csrf_token": token})
        self.assertEqual(registration.state, "open")

    def test_other_building_and_other_tenant_are_out_of_reach(self):
        self.authenticate("zhang_http", "zhang_http_pw")
        token = self._csrf(self._my_events())
        # Typing the id of another building's tenant-only event.
        response = self.url_open(
            f"/my/events/{self.event_2.id}/register", data={"csrf_token": token}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(
            self.env["event.registration"].search([("partner_id", "=", self.tenant.id)])
        )
        # Cancelling someone else's registration.
        response = self.url_open(
            f"/my/events/registration/{self.other_registration.id}/cancel",
            data={"csrf_token": token},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.other_registration.state, "open")
        # Without the CSRF token.
        response = self.url_open(f"/my/events/{self.event.id}/register", data={"x": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(
            self.env["event.registration"].search([("partner_id", "=", self.tenant.id)])
        )

    def _call_kw(self, model, method, args):
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {"model": model, "method": method, "args": args, "kwargs": {}},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_json_rpc_create_is_checked_on_the_server(self):
        self.authenticate("zhang_http", "zhang_http_pw")
        result = self._call_kw(
            "event.registration",
            "create",
            [{"event_id": self.event_2.id, "partner_id": self.tenant.id}],
        )
        self.assertEqual(result["error"]["data"]["name"], "odoo.exceptions.ValidationError")
        self.assertIn("cannot register for Garden Lanterns", result["error"]["data"]["message"])
        self.assertFalse(
            self.env["event.registration"].search([("partner_id", "=", self.tenant.id)])
        )
        # Reading another tenant's registration by id.
        result = self._call_kw(
            "event.registration", "read", [[self.other_registration.id], ["name", "email"]]
        )
        self.assertEqual(result["error"]["data"]["name"], "odoo.exceptions.AccessError")
        # Their own registration to their building's event works over RPC too.
        result = self._call_kw(
            "event.registration",
            "create",
            [{"event_id": self.event.id, "partner_id": self.tenant.id}],
        )
        self.assertIn("result", result, result.get("error"))

    def test_tier_events_on_the_portal(self):
        """Over HTTP: the events list and the home card hide another tier's event, a typed POST
        to it is a 404 and a JSON-RPC create a clear refusal; the tenant's tier event registers."""
        core = self.env.ref("apartment_crm.tier_core")
        self.tenant.tenant_tier_id = core
        self.tenant_2.tenant_tier_id = self.env.ref("apartment_crm.tier_transient")
        self.event.tier_ids = core
        self.event_2.write(
            {
                "name": "Short-stay Walk",
                "tier_ids": [(6, 0, self.env.ref("apartment_crm.tier_transient").ids)],
                "tenant_only": False,
                "property_ids": [(6, 0, self.building.ids)],
            }
        )
        self.authenticate("zhang_http", "zhang_http_pw")
        page = self._my_events()
        self.assertIn("Riverside Dumplings", page)
        self.assertNotIn("Short-stay Walk", page)
        home = self.url_open("/my").text
        self.assertIn("Riverside Dumplings", home)
        self.assertNotIn("Short-stay Walk", home)
        token = self._csrf(page)
        response = self.url_open(
            f"/my/events/{self.event_2.id}/register", data={"csrf_token": token}
        )
        self.assertEqual(response.status_code, 404)
        result = self._call_kw(
            "event.registration",
            "create",
            [{"event_id": self.event_2.id, "partner_id": self.tenant.id}],
        )
        self.assertEqual(result["error"]["data"]["name"], "odoo.exceptions.ValidationError")
        self.assertIn("reserved for other tenants", result["error"]["data"]["message"])
        self.assertFalse(
            self.env["event.registration"].search([("partner_id", "=", self.tenant.id)])
        )
        response = self.url_open(f"/my/events/{self.event.id}/register", data={"csrf_token": token})
        self.assertIn("You are registered", response.text)
        self.assertEqual(self.event.registration_ids.partner_id, self.tenant)

    def test_portal_home_counter(self):
        self.authenticate("zhang_http", "zhang_http_pw")
        response = self.url_open("/my")
        self.assertIn("/my/events", response.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["community_event_count"]}
        )
        self.assertEqual(counters["community_event_count"], 1)

    def test_url_error_text_not_echoed(self):
        """A crafted link's ?error= text is not shown on the events page."""
        self.authenticate("zhang_http", "zhang_http_pw")
        response = self.url_open("/my/events?error=Call+400-000-0000+to+unlock+your+account")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("400-000-0000", response.text)
