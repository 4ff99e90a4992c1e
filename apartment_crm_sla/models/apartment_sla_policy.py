# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

TICKET_KINDS = [
    ("complaint", "Complaint"),
    ("repair", "Repair"),
    ("request", "Request"),
    ("other", "Other"),
]
TICKET_PRIORITIES = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Very High"),
]
# The optional criteria a policy matches on, with the ticket field each one reads.
MATCH_FIELDS = {
    "ticket_kind": "ticket_kind",
    "priority": "priority",
    "team_id": "team_id",
    "category_id": "category_id",
    "tenant_tier_id": "tenant_tier_id",
    "property_id": "property_id",
}


class ApartmentSlaPolicy(models.Model):
    """A service level: response and resolution targets in working minutes.

    A ticket gets the most specific active policy of its company whose criteria all match it:
    the one with the most criteria set, then the lowest sequence, then the oldest.
    """

    _name = "apartment.sla.policy"
    _description = "SLA Policy"
    _check_company_auto = True
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Among equally specific policies, lower wins.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to apply to every company."
    )
    # Criteria (each optional)
    ticket_kind = fields.Selection(TICKET_KINDS)
    priority = fields.Selection(TICKET_PRIORITIES)
    team_id = fields.Many2one("helpdesk.ticket.team")
    category_id = fields.Many2one("helpdesk.ticket.category")
    tenant_tier_id = fields.Many2one("apartment.tenant.tier", check_company=True)
    property_id = fields.Many2one("apartment.property", check_company=True)
    # Targets
    response_minutes = fields.Integer(
        string="Response Target (min)",
        required=True,
        default=240,
        help="Working minutes to the first answer to the tenant.",
    )
    response_calendar_id = fields.Many2one(
        "resource.calendar",
        required=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="Working time on which the response clock runs (its leaves stop the clock).",
    )
    resolution_minutes = fields.Integer(
        string="Resolution Target (min)",
        required=True,
        default=1440,
        help="Working minutes to close the ticket.",
    )
    resolution_calendar_id = fields.Many2one(
        "resource.calendar",
        required=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="Working time on which the resolution clock runs.",
    )
    apply_tier_factor = fields.Boolean(
        default=True, help="Multiply both targets by the SLA factor of the tenant's tier."
    )
    pause_stage_ids = fields.Many2many(
        "helpdesk.ticket.stage",
        string="Pausing Stages",
        help="While a ticket is in one of these stages its clocks stop (waiting on tenant).",
    )
    response_mode = fields.Selection(
        [
            ("message", "First message to the tenant"),
            ("stage", "Reaching a response stage"),
            ("both", "Whichever comes first"),
        ],
        default="both",
        required=True,
        help="What counts as the first response. A message counts when an internal user sends "
        "it to the tenant (internal notes do not count).",
    )
    response_stage_ids = fields.Many2many(
        "helpdesk.ticket.stage",
        "apartment_sla_policy_response_stage_rel",
        "policy_id",
        "stage_id",
        string="Response Stages",
        help="Moving a ticket into one of these stages counts as its first response.",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "targets_positive",
            "CHECK(response_minutes > 0 AND resolution_minutes > 0)",
            "The response and resolution targets of an SLA policy must be positive minutes.",
        ),
        (
            # 525,600 minutes: a year of working time is already far beyond any promise.
            "targets_bounded",
            "CHECK(response_minutes <= 525600 AND resolution_minutes <= 525600)",
            "The response and resolution targets of an SLA policy cannot exceed 525,600 "
            "minutes (one year).",
        ),
    ]

    @api.constrains("response_minutes", "resolution_minutes")
    def _check_targets_order(self):
        for policy in self:
            if policy.resolution_minutes < policy.response_minutes:
                raise ValidationError(
                    self.env._(
                        "SLA policy %(name)s: the resolution target (%(resolution)s min) cannot "
                        "be shorter than the response target (%(response)s min); raise the "
                        "resolution target.",
                        name=policy.name,
                        resolution=policy.resolution_minutes,
                        response=policy.response_minutes,
                    )
                )

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------
    def _get_match_score(self):
        """How specific the policy is: the number of criteria it sets."""
        self.ensure_one()
        return sum(1 for field in MATCH_FIELDS if self[field])

    def _matches(self, ticket):
        self.ensure_one()
        if self.company_id and self.company_id != ticket.company_id:
            return False
        for policy_field, ticket_field in MATCH_FIELDS.items():
            value = self[policy_field]
            if value and value != ticket[ticket_field]:
                return False
        return True

    @api.model
    def _get_candidates(self):
        """The active policies, most specific first."""
        policies = self.search([("active", "=", True)])
        return policies.sorted(lambda p: (-p._get_match_score(), p.sequence, p.id))

    @api.model
    def _find_for_tickets(self, tickets):
        """{ticket: policy} for a batch of tickets (one search)."""
        candidates = self._get_candidates()
        result = {}
        for ticket in tickets:
            result[ticket] = next(
                (policy for policy in candidates if policy._matches(ticket)), self.browse()
            )
        return result

    # ------------------------------------------------------------------
    # Targets
    # ------------------------------------------------------------------
    def _get_target_minutes(self, target, tier):
        """The target in minutes for a tenant of `tier` (factor applied, whole minutes)."""
        self.ensure_one()
        minutes = self[f"{target}_minutes"]
        if self.apply_tier_factor and tier:
            minutes = round(minutes * tier.sla_factor)
        return max(int(minutes), 1)

    def _get_calendar(self, target):
        self.ensure_one()
        return self[f"{target}_calendar_id"]

    def action_recompute_open_tickets(self):
        """Recompute the deadlines of the open tickets under these policies (after an edit)."""
        tickets = self.env["helpdesk.ticket"].search(
            [("sla_policy_id", "in", self.ids), ("resolved_date", "=", False)]
        )
        tickets._sla_recompute()
        return True
