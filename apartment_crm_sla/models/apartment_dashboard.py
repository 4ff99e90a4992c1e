# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from odoo import api, fields, models


class ApartmentDashboard(models.AbstractModel):
    _inherit = "apartment.dashboard"

    @api.model
    def _get_dashboard_sections(self):
        return [*super()._get_dashboard_sections(), self._get_dashboard_section_service()]

    # Long on purpose: a declarative list of figures, one per block.
    @api.model
    def _get_dashboard_section_service(self):
        """Service levels: breaches of open tickets, compliance of today's closed tickets."""
        Ticket = self.env["helpdesk.ticket"]
        today_start = datetime.combine(fields.Date.context_today(self), time.min)
        scope = self._scope("property_id")
        breached_domain = [
            *scope,
            ("sla_state", "=", "breached"),
            ("resolved_date", "=", False),
        ]
        at_risk_domain = [*scope, ("sla_state", "=", "at_risk"), ("resolved_date", "=", False)]
        closed_today = [
            *scope,
            ("resolved_date", ">=", today_start),
            ("sla_state", "in", ("met", "breached")),
        ]
        states = dict(Ticket._read_group(closed_today, ["sla_state"], ["__count"]))
        closed = sum(states.values())
        compliance = 100.0 * states.get("met", 0) / closed if closed else None
        breached = Ticket.search_count(breached_domain)
        at_risk = Ticket.search_count(at_risk_domain)
        return {
            "key": "service",
            "title": self.env._("Service levels"),
            "figures": [
                self._figure(
                    "sla_compliance_today",
                    self.env._("SLA met today"),
                    None if compliance is None else f"{compliance:.0f} %",
                    self._action(
                        "apartment_crm_sla.helpdesk_ticket_action_sla",
                        closed_today,
                        name=self.env._("Tickets closed today"),
                    ),
                    tone="neutral"
                    if compliance is None
                    else ("good" if compliance >= 95 else "warning"),
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
                        "apartment_crm_sla.helpdesk_ticket_action_sla",
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
                        "apartment_crm_sla.helpdesk_ticket_action_sla",
                        at_risk_domain,
                        name=self.env._("Tickets at risk"),
                    ),
                    tone="warning" if at_risk else "good",
                ),
            ],
        }
