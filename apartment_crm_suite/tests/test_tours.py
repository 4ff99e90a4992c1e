# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Browser tests: the day-to-day flows of each role, played as tours in headless Chromium.

Every tour fails on a JavaScript error and on a console warning (``StrictConsoleMixin``).
The server thread does not see freeze_time: every date is relative to the real today.
"""

from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.apartment_crm.tests.tour_common import StrictConsoleMixin
from odoo.addons.mail.tests.common import mail_new_test_user


class ToursCommon(StrictConsoleMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.property = cls.env["apartment.property"].create(
            {"name": "Tour Harbour House", "code": "T-TOUR"}
        )
        cls.unit, cls.unit_2 = cls.env["apartment.unit"].create(
            [
                {
                    "name": "Tour-808",
                    "property_id": cls.property.id,
                    "floor": 8,
                    "area": 45,
                    "unit_type": "one_bedroom",
                    "bedrooms": 1,
                    "list_rent": 5200,
                },
                {
                    "name": "Tour-809",
                    "property_id": cls.property.id,
                    "floor": 8,
                    "area": 45,
                    "unit_type": "one_bedroom",
                    "bedrooms": 1,
                    "list_rent": 5200,
                },
            ]
        )
        cls.tenant = cls.env["res.partner"].create(
            {"name": "Tour Tenant Lin", "email": "tour.lin@example.com"}
        )

    @classmethod
    def _new_user(cls, login, groups, **vals):
        user = mail_new_test_user(cls.env, login=login, groups=groups, **vals)
        user.password = login
        return user

    @classmethod
    def _setup_rent(cls):
        journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), *cls.env["account.journal"]._check_company_domain(cls.company)],
            limit=1,
        )
        rent_product = cls.env["product.product"].create(
            {"name": "Tour Rent", "type": "service", "taxes_id": [Command.clear()]}
        )
        cls.company.write(
            {
                "rent_product_id": rent_product.id,
                "rent_journal_id": journal.id,
                "rent_billing_day": 1,
                "rent_auto_post": True,
            }
        )

    @classmethod
    def _lease_with_overdue_rent(cls, **vals):
        """An active lease of the tour tenant that started two months ago, its first month
        invoiced and past due."""
        start = (date.today().replace(day=1) - timedelta(days=40)).replace(day=1)
        lease = cls.env["apartment.lease"].create(
            {
                "partner_id": cls.tenant.id,
                "unit_id": cls.unit.id,
                "date_start": start,
                "date_end": start + timedelta(days=364),
                "rent_amount": 5200,
                "deposit_amount": 0,
                **vals,
            }
        )
        lease.write({"state": "active"})
        invoice = lease._generate_rent_invoices(start)
        assert invoice.invoice_date_due < date.today(), "the first rent is past due"
        return lease, invoice


@tagged("post_install", "-at_install")
class TestTourLeaseRent(ToursCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Least privilege: a housekeeper who may also invoice (the generate button's group).
        cls.housekeeper = cls._new_user(
            "tour_housekeeper",
            "base.group_user,apartment_crm.group_apartment_user,account.group_account_invoice",
            name="Tour Housekeeper",
        )
        cls._setup_rent()

    def test_housekeeper_creates_lease_and_first_invoice(self):
        self.start_tour("/odoo", "apartment_crm_lease_rent", login="tour_housekeeper")
        lease = self.env["apartment.lease"].search([("partner_id", "=", self.tenant.id)])
        self.assertEqual(len(lease), 1)
        self.assertEqual(lease.state, "active")
        self.assertEqual(lease.unit_id, self.unit)
        self.assertEqual(lease.rent_amount, 5200)
        self.assertEqual(lease.date_start, date.today().replace(day=1))
        invoices = self.env["account.move"].search([("lease_id", "=", lease.id)])
        self.assertEqual(len(invoices), 1)
        self.assertEqual(invoices.rent_kind, "rent")
        self.assertEqual(invoices.partner_id, self.tenant)
        self.assertEqual(invoices.state, "posted")
        self.assertEqual(invoices.amount_total, 5200)


@tagged("post_install", "-at_install")
class TestTourUrgentTicket(ToursCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.housekeeper = cls._new_user(
            "tour_housekeeper",
            "base.group_user,apartment_crm.group_apartment_user",
            name="Tour Housekeeper",
        )
        lease = cls.env["apartment.lease"].create(
            {
                "partner_id": cls.tenant.id,
                "unit_id": cls.unit.id,
                "date_start": date.today().replace(day=1),
                "date_end": date.today().replace(day=1) + timedelta(days=364),
                "rent_amount": 5200,
                "deposit_amount": 0,
                "user_id": cls.housekeeper.id,
            }
        )
        lease.write({"state": "active"})
        cls.stage_resolved = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Tour Resolved", "sequence": 90, "closed": True, "fold": False}
        )

    def test_housekeeper_resolves_urgent_repair(self):
        self.start_tour(
            "/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/new",
            "apartment_crm_urgent_ticket",
            login="tour_housekeeper",
        )
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Tour bathroom ceiling")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual((ticket.ticket_kind, ticket.priority), ("repair", "3"))
        self.assertEqual(ticket.stage_id, self.stage_resolved)
        self.assertTrue(ticket.first_response_date)
        self.assertTrue(ticket.resolved_date)
        self.assertLessEqual(ticket.first_response_date, ticket.resolved_date)
        self.assertEqual(ticket.sla_state, "met")
        self.assertEqual(
            ticket.activity_ids.activity_type_id,
            self.env.ref("apartment_crm_sla.mail_activity_type_sla_followup"),
        )
        self.assertTrue(
            ticket.message_ids.filtered(lambda m: "Our plumber is on the way." in m.body)
        )

    def test_form_default_kind_is_graded(self):
        """The web form always sends the default kind "other": the rules still grade it,
        while a kind the user chose is kept."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.housekeeper)
        vals = {"partner_id": self.tenant.id, "description": "<p>漏水 in the kitchen</p>"}
        leak = Ticket.create(dict(vals, name="Kitchen", ticket_kind="other"))
        self.assertEqual((leak.ticket_kind, leak.priority), ("repair", "3"))
        chosen = Ticket.create(dict(vals, name="Kitchen again", ticket_kind="complaint"))
        self.assertEqual((chosen.ticket_kind, chosen.priority), ("complaint", "3"))


@tagged("post_install", "-at_install")
class TestTourPortalRenewalEvent(ToursCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = date.today()
        cls.lease = cls.env["apartment.lease"].create(
            {
                "partner_id": cls.tenant.id,
                "unit_id": cls.unit.id,
                "date_start": date(today.year - 1, today.month, 1),
                "date_end": today + timedelta(days=60),
                "rent_amount": 5200,
                "deposit_amount": 0,
            }
        )
        cls.lease.write({"state": "active"})
        cls.renewal = (
            cls.env["apartment.lease.renewal"]
            ._cron_open_renewals()
            .filtered(lambda r: r.lease_id == cls.lease)
        )
        cls.option = cls.renewal.option_ids.filtered(
            lambda o: o.term_months == 12 and o.unit_id == cls.unit
        )
        start = datetime.now().replace(microsecond=0) + timedelta(days=7)
        cls.event = cls.env["event.event"].create(
            {
                "name": "Tour Rooftop BBQ",
                "date_begin": start,
                "date_end": start + timedelta(hours=2),
                "date_tz": "Asia/Shanghai",
                "property_ids": [Command.set(cls.property.ids)],
                "tenant_only": True,
                "portal_published": True,
            }
        )
        cls.portal_user = cls._new_user(
            "tour_tenant", "base.group_portal", partner_id=cls.tenant.id
        )

    def test_tenant_accepts_renewal_and_registers(self):
        self.assertEqual(self.renewal.state, "offered")
        self.assertEqual(len(self.option), 1)
        self.start_tour("/my", "apartment_crm_portal_renewal_event", login="tour_tenant")
        self.assertEqual(self.renewal.state, "accepted")
        self.assertEqual(self.renewal.accepted_option_id, self.option)
        successor = self.renewal.successor_lease_id
        self.assertEqual(successor.partner_id, self.tenant)
        self.assertEqual(successor.date_start, self.lease.date_end + timedelta(days=1))
        registration = self.env["event.registration"].search(
            [("event_id", "=", self.event.id), ("partner_id", "=", self.tenant.id)]
        )
        self.assertEqual(registration.state, "open")


@tagged("post_install", "-at_install")
class TestTourTenantPhone(ToursCommon):
    """The tenant on a 390x844 phone: home, pay page, event registration, redeem with
    confirmation, star rating (the tour asserts no sideways scroll and 44 px targets)."""

    browser_size = "390x844"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_rent()
        cls.housekeeper = cls._new_user(
            "tour_housekeeper",
            "base.group_user,apartment_crm.group_apartment_user",
            name="Tour Housekeeper",
        )
        cls.housekeeper.partner_id.phone = "+86 21 5555 0101"
        cls.lease, cls.invoice = cls._lease_with_overdue_rent(user_id=cls.housekeeper.id)
        rule = cls.env["apartment.loyalty.rule"].create(
            {"name": "Tour welcome", "trigger": "manual", "points": 500}
        )
        cls.env["apartment.loyalty.entry"]._post_entries(
            [
                {
                    "partner_id": cls.tenant.id,
                    "date": date.today(),
                    "points": 500,
                    "entry_type": "earn",
                    "rule_id": rule.id,
                    "description": "Tour welcome",
                    "company_id": cls.company.id,
                }
            ]
        )
        start = datetime.now().replace(microsecond=0) + timedelta(days=5)
        cls.event = cls.env["event.event"].create(
            {
                "name": "Tour Courtyard Tea",
                "date_begin": start,
                "date_end": start + timedelta(hours=2),
                "date_tz": "Asia/Shanghai",
                "property_ids": [Command.set(cls.property.ids)],
                "tenant_only": True,
                "portal_published": True,
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Tour dripping tap",
                "description": "<p>The kitchen tap drips.</p>",
                "partner_id": cls.tenant.id,
            }
        )
        cls.ticket.stage_id = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Tour Done", "sequence": 95, "closed": True, "fold": False}
        )
        cls.portal_user = cls._new_user(
            "tour_tenant", "base.group_portal", partner_id=cls.tenant.id
        )

    def test_tenant_on_a_phone(self):
        self.assertTrue(self.ticket.resolved_date)
        self.assertEqual(self.invoice.state, "posted")
        self.start_tour("/my", "apartment_crm_tenant_phone", login="tour_tenant")
        registration = self.env["event.registration"].search(
            [("event_id", "=", self.event.id), ("partner_id", "=", self.tenant.id)]
        )
        self.assertEqual(registration.state, "open")
        redeemed = self.env["apartment.loyalty.entry"].search(
            [("partner_id", "=", self.tenant.id), ("entry_type", "=", "redeem")]
        )
        self.assertEqual(redeemed.points, -200, "one redemption, after the confirm step")
        self.assertEqual(self.ticket.rating_value, "4")
        self.assertEqual(self.ticket.rating_comment, "Fixed the same day, thanks")


@tagged("post_install", "-at_install")
class TestTourAccountant(ToursCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_rent()
        cls.accountant = cls._new_user(
            "tour_accountant",
            "base.group_user,apartment_crm.group_apartment_user,account.group_account_invoice",
            name="Tour Accountant",
        )
        cls.lease, cls.invoice = cls._lease_with_overdue_rent()

    def test_accountant_registers_overdue_rent(self):
        self.assertEqual(self.invoice.payment_state, "not_paid")
        self.start_tour(
            f"/odoo/action-apartment_crm_rent.apartment_rent_invoice_action/{self.invoice.id}",
            "apartment_crm_accountant_rent",
            login="tour_accountant",
        )
        self.assertIn(self.invoice.payment_state, ("in_payment", "paid"))


@tagged("post_install", "-at_install")
class TestTourManager(ToursCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_rent()
        cls.manager = cls._new_user(
            "tour_manager",
            "base.group_user,apartment_crm.group_apartment_manager,account.group_account_invoice",
            name="Tour Manager",
        )
        cls.lease, cls.invoice = cls._lease_with_overdue_rent()
        cls.lease.date_end = date.today() + timedelta(days=60)
        cls.renewal = (
            cls.env["apartment.lease.renewal"]
            ._cron_open_renewals()
            .filtered(lambda r: r.lease_id == cls.lease)
        )

    def test_manager_dashboard_and_renewals(self):
        self.assertTrue(self.renewal)
        self.start_tour(
            "/odoo/action-apartment_crm.apartment_dashboard_action",
            "apartment_crm_manager_dashboard",
            login="tour_manager",
        )


class InspectionPhoneCommon(ToursCommon):
    """A phone's screen: a lease of Tour-808 whose move-in inspection is done (walls, lock and
    power meter ok, meter at 1000) and whose move-out inspection is planned."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.housekeeper = cls._new_user(
            "tour_housekeeper",
            "base.group_user,apartment_crm.group_apartment_user",
            name="Tour Housekeeper",
        )
        today = date.today()
        cls.lease = cls.env["apartment.lease"].create(
            {
                "partner_id": cls.tenant.id,
                "unit_id": cls.unit.id,
                "date_start": date(today.year - 1, today.month, 1),
                "date_end": today + timedelta(days=5),
                "rent_amount": 5200,
                "deposit_amount": 0,
                "user_id": cls.housekeeper.id,
            }
        )
        cls.lease.write({"state": "active"})
        price_wall, price_lock = cls.env["apartment.repair.price"].create(
            [{"name": "Tour repaint", "amount": 300}, {"name": "Tour lock", "amount": 120}]
        )
        Inspection = cls.env["apartment.inspection"]
        move_in = Inspection.search([("lease_id", "=", cls.lease.id)]) or Inspection.create(
            {"lease_id": cls.lease.id, "kind": "move_in"}
        )
        move_in.line_ids = [
            Command.clear(),
            Command.create(
                {
                    "name": "Walls",
                    "area": "room",
                    "condition": "ok",
                    "repair_price_id": price_wall.id,
                }
            ),
            Command.create(
                {
                    "name": "Lock",
                    "area": "fixture",
                    "condition": "ok",
                    "repair_price_id": price_lock.id,
                }
            ),
            Command.create(
                {"name": "Power meter", "area": "meter", "condition": "ok", "reading": 1000}
            ),
        ]
        move_in.action_done()
        cls.move_out = Inspection._plan_for_leases(cls.lease, "move_out")


@tagged("post_install", "-at_install")
class TestTourInspectionPhone(InspectionPhoneCommon):
    def test_housekeeper_move_out_then_tenant_confirms(self):
        self.assertEqual(len(self.move_out.line_ids), 3)
        self.start_tour(
            f"/odoo/action-apartment_crm_maintenance.apartment_inspection_action/{self.move_out.id}",
            "apartment_crm_inspection_phone",
            login="tour_housekeeper",
        )
        self.move_out.invalidate_recordset()
        self.assertEqual(self.move_out.state, "done")
        lines = {line.name: line for line in self.move_out.line_ids}
        self.assertEqual(
            [(name, line.condition) for name, line in lines.items()],
            [("Walls", "damaged"), ("Lock", "ok"), ("Power meter", "ok")],
        )
        self.assertEqual(lines["Walls"].note, "crayon on the wall")
        self.assertEqual(lines["Power meter"].reading, 1234.5)
        self.assertEqual(lines["Power meter"].consumption, 234.5)
        self.assertEqual(self.move_out.deduction_total, 300)
        self.assertEqual(
            self.move_out._get_deductions(),
            [("Repair at move-out: Walls (crayon on the wall)", 300)],
        )

        # The tenant, on their phone: the comparison, the deduction, the confirmation.
        self._new_user("tour_tenant", "base.group_portal", partner_id=self.tenant.id)
        self.start_tour("/my", "apartment_crm_inspection_portal_phone", login="tour_tenant")
        self.move_out.invalidate_recordset()
        self.assertEqual(self.move_out.state, "confirmed")
        self.assertEqual(self.move_out.confirmed_by, "portal")
