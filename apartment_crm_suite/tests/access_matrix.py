# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The expected access of every model and restricted field of the suite (the access-matrix
suite, ``test_trust_access_matrix.py``, checks the database against these tables).

How to add a row (a new addon, model or field fails the suite until it has one):

* ``ACCESS_MATRIX[addon][model] = Row(tenant=..., housekeeper=..., manager=..., internal=...)``
  under the first ``apartment_crm*`` addon of the model's ``ir.model.modules`` (a new addon
  adds its own ``"apartment_crm_x": {...}`` block). Each value lists the operations the role
  may do on the model: ``r`` read, ``w`` write, ``c`` create, ``u`` unlink (copy is read +
  create, checked on a record). ``tenant`` is a portal tenant (the other tenant and the user of
  another company have the same rights on the model; the record rules keep them out of the
  records, which the suite checks on records), ``internal`` an internal user outside the
  suite's groups (a contact manager, like an accountant or a salesperson).
  Abstract models (mixins, ``base``, ``ir.http``) get ``ABSTRACT``.
* ``FIELD_GROUPS[model][field] = "group xml ids"`` for each field of the suite restricted by
  ``groups=``: it must be ``copy=False`` and unreadable by the roles outside the groups.
* ``COMPUTED_FIELDS[model] = {...}``: the computed (or related) read-only fields of the suite;
  no user may write them (``tools/input_guard.py`` refuses it), the system computes them.
"""

from collections import namedtuple

# Row(tenant, housekeeper, manager, internal)
Row = namedtuple("Row", "tenant housekeeper manager internal")
ABSTRACT = None

ACCESS_MATRIX = {
    "apartment_crm": {
        "apartment.churn.signal": Row("", "r", "rwcu", ""),
        "apartment.dashboard": ABSTRACT,
        # Monthly KPIs: written by the monthly job (superuser), read on the dashboard.
        "apartment.kpi": Row("", "r", "r", ""),
        "apartment.lease": Row("r", "rwc", "rwcu", ""),
        "apartment.property": Row("r", "r", "rwcu", ""),
        "apartment.tenant.tier": Row("r", "r", "rwcu", ""),
        "apartment.tenant.tier.history": Row("", "r", "ru", ""),
        "apartment.tenant.tier.lock": Row("", "", "rwcu", ""),
        "apartment.touchpoint.log": Row("", "r", "ru", ""),
        "apartment.touchpoint.rule": Row("", "r", "rwcu", ""),
        "apartment.unit": Row("r", "rw", "rwcu", ""),
        "base": ABSTRACT,
        "ir.http": ABSTRACT,
        "mail.followers": Row("", "r", "r", "r"),
        "res.company": Row("r", "r", "r", "r"),
        "res.config.settings": Row("", "", "", ""),
        "res.partner": Row("r", "rwcu", "rwcu", "rwcu"),
    },
    "apartment_crm_event": {
        "apartment.event.attendance.report": Row("", "r", "r", ""),
        "apartment.event.invitation": Row("", "r", "rwcu", ""),
        "apartment.event.schedule": Row("", "rwc", "rwcu", ""),
        "apartment.interest.group": Row("r", "rwc", "rwcu", ""),
        "apartment.venue": Row("r", "r", "rwcu", ""),
        "event.event": Row("r", "rwc", "rwcu", ""),
        "event.registration": Row("rwc", "rwc", "rwcu", ""),
    },
    "apartment_crm_event_loyalty": {
        "apartment.loyalty.rule": Row("r", "r", "rwcu", ""),
    },
    "apartment_crm_loyalty": {
        "account.move": Row("r", "", "", ""),
        "apartment.loyalty.adjust": Row("", "", "rwcu", ""),
        "apartment.loyalty.entry": Row("r", "r", "r", ""),
        "apartment.loyalty.redeem": Row("", "rwc", "rwcu", ""),
        "apartment.loyalty.report": Row("", "r", "r", ""),
    },
    "apartment_crm_maintenance": {
        "apartment.inspection": Row("r", "rwc", "rwcu", ""),
        "apartment.inspection.line": Row("r", "rwcu", "rwcu", ""),
        "apartment.inspection.template": Row("", "r", "rwcu", ""),
        "apartment.inspection.template.line": Row("", "r", "rwcu", ""),
        "apartment.maintenance.plan": Row("", "r", "rwcu", ""),
        "apartment.repair.price": Row("", "r", "rwcu", ""),
        # Odoo's maintenance addon: every employee reads the equipment and reports requests.
        "maintenance.equipment": Row("", "r", "rwcu", "r"),
        "maintenance.request": Row("", "rwcu", "rwcu", "rwcu"),
    },
    "apartment_crm_reconcile": {
        # Accounting models: the accountants' groups (none of the suite's roles) reconcile.
        "account.bank.statement.line": Row("", "", "", ""),
        "account.statement.import": Row("", "", "", ""),
        "account.statement.import.sheet.parser": Row("", "", "", ""),
        "apartment.payer.account": Row("", "r", "rwcu", ""),
        "apartment.reconcile.matcher": ABSTRACT,
        "apartment.reconcile.report": Row("", "", "r", ""),
        # Written by the import wizard and the runner crons only (sudo); read to follow.
        "apartment.statement.import.chunk": Row("", "", "r", ""),
    },
    "apartment_crm_renewal": {
        "apartment.lease.renewal": Row("r", "rwc", "rwcu", ""),
        "apartment.lease.renewal.decline": Row("", "rwcu", "rwcu", ""),
        "apartment.lease.renewal.option": Row("r", "rwcu", "rwcu", ""),
        "apartment.renewal.decline.reason": Row("r", "r", "rwcu", ""),
        "apartment.returning.perk": Row("r", "rwc", "rwcu", ""),
    },
    "apartment_crm_rent": {
        "account.chart.template": ABSTRACT,
        "account.partial.reconcile": Row("", "", "", ""),
        "apartment.lease.deposit.settle": Row("", "", "rwcu", ""),
        "apartment.lease.deposit.settle.line": Row("", "", "rwcu", ""),
        "apartment.rent.generate": Row("", "", "rwcu", ""),
        "apartment.rent.reminder.level": Row("", "r", "rwcu", ""),
        "apartment.rent.reminder.log": Row("", "r", "rwcu", ""),
        "apartment.rent.roll": Row("", "", "r", ""),
    },
    "apartment_crm_survey": {
        "apartment.survey.campaign": Row("r", "r", "rwcu", ""),
        # Invitations are created by the campaigns (superuser); a manager may delete one.
        "apartment.survey.invitation": Row("r", "r", "ru", ""),
        "apartment.survey.result.report": Row("", "r", "r", ""),
        # Odoo's survey officer / manager rights (implied by the housekeeper / manager groups).
        "survey.user_input": Row("", "rwcu", "rwcu", ""),
    },
    "apartment_crm_visit": {
        "apartment.visit": Row("", "rwc", "rwcu", ""),
    },
    "apartment_crm_notice": {
        # Tenants read the notices sent to them (record rule); the sending creates recipients.
        "apartment.notice": Row("r", "rwc", "rwcu", ""),
        "apartment.notice.recipient": Row("r", "r", "ru", ""),
        # Odoo's activities (the housekeeper's notice to-do marks the tenants told when done).
        "mail.activity": Row("", "rwcu", "rwcu", "rwcu"),
    },
    "apartment_crm_sla": {
        "apartment.sla.escalation.log": Row("", "r", "rwcu", ""),
        "apartment.sla.escalation.step": Row("", "r", "rwcu", ""),
        "apartment.sla.pause": Row("", "rwc", "rwcu", ""),
        "apartment.sla.policy": Row("", "r", "rwcu", ""),
        "apartment.sla.report": Row("", "r", "r", ""),
        "apartment.ticket.grading.rule": Row("", "r", "rwcu", ""),
        "helpdesk.ticket": Row("r", "rwc", "rwcu", "r"),
        "resource.calendar": Row("", "r", "r", "r"),
    },
}

FIELD_GROUPS = {
    "apartment.notice.recipient": {
        "activity_id": "apartment_crm.group_apartment_user",
        "informed_date": "apartment_crm.group_apartment_user",
        "sms_id": "apartment_crm.group_apartment_user",
        "user_id": "apartment_crm.group_apartment_user",
    },
    "apartment.loyalty.redeem": {
        "invoice_id": "account.group_account_invoice",
    },
    "helpdesk.ticket": {
        "rating_token": "base.group_user",
    },
    "res.partner": {
        "churn_level_notified": "apartment_crm.group_apartment_user",
        "churn_reasons": "apartment_crm.group_apartment_user",
        "churn_risk_level": "apartment_crm.group_apartment_user",
        "churn_risk_score": "apartment_crm.group_apartment_user",
        "id_document_number": "apartment_crm.group_apartment_manager",
        "tier_below_since": "apartment_crm.group_apartment_user",
        "tier_lock_reason": "apartment_crm.group_apartment_user",
        "tier_reason": "apartment_crm.group_apartment_user",
        "upgrade_interest_date": "apartment_crm.group_apartment_user",
        "upgrade_interest_note": "apartment_crm.group_apartment_user",
    },
}

COMPUTED_FIELDS = {
    "account.bank.statement.line": {
        "days_late",
        "lease_id",
        "loyalty_entry_ids",
        "paid_date",
        "rent_kind",
        "rent_late_fee_source_id",
        "rent_match_reason",
        "rent_period_end",
        "rent_period_start",
        "rent_property_id",
    },
    "account.move": {"days_late", "paid_date", "rent_property_id"},
    "apartment.event.invitation": {"company_id"},
    "apartment.event.schedule": {"event_count"},
    "apartment.inspection": {
        "company_id",
        "currency_id",
        "damaged_count",
        "deduction_total",
        "name",
        "partner_id",
        "property_id",
        "unit_id",
    },
    "apartment.inspection.line": {
        "company_id",
        "consumption",
        "currency_id",
        "kind",
        "move_in_condition",
        "move_in_reading",
        "new_damage",
    },
    "apartment.interest.group": {"event_count", "member_count"},
    "apartment.kpi": {"currency_id"},
    "apartment.lease": {
        "amount_billed",
        "amount_due",
        "amount_paid",
        "deposit_settleable",
        "duration_months",
        "inspection_count",
        "property_id",
        "renewal_count",
        "rent_invoice_count",
        "rent_invoice_issue",
    },
    "apartment.lease.deposit.settle": {
        "currency_id",
        "deposit_amount",
        "inspection_id",
        "refund_amount",
    },
    "apartment.lease.deposit.settle.line": {"currency_id"},
    "apartment.lease.renewal": {
        "accepted_count",
        "closed_count",
        "company_id",
        "currency_id",
        "days_to_decision",
        "lease_date_end",
        "name",
        "partner_id",
        "property_id",
        "renewal_rate",
        "unit_id",
        "user_id",
    },
    "apartment.lease.renewal.option": {
        "company_id",
        "currency_id",
        "date_end",
        "date_start",
        "is_accepted",
        "kind",
        "label",
        "lease_id",
        "price_monthly",
        "rent_amount",
    },
    "apartment.loyalty.adjust": {"balance"},
    "apartment.loyalty.entry": {"currency_id", "reference", "reversal_entry_id", "source_display"},
    "apartment.loyalty.redeem": {"balance", "credit_amount", "currency_id", "invoice_display"},
    "apartment.loyalty.rule": {"entry_count"},
    "apartment.maintenance.plan": {"next_date", "request_count"},
    "apartment.property": {
        "address",
        "equipment_count",
        "lease_count",
        "occupancy_rate",
        "occupied_unit_count",
        "unit_count",
    },
    "apartment.rent.reminder.log": {"company_id", "partner_id"},
    "apartment.repair.price": {"currency_id"},
    "apartment.sla.escalation.log": {"company_id"},
    "apartment.sla.pause": {"company_id"},
    "apartment.statement.import.chunk": {"company_id"},
    "apartment.survey.campaign": {
        "answered_count",
        "invitation_count",
        "response_rate",
        "score_average",
    },
    "apartment.survey.invitation": {
        "answer_line_ids",
        "campaign_kind",
        "company_id",
        "survey_id",
        "survey_url",
    },
    "apartment.tenant.tier": {"tenant_count"},
    "apartment.touchpoint.log": {"company_id", "trigger"},
    "apartment.touchpoint.rule": {"log_count"},
    "apartment.unit": {
        "company_id",
        "currency_id",
        "current_lease_id",
        "current_tenant_id",
        "is_free",
        "state",
    },
    "apartment.venue": {"company_id"},
    "apartment.visit": {"is_overdue", "property_id"},
    "apartment.notice": {
        "activity_count",
        "emailed_count",
        "portal_count",
        "reached_count",
        "read_count",
        "recipient_count",
        "sms_count",
    },
    "apartment.notice.recipient": {"company_id", "is_read", "is_reached"},
    "event.event": {"attendance_rate", "invitation_count", "property_id", "venue_booked"},
    "event.registration": {"interest_group_id", "property_ids"},
    "helpdesk.ticket": {
        "resolution_deadline",
        "response_deadline",
        "sla_paused",
        "sla_resolution_minutes",
        "sla_resolution_remaining",
        "sla_resolution_state",
        "sla_resolution_target",
        "sla_response_minutes",
        "sla_response_remaining",
        "sla_response_state",
        "sla_response_target",
        "sla_state",
        "tenant_tier_id",
    },
    "maintenance.equipment": {"failure_count", "preventive_count"},
    "maintenance.request": {
        "apartment_notice_outdated",
        "apartment_overdue",
        "property_id",
        "unit_id",
    },
    "res.config.settings": {"rent_setup_issues"},
    "res.partner": {
        "current_lease_id",
        "events_attended_12m",
        "housekeeper_id",
        "is_tenant",
        "late_payment_count_12m",
        "lease_count",
        "loyalty_balance",
        "loyalty_next_expiry_date",
        "loyalty_points_expiring_soon",
        "move_in_date",
        "on_time_payment_rate",
        "overdue_amount",
        "rent_currency_id",
        "rent_paid_12m",
        "survey_last_date",
        "survey_last_invitation_id",
        "survey_last_score",
        "tier_color",
        "tier_points_multiplier",
        "tier_renewal_lead_days",
        "tier_rent_discount_percent",
        "tier_sla_factor",
        "visit_last_date",
        "visit_last_satisfaction",
    },
}

# {model: domain}: the records of the company another company's user must not read, when not
# all of them (Odoo shows the contacts of internal users to every company, by design).
# None: shared between companies on purpose, with the reason.
COMPANY_SCOPE = {
    "res.partner": [("partner_share", "=", True)],
    # Odoo's resource addon has no multi-company rule on working calendars; the SLA clocks
    # read them as superuser and hold no tenant data.
    "resource.calendar": None,
}


def expected_rows():
    """{model: Row or ABSTRACT} of every addon's block."""
    rows = {}
    for block in ACCESS_MATRIX.values():
        rows.update(block)
    return rows
