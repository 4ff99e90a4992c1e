# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# helpdesk priority (0-3) -> maintenance priority (0-3): the same scale.
PRIORITY_MAP = {"0": "1", "1": "2", "2": "3", "3": "3"}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    equipment_id = fields.Many2one(
        "maintenance.equipment",
        index="btree_not_null",
        domain="[('property_id', '=?', property_id)]",
        tracking=True,
        help="The building equipment the ticket is about.",
    )
    maintenance_request_id = fields.Many2one(
        "maintenance.request",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="The technicians' repair; when it is done, the ticket is resolved.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._apply_maintenance_rules()
        return tickets

    def _apply_maintenance_rules(self):
        """Tickets matched by a grading rule that opens a maintenance request: link the
        building's equipment of the rule's category (when there is one) and open it."""
        Rule = self.env["apartment.ticket.grading.rule"].sudo()
        rules_by_company = {}
        to_open = self.browse()
        for ticket in self.filtered(lambda t: not t.maintenance_request_id):
            company = ticket.company_id or self.env.company
            if company not in rules_by_company:
                rules_by_company[company] = Rule._get_rules(company).filtered(
                    "open_maintenance_request"
                )
            if not rules_by_company[company]:
                continue
            __, __, matched = Rule._grade(
                ticket.name,
                ticket.description,
                ticket.category_id,
                ticket.partner_id.commercial_partner_id.tenant_tier_id,
                company,
                rules=rules_by_company[company],
            )
            if not matched:
                continue
            category = matched.equipment_category_id[:1]
            if category and not ticket.equipment_id and ticket.property_id:
                equipment = (
                    self.env["maintenance.equipment"]
                    .sudo()
                    .search(
                        [
                            ("property_id", "=", ticket.property_id.id),
                            ("category_id", "=", category.id),
                        ],
                        limit=2,
                    )
                )
                if len(equipment) == 1:
                    ticket.sudo().equipment_id = equipment
            to_open |= ticket
        if to_open:
            to_open._open_maintenance_requests()

    def _prepare_maintenance_request_vals(self):
        self.ensure_one()
        vals = {
            "name": self.env._("%(ticket)s: %(name)s", ticket=self.number or "", name=self.name),
            "description": self.description,
            "maintenance_type": "corrective",
            "equipment_id": self.equipment_id.id,
            "company_id": self.company_id.id or self.env.company.id,
            "priority": PRIORITY_MAP.get(self.priority or "1", "2"),
            "request_date": fields.Date.context_today(self),
        }
        if self.equipment_id.maintenance_team_id:
            vals["maintenance_team_id"] = self.equipment_id.maintenance_team_id.id
        return vals

    def _open_maintenance_requests(self):
        """One request per ticket that has none (the technicians may lack helpdesk rights
        and the staff maintenance rights: system-made, in sudo)."""
        tickets = self.filtered(lambda t: not t.maintenance_request_id)
        if not tickets:
            return self.env["maintenance.request"]
        requests = (
            self.env["maintenance.request"]
            .sudo()
            .create([ticket._prepare_maintenance_request_vals() for ticket in tickets])
        )
        for ticket, request in zip(tickets, requests, strict=True):
            ticket.sudo().maintenance_request_id = request
            ticket.message_post(
                body=self.env._(
                    "Maintenance request %(request)s opened for the technicians.",
                    request=request.display_name,
                )
            )
        return requests

    def action_open_maintenance_request(self):
        """One click: the ticket's maintenance request (opened now if it has none)."""
        self.ensure_one()
        self._open_maintenance_requests()
        return {
            "type": "ir.actions.act_window",
            "res_model": "maintenance.request",
            "res_id": self.maintenance_request_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _on_maintenance_done(self):
        """The request is done: resolve the open tickets it repairs (their first closed
        stage; the SLA clock of each ticket stops there)."""
        for ticket in self.filtered(lambda t: not t.stage_id.closed):
            stage = ticket.team_id._get_applicable_stages().filtered("closed")[:1] or self.env[
                "helpdesk.ticket.stage"
            ].search([("closed", "=", True)], limit=1)
            if stage:
                ticket.stage_id = stage
                ticket.message_post(
                    body=self.env._(
                        "Resolved: maintenance request %(request)s is done.",
                        request=ticket.maintenance_request_id.display_name,
                    )
                )
