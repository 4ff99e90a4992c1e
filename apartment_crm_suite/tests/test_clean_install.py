# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Smoke run of an operator's first day on a clean install: nothing configured by hand.

`make test` also installs the whole suite WITHOUT demo data on a fresh database and runs this
module there, so defaults that only the demo data set would fail it. Only what the install
itself ships is used: the company's settings, the products, journals, SLA policies, loyalty rules.
"""

from datetime import date, datetime

from odoo.tests import Form, TransactionCase, freeze_time, tagged


@tagged("post_install", "-at_install")
class TestCleanInstall(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.property = cls.env["apartment.property"].create(
            {"name": "Smoke Tower", "code": "SMOKE"}
        )
        cls.unit = cls.env["apartment.unit"].create(
            {"name": "101", "property_id": cls.property.id, "list_rent": 5000}
        )
        cls.tenant = cls.env["res.partner"].create(
            {"name": "Wang Fang 王芳", "email": "wang.fang@example.com"}
        )

    def test_install_sets_the_rent_defaults(self):
        company = self.company
        self.assertEqual(company.rent_product_id, self.env.ref("apartment_crm_rent.product_rent"))
        self.assertEqual(
            company.rent_deposit_product_id, self.env.ref("apartment_crm_rent.product_deposit")
        )
        self.assertEqual(company.rent_journal_id.type, "sale")
        self.assertEqual(company.rent_journal_id.company_id, company)
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.rent_setup_issues, "Settings show nothing missing")
        # Tenants can pay rent on the portal at once: bank transfer with instructions.
        transfer = self.env.ref("payment.payment_provider_transfer")
        self.assertEqual(transfer.state, "enabled")
        self.assertTrue(transfer.is_published)
        self.assertTrue(transfer.pending_msg)

    def test_new_company_gets_its_defaults_with_its_chart(self):
        company = self.env["res.company"].create({"name": "Second Operator"})
        self.assertEqual(company.rent_product_id, self.env.ref("apartment_crm_rent.product_rent"))
        self.assertFalse(company.rent_journal_id, "no chart of accounts yet, so no journal")
        settings = self.env["res.config.settings"].with_company(company).create({})
        self.assertIn("journal", settings.with_company(company).rent_setup_issues)
        self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        self.assertEqual(company.rent_journal_id.type, "sale")
        self.assertEqual(company.rent_journal_id.company_id, company)

    # Long on purpose: one story, step by step, as an operator lives it on the first day.
    def test_first_day_of_an_operator(self):
        # A lease, signed: the deposit invoice follows.
        lease = self.env["apartment.lease"].create(
            {
                "partner_id": self.tenant.id,
                "unit_id": self.unit.id,
                "date_start": date(2026, 3, 1),
                "date_end": date(2027, 2, 28),
                "deposit_amount": 5000,
            }
        )
        self.assertEqual(lease.rent_amount, 5000, "the unit's list rent")
        lease.action_activate()
        self.assertEqual(lease.state, "active")
        self.assertEqual(lease.deposit_move_id.amount_total, 5000)
        # The rent cron invoices the first period.
        with freeze_time("2026-03-01"):
            self.env["apartment.lease"]._cron_generate_rent_invoices(date=date(2026, 3, 1))
        invoice = lease.rent_invoice_ids.filtered(lambda m: m.rent_kind == "rent")
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 5000)
        # Its PDF renders (wkhtmltopdf comes with the set-up).
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("account.account_invoices", invoice.ids)
        )
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        # Paid on its due date: paid date and days late from reconciliation, points earned.
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": date(2026, 3, 1)})._create_payments()
        self.assertEqual(invoice.paid_date, date(2026, 3, 1))
        self.assertEqual(invoice.days_late, 0)
        with freeze_time("2026-03-02"):
            self.tenant.invalidate_recordset()
            self.assertGreater(self.tenant.loyalty_balance, 0, "rent on time earns points")
        # A renewal offer, opened on request.
        action = lease.action_open_renewal()
        renewal = self.env["apartment.lease.renewal"].browse(action["res_id"])
        self.assertTrue(renewal.option_ids, "the offer has options")
        # A repair ticket gets the shipped service level.
        with freeze_time("2026-03-02 10:00:00"):
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": "厨房水槽漏水 kitchen sink leaking",
                    "description": "<p>Water under the sink.</p>",
                    "partner_id": self.tenant.id,
                }
            )
        self.assertEqual(ticket.ticket_kind, "repair")
        self.assertTrue(ticket.sla_policy_id)
        self.assertTrue(ticket.response_deadline)
        # A community event of the tenant's building, and their registration.
        event = self.env["event.event"].create(
            {
                "name": "Lantern riddles 猜灯谜",
                "date_begin": datetime(2026, 3, 20, 11, 0),
                "date_end": datetime(2026, 3, 20, 13, 0),
                "property_ids": [(6, 0, self.property.ids)],
            }
        )
        registration = self.env["event.registration"].create(
            {"event_id": event.id, "partner_id": self.tenant.id}
        )
        self.assertEqual(registration.state, "open")

    def test_lease_form_on_a_clean_install(self):
        form = Form(self.env["apartment.lease"])
        form.partner_id = self.tenant
        form.unit_id = self.unit
        form.date_start = date(2026, 4, 1)
        form.date_end = date(2027, 3, 31)
        lease = form.save()
        self.assertEqual(lease.property_id, self.property)
        self.assertTrue(lease.name.startswith("LEASE/"))

    @freeze_time("2026-03-02 08:00:00")
    def test_tenant_voice_on_a_clean_install(self):
        """The shipped surveys, survey points, visit rhythm and notices work as installed."""
        lease = self.env["apartment.lease"].create(
            {
                "partner_id": self.tenant.id,
                "unit_id": self.unit.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        lease.action_activate()
        survey = self.env.ref("apartment_crm_survey.survey_tenant_satisfaction")
        campaign = self.env["apartment.survey.campaign"].create(
            {
                "name": "Satisfaction H1",
                "survey_id": survey.id,
                "property_ids": [(6, 0, self.property.ids)],
            }
        )
        campaign.action_start()
        invitation = campaign.invitation_ids
        self.assertEqual(invitation.partner_id, self.tenant)
        self.assertTrue(invitation.mail_id)
        answer = invitation.user_input_id
        for question in survey.question_ids.filtered(lambda q: q.question_type == "scale"):
            answer._save_lines(question, "5")
        answer._mark_done()
        self.assertTrue(invitation.answered)
        rule = self.env.ref("apartment_crm_loyalty.loyalty_rule_survey_answered")
        if rule.active:
            self.assertTrue(
                self.env["apartment.loyalty.entry"].search(
                    [("res_model", "=", invitation._name), ("res_id", "=", invitation.id)]
                )
            )
        visits = self.env["apartment.visit"]._cron_plan_visits(date(2026, 3, 2))
        self.assertIn(self.tenant, visits.partner_id)
        notice = self.env["apartment.notice"].create_for_property(
            self.property, "Water cut", "<p>Tuesday 9:00-12:00</p>"
        )
        self.assertEqual(notice.recipient_ids.partner_id, self.tenant)
