# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html2plaintext

from .apartment_sla_policy import TICKET_KINDS, TICKET_PRIORITIES


class ApartmentTicketGradingRule(models.Model):
    """Grades a new ticket: sets its kind and raises its priority when the rule matches.

    A rule matches when each criterion it sets matches (categories: any of them; keywords: any
    of them in the title or description, case-insensitive; tiers: any of them). Rules are
    tried by sequence: the first matching rule that sets a kind gives the kind, and the
    highest priority among matching rules is kept (a rule never lowers a priority).
    """

    _name = "apartment.ticket.grading.rule"
    _description = "Ticket Grading Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    category_ids = fields.Many2many("helpdesk.ticket.category", string="Categories")
    keywords = fields.Char(
        help="Comma-separated words, Chinese or English, e.g. 漏水, leak, burst pipe"
    )
    tier_ids = fields.Many2many("apartment.tenant.tier", string="Tenant Tiers")
    ticket_kind = fields.Selection(TICKET_KINDS, string="Set Kind")
    priority = fields.Selection(TICKET_PRIORITIES, string="Set Priority")

    @api.constrains("category_ids", "keywords", "tier_ids", "ticket_kind", "priority")
    def _check_criteria(self):
        for rule in self:
            if not (rule.category_ids or rule._get_keywords() or rule.tier_ids):
                raise ValidationError(
                    self.env._(
                        "Grading rule %(name)s has no criterion: set categories, keywords or "
                        "tiers.",
                        name=rule.name,
                    )
                )
            if not (rule.ticket_kind or rule.priority):
                raise ValidationError(
                    self.env._(
                        "Grading rule %(name)s changes nothing: set a kind or a priority.",
                        name=rule.name,
                    )
                )

    def _get_keywords(self):
        self.ensure_one()
        return [
            word.strip().lower()
            for word in re.split(r"[,，;\n]", self.keywords or "")
            if word.strip()
        ]

    def _matches(self, text, category, tier):
        self.ensure_one()
        if self.category_ids and category not in self.category_ids:
            return False
        if self.tier_ids and tier not in self.tier_ids:
            return False
        keywords = self._get_keywords()
        return not keywords or any(word in text for word in keywords)

    @api.model
    def _get_rules(self, company):
        return self.search([("company_id", "in", [False, company.id]), ("active", "=", True)])

    @api.model
    def _grade(self, name, description, category, tier, company, rules=None):
        """(kind or False, priority or False, matching rules) for a new ticket."""
        if rules is None:
            rules = self._get_rules(company)
        text = f"{name or ''}\n{html2plaintext(description or '')}".lower()
        kind, priority = False, False
        matched = self.browse()
        for rule in rules:
            if not rule._matches(text, category, tier):
                continue
            matched |= rule
            if rule.ticket_kind and not kind:
                kind = rule.ticket_kind
            if rule.priority and rule.priority > (priority or ""):
                priority = rule.priority
        return kind, priority, matched
