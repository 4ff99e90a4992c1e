# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ApartmentDashboard(models.AbstractModel):
    """Figures of the operator dashboard (client action `apartment_crm.dashboard`).

    Every figure carries the window action that lists the records behind it, so a click on the
    dashboard opens exactly those. Capabilities add their own sections by extending
    `_get_dashboard_sections` (call super, append a section).
    """

    _name = "apartment.dashboard"
    _description = "Apartment Operator Dashboard"

    @api.model
    def get_dashboard_data(self):
        return {
            "company": self.env.company.name,
            "date": fields.Date.to_string(fields.Date.context_today(self)),
            "sections": self._get_dashboard_sections(),
        }

    @api.model
    def _get_dashboard_sections(self):
        return [
            self._get_dashboard_section_occupancy(),
            self._get_dashboard_section_rent(),
            self._get_dashboard_section_service(),
            self._get_dashboard_section_tenants(),
        ]

    @api.model
    def _figure(self, key, label, value, action=None, tone="neutral", hint=None):
        """One figure; `value` is shown as given (format numbers before)."""
        return {
            "key": key,
            "label": label,
            "value": value,
            "action": action,
            "tone": tone,
            "hint": hint or "",
        }

    @api.model
    def _action(self, xml_id, domain, name=None, context=None, views=("list", "form")):
        """The window action behind a figure, or None when the user cannot read its records
        (the card then shows the figure without a link)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        if not self.env[action["res_model"]].has_access("read"):
            return None
        action.update(
            {
                "domain": domain,
                "context": context or {},
                "views": [(False, view) for view in views],
                "view_mode": ",".join(views),
            }
        )
        if name:
            action["display_name"] = action["name"] = name
        return action

    @api.model
    def _get_dashboard_section_occupancy(self):
        Unit = self.env["apartment.unit"]
        counts = dict(Unit._read_group([], ["state"], ["__count"]))
        total = sum(counts.values())
        rentable = total - counts.get("maintenance", 0)
        occupied = counts.get("occupied", 0)
        rate = 100.0 * occupied / rentable if rentable else 0.0
        today = fields.Date.context_today(self)
        horizon = today + relativedelta(days=90)
        ending_domain = [
            ("state", "=", "active"),
            ("date_end", ">=", today),
            ("date_end", "<=", horizon),
        ]
        ending = self.env["apartment.lease"].search_count(ending_domain)
        tenants = self.env["apartment.lease"].search_count([("state", "=", "active")])
        return {
            "key": "occupancy",
            "title": self.env._("Occupancy"),
            "figures": [
                self._figure(
                    "occupancy_rate",
                    self.env._("Occupancy"),
                    f"{rate:.1f} %",
                    self._action(
                        "apartment_crm.apartment_unit_action",
                        [("state", "=", "occupied")],
                        name=self.env._("Occupied units"),
                    ),
                    tone="good" if rate >= 90 else ("warning" if rate >= 75 else "danger"),
                    hint=self.env._(
                        "%(occupied)s of %(rentable)s rentable units",
                        occupied=occupied,
                        rentable=rentable,
                    ),
                ),
                self._figure(
                    "vacant_units",
                    self.env._("Vacant units"),
                    str(counts.get("vacant", 0)),
                    self._action(
                        "apartment_crm.apartment_unit_action",
                        [("state", "=", "vacant")],
                        name=self.env._("Vacant units"),
                    ),
                    tone="warning" if counts.get("vacant") else "good",
                ),
                self._figure(
                    "active_leases",
                    self.env._("Active leases"),
                    str(tenants),
                    self._action(
                        "apartment_crm.apartment_lease_action",
                        [("state", "=", "active")],
                        name=self.env._("Active leases"),
                    ),
                ),
                self._figure(
                    "leases_ending_90d",
                    self.env._("Leases ending in 90 days"),
                    str(ending),
                    self._action(
                        "apartment_crm.apartment_lease_action",
                        ending_domain,
                        name=self.env._("Leases ending in 90 days"),
                    ),
                    tone="warning" if ending else "neutral",
                ),
            ],
        }

    @api.model
    def _money(self, amount, currency=None):
        """Plain-text amount with the currency symbol (the cards show text, not HTML)."""
        return (currency or self.env.company.currency_id).format(amount or 0.0)

    @api.model
    def _get_dashboard_section_rent(self):
        """Overdue rent, renewals waiting for an answer and the 12-month renewal rate."""
        today = fields.Date.context_today(self)
        overdue_domain = [
            ("rent_kind", "=", "rent"),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", today),
        ]
        # Housekeepers see the figure even without access to Invoicing (sudo, own companies).
        [(overdue_count, overdue_amount)] = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                overdue_domain + [("company_id", "in", self.env.companies.ids)],
                [],
                ["__count", "amount_residual_signed:sum"],
            )
        )
        Renewal = self.env["apartment.lease.renewal"]
        open_domain = [("state", "in", ("draft", "offered"))]
        open_count = Renewal.search_count(open_domain)
        decided = dict(
            Renewal._read_group(
                [
                    ("state", "in", ("accepted", "declined", "expired")),
                    ("decision_date", ">", today - relativedelta(months=12)),
                ],
                ["state"],
                ["__count"],
            )
        )
        closed = sum(decided.values())
        rate = 100.0 * decided.get("accepted", 0) / closed if closed else 0.0
        return {
            "key": "rent",
            "title": self.env._("Rent and renewals"),
            "figures": [
                self._figure(
                    "overdue_rent",
                    self.env._("Overdue rent"),
                    self._money(overdue_amount or 0.0),
                    self._action(
                        "apartment_crm.apartment_rent_invoice_action",
                        overdue_domain,
                        name=self.env._("Overdue rent invoices"),
                    ),
                    tone="danger" if overdue_count else "good",
                    hint=self.env._("%(count)s invoices past due", count=overdue_count),
                ),
                self._figure(
                    "renewals_open",
                    self.env._("Renewal offers open"),
                    str(open_count),
                    self._action(
                        "apartment_crm.apartment_lease_renewal_action",
                        open_domain,
                        name=self.env._("Open renewal offers"),
                    ),
                    tone="warning" if open_count else "neutral",
                ),
                self._figure(
                    "renewal_rate",
                    self.env._("Renewal rate (12 months)"),
                    f"{rate:.0f} %",
                    self._action(
                        "apartment_crm.apartment_lease_renewal_action",
                        [("state", "in", ("accepted", "declined", "expired"))],
                        name=self.env._("Decided renewals"),
                    ),
                    tone="good" if rate >= 80 else ("warning" if rate >= 60 else "danger"),
                    hint=self.env._(
                        "%(accepted)s accepted of %(closed)s decided",
                        accepted=decided.get("accepted", 0),
                        closed=closed,
                    ),
                ),
            ],
        }

    @api.model
    def _get_dashboard_section_service(self):
        """Service levels: breaches of open tickets, compliance of today's closed tickets."""
        Ticket = self.env["helpdesk.ticket"]
        today_start = datetime.combine(fields.Date.context_today(self), time.min)
        breached_domain = [("sla_state", "=", "breached"), ("resolved_date", "=", False)]
        at_risk_domain = [("sla_state", "=", "at_risk"), ("resolved_date", "=", False)]
        closed_today = [
            ("resolved_date", ">=", today_start),
            ("sla_state", "in", ("met", "breached")),
        ]
        states = dict(Ticket._read_group(closed_today, ["sla_state"], ["__count"]))
        closed = sum(states.values())
        compliance = 100.0 * states.get("met", 0) / closed if closed else 100.0
        breached = Ticket.search_count(breached_domain)
        at_risk = Ticket.search_count(at_risk_domain)
        return {
            "key": "service",
            "title": self.env._("Service levels"),
            "figures": [
                self._figure(
                    "sla_compliance_today",
                    self.env._("SLA met today"),
                    f"{compliance:.0f} %",
                    self._action(
                        "apartment_crm.helpdesk_ticket_action_sla",
                        closed_today,
                        name=self.env._("Tickets closed today"),
                    ),
                    tone="good" if compliance >= 95 else "warning",
                    hint=self.env._(
                        "%(met)s of %(closed)s closed today",
                        met=states.get("met", 0),
                        closed=closed,
                    ),
                ),
                self._figure(
                    "sla_breached_open",
                    self.env._("Open tickets in breach"),
                    str(breached),
                    self._action(
                        "apartment_crm.helpdesk_ticket_action_sla",
                        breached_domain,
                        name=self.env._("Open tickets in breach"),
                    ),
                    tone="danger" if breached else "good",
                ),
                self._figure(
                    "sla_at_risk",
                    self.env._("Tickets at risk"),
                    str(at_risk),
                    self._action(
                        "apartment_crm.helpdesk_ticket_action_sla",
                        at_risk_domain,
                        name=self.env._("Tickets at risk"),
                    ),
                    tone="warning" if at_risk else "good",
                ),
            ],
        }

    @api.model
    def _get_dashboard_section_tenants(self):
        """Tenants at risk of leaving, points owed to tenants, community events ahead."""
        Partner = self.env["res.partner"]
        high_domain = [("churn_risk_level", "=", "high")]
        high = Partner.search_count(high_domain)
        [(points,)] = self.env["apartment.loyalty.entry"]._read_group(
            [("company_id", "in", [self.env.company.id, False])], [], ["points:sum"]
        )
        liability = (points or 0.0) * self.env.company.loyalty_point_value
        now = fields.Datetime.now()
        events_domain = [
            ("date_begin", ">=", now),
            ("date_begin", "<", now + relativedelta(days=30)),
        ]
        events = self.env["event.event"].search_count(events_domain)
        return {
            "key": "tenants",
            "title": self.env._("Tenants and community"),
            "figures": [
                self._figure(
                    "churn_high",
                    self.env._("High churn risk"),
                    str(high),
                    self._action(
                        "apartment_crm.res_partner_action_tenant",
                        high_domain,
                        name=self.env._("Tenants at high churn risk"),
                        views=("list", "form"),
                    ),
                    tone="danger" if high else "good",
                ),
                self._figure(
                    "points_liability",
                    self.env._("Points liability"),
                    self._money(liability),
                    self._action(
                        "apartment_crm.apartment_loyalty_entry_action",
                        [("company_id", "in", [self.env.company.id, False])],
                        name=self.env._("Points ledger"),
                    ),
                    hint=self.env._("%(points)s points outstanding", points=f"{points or 0:,.0f}"),
                ),
                self._figure(
                    "events_30d",
                    self.env._("Events in the next 30 days"),
                    str(events),
                    self._action(
                        "apartment_crm.event_event_action_community",
                        events_domain,
                        name=self.env._("Upcoming community events"),
                    ),
                ),
            ],
        }
