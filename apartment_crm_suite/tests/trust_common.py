# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared data of the three trust-boundary suites (access matrix, bad input, portal isolation).

Two tenants (A and B) of the test company, each with an active lease, an offered renewal, a
registration to one event, a ticket and loyalty points; a housekeeper of another company; an
internal user without the suite's groups. The suites find "a record of each model" in this
data first, then in whatever else the database holds (demo data when installed with it).
"""

from datetime import date, datetime

from odoo import fields

from odoo.addons.apartment_crm.tools import workflow_write
from odoo.addons.apartment_crm_loyalty.tests.common import LoyaltyCommon
from odoo.addons.mail.tests.common import mail_new_test_user

SUITE_PREFIX = "apartment_crm"


def suite_models(env):
    """{model name: addons} of every model an ``apartment_crm*`` addon defines or extends
    (``ir.model.modules``), abstract models and SQL views included."""
    result = {}
    for model in env["ir.model"].sudo().search([]):
        addons = sorted(m for m in (model.modules or "").split(", ") if m.startswith(SUITE_PREFIX))
        if addons and model.model in env:
            result[model.model] = addons
    return result


class TrustCommon(LoyaltyCommon):
    # Long on purpose: the shared data of three suites, one record after the other.
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company_b = env["res.company"].create({"name": "Trust Other Company"})
        cls.user_other_company = mail_new_test_user(
            env,
            login="trust_other_company",
            name="Olaf Other Company",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
            groups="base.group_user,apartment_crm.group_apartment_user",
        )
        cls.lease_a = cls._create_lease(user_id=cls.user_housekeeper.id)
        cls.lease_b = cls._create_lease(
            partner_id=cls.tenant_2.id, unit_id=cls.unit_b.id, user_id=cls.user_housekeeper.id
        )
        (cls.lease_a | cls.lease_b).action_activate()
        cls.portal_a = cls._create_portal_user(cls.tenant, "trust_tenant_a")
        cls.portal_b = cls._create_portal_user(cls.tenant_2, "trust_tenant_b")
        for user in (cls.portal_a, cls.portal_b):
            user.password = user.login
        Renewal = env["apartment.lease.renewal"]
        cls.renewal_a, cls.renewal_b = Renewal.create(
            [
                Renewal._prepare_renewal_vals(lease, date(2026, 10, 1))
                for lease in (cls.lease_a, cls.lease_b)
            ]
        )
        (cls.renewal_a | cls.renewal_b).action_offer()
        cls.event = env["event.event"].create(
            {
                "name": "Trust Dumpling Party",
                "date_begin": datetime(2030, 3, 10, 10, 0),
                "date_end": datetime(2030, 3, 10, 12, 0),
                "date_tz": "Asia/Shanghai",
                "property_ids": [(6, 0, cls.property.ids)],
            }
        )
        cls.registration_a, cls.registration_b = env["event.registration"].create(
            [
                {"event_id": cls.event.id, "partner_id": cls.tenant.id},
                {"event_id": cls.event.id, "partner_id": cls.tenant_2.id},
            ]
        )
        cls.interest_group = env["apartment.interest.group"].create({"name": "Trust Runners"})
        cls.ticket_a, cls.ticket_b = env["helpdesk.ticket"].create(
            [
                {"name": "Trust tap A", "description": "<p>A</p>", "partner_id": cls.tenant.id},
                {"name": "Trust tap B", "description": "<p>B</p>", "partner_id": cls.tenant_2.id},
            ]
        )
        # The move-in inspections the activations planned, finished (shown on the portal).
        cls.inspection_a = cls.lease_a.inspection_ids[:1]
        cls.inspection_b = cls.lease_b.inspection_ids[:1]
        for inspection in cls.inspection_a | cls.inspection_b:
            for line in inspection.line_ids:
                line.write({"condition": "ok", "reading": 1.0 if line.area == "meter" else 0.0})
        (cls.inspection_a | cls.inspection_b).action_done()
        # A running satisfaction survey: both tenants invited.
        cls.campaign = env["apartment.survey.campaign"].create(
            {
                "name": "Trust Satisfaction",
                "survey_id": env.ref("apartment_crm_survey.survey_tenant_satisfaction").id,
                "property_ids": [(6, 0, cls.property.ids)],
                "date_start": "2026-03-01",
                "date_end": "2026-03-31",
            }
        )
        cls.campaign.action_start()
        invitations = cls.campaign.invitation_ids
        cls.invitation_a = invitations.filtered(lambda i: i.partner_id == cls.tenant)
        cls.invitation_b = invitations.filtered(lambda i: i.partner_id == cls.tenant_2)
        # A building notice sent to both tenants (one recipient row each, read on the portal).
        cls.notice = env["apartment.notice"].create(
            {
                "name": "Trust water cut",
                "body": "<p>Water is cut on Tuesday.</p>",
                "property_ids": [(6, 0, cls.property.ids)],
            }
        )
        cls.notice_recipient_a, cls.notice_recipient_b = (
            env["apartment.notice.recipient"]
            .sudo()
            .create(
                [
                    {"notice_id": cls.notice.id, "partner_id": partner.id, "channel": "portal"}
                    for partner in (cls.tenant, cls.tenant_2)
                ]
            )
        )
        workflow_write(cls.notice, {"state": "sent", "date_sent": fields.Datetime.now()})
        cls.entry_a = cls._earn(cls.tenant, 300, date(2026, 2, 1))
        cls.entry_b = cls._earn(cls.tenant_2, 700, date(2026, 2, 1))
        cls.roles = {
            "tenant": cls.portal_a,
            "other_tenant": cls.portal_b,
            "housekeeper": cls.user_housekeeper,
            "manager": cls.user_manager,
            "other_company": cls.user_other_company,
            "internal": cls.user_employee,
        }
        for ticket, token in ((cls.ticket_a, "trust-token-a"), (cls.ticket_b, "trust-token-b")):
            ticket.sudo().rating_token = token
        cls.records = {
            "a": {
                "lease": cls.lease_a.id,
                "renewal": cls.renewal_a.id,
                "registration": cls.registration_a.id,
                "ticket": cls.ticket_a.id,
                "ticket_record": cls.ticket_a,
                "inspection": cls.inspection_a.id,
                "invitation": cls.invitation_a.id,
                "notice_recipient": cls.notice_recipient_a.id,
            },
            "b": {
                "lease": cls.lease_b.id,
                "renewal": cls.renewal_b.id,
                "registration": cls.registration_b.id,
                "ticket": cls.ticket_b.id,
                "ticket_record": cls.ticket_b,
                "inspection": cls.inspection_b.id,
                "invitation": cls.invitation_b.id,
                "notice_recipient": cls.notice_recipient_b.id,
            },
        }

    def _for(self, who, attribute):
        """The id (or record) of tenant ``who``'s (``"a"`` or ``"b"``) ``attribute``."""
        return self.records[who][attribute]
