# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    tenant_tier_id = fields.Many2one(
        "apartment.tenant.tier",
        string="Tier",
        index=True,
        tracking=True,
        ondelete="restrict",
        help="The tenant's value tier; its benefits drive renewals, points and service levels.",
    )
    lease_ids = fields.One2many("apartment.lease", "partner_id", string="Leases")
    lease_count = fields.Integer(compute="_compute_lease_count")
    is_tenant = fields.Boolean(
        compute="_compute_is_tenant",
        search="_search_is_tenant",
        help="Has, or had, a signed lease (active or ended).",
    )
    current_lease_id = fields.Many2one(
        "apartment.lease",
        compute="_compute_current_lease_id",
        help="The lease running today, else the next signed one.",
    )
    housekeeper_id = fields.Many2one(
        "res.users",
        compute="_compute_current_lease_id",
        help="Housekeeper of the current lease.",
    )
    move_in_date = fields.Date(
        compute="_compute_move_in_date",
        store=True,
        help="Start of the tenant's first signed lease with the operator.",
    )
    birthday = fields.Date()
    id_document_number = fields.Char(
        string="ID Document Number",
        groups="apartment_crm.group_apartment_manager",
        copy=False,
        help="Identity card or passport number; only apartment managers can see it.",
    )
    emergency_contact_name = fields.Char()
    emergency_contact_phone = fields.Char()
    preferred_channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("wechat", "WeChat"),
            ("sms", "SMS"),
        ],
        default="email",
        help="How the tenant prefers to be contacted for reminders and offers.",
    )
    wechat_id = fields.Char(string="WeChat ID")

    def _compute_lease_count(self):
        groups = self.env["apartment.lease"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.lease_count = counts.get(partner.id, 0)

    @api.depends("lease_ids.state")
    def _compute_is_tenant(self):
        tenants = self.browse(
            partner.id
            for [partner] in self.env["apartment.lease"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("state", "in", ("active", "ended"))],
                ["partner_id"],
            )
        )
        for partner in self:
            partner.is_tenant = partner in tenants

    def _search_is_tenant(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        leases = self.env["apartment.lease"].sudo()._search([("state", "in", ("active", "ended"))])
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", leases.subselect("partner_id"))]

    @api.depends("lease_ids.state", "lease_ids.date_start", "lease_ids.date_end")
    def _compute_current_lease_id(self):
        today = fields.Date.context_today(self)
        leases = self.env["apartment.lease"].search(
            [
                ("partner_id", "in", self.ids),
                ("state", "=", "active"),
                ("date_end", ">=", today),
            ],
            order="date_start",
        )
        by_partner = {}
        for lease in leases:
            current = by_partner.get(lease.partner_id.id)
            # A lease running today beats one that starts later.
            if not current or (current.date_start > today >= lease.date_start):
                by_partner[lease.partner_id.id] = lease
        for partner in self:
            lease = by_partner.get(partner.id, self.env["apartment.lease"])
            partner.current_lease_id = lease
            partner.housekeeper_id = lease.user_id

    @api.depends("lease_ids.state", "lease_ids.date_start")
    def _compute_move_in_date(self):
        groups = (
            self.env["apartment.lease"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("state", "in", ("active", "ended"))],
                ["partner_id"],
                ["date_start:min"],
            )
        )
        first = {partner.id: date_start for partner, date_start in groups}
        for partner in self:
            partner.move_in_date = first.get(partner.id, False)

    def action_view_leases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm.apartment_lease_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # --- events ---
    event_invitation_opt_out = fields.Boolean(
        string="No Event Invitations",
        help="The tenant does not want to be invited to community events.",
    )
    interest_group_ids = fields.Many2many(
        "apartment.interest.group",
        "apartment_interest_group_partner_rel",
        "partner_id",
        "group_id",
        string="Interest Groups",
    )
    events_attended_12m = fields.Integer(
        string="Events Attended (12 months)",
        compute="_compute_events_attended_12m",
        help="Community events attended over the last 12 months.",
    )

    def _compute_events_attended_12m(self):
        counts = self._get_event_participation()
        for partner in self:
            partner.events_attended_12m = counts.get(partner.id, 0)

    def _get_event_participation(self, date=None):
        """{partner_id: number of attended registrations (state 'done') of events that began in
        the 12 months up to ``date`` (default today)}; for the partners in self, or for every
        partner when self is empty. One query; used by the tier and churn engines."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        end = fields.Datetime.to_datetime(fields.Date.add(date, days=1))
        domain = [
            ("state", "=", "done"),
            ("partner_id", "!=", False),
            ("event_id.date_begin", ">=", fields.Date.subtract(end, months=12)),
            ("event_id.date_begin", "<", end),
        ]
        if self:
            domain.append(("partner_id", "in", self.ids))
        groups = (
            self.env["event.registration"].sudo()._read_group(domain, ["partner_id"], ["__count"])
        )
        return {partner.id: count for partner, count in groups}

    def _get_active_lease_properties(self, date=None):
        """{partner_id: set of building ids where the partner holds an active lease on
        ``date`` (state active, not ended yet)}; for the partners in self, or every tenant when
        self is empty. One query."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        domain = [("state", "=", "active"), ("date_end", ">=", date)]
        if self:
            domain.append(("partner_id", "in", self.ids))
        result = {}
        for partner, building in (
            self.env["apartment.lease"].sudo()._read_group(domain, ["partner_id", "property_id"])
        ):
            result.setdefault(partner.id, set()).add(building.id)
        return result

    # --- sla ---
    def write(self, vals):
        res = super().write(vals)
        if "tenant_tier_id" in vals:
            # Open tickets follow the tenant's new tier (their deadlines recompute).
            tickets = self.env["helpdesk.ticket"].search(
                [("partner_id", "in", self.ids), ("resolved_date", "=", False)]
            )
            by_tier = defaultdict(lambda: self.env["helpdesk.ticket"])
            for ticket in tickets:
                partner = ticket.partner_id.commercial_partner_id or ticket.partner_id
                if ticket.tenant_tier_id != partner.tenant_tier_id:
                    by_tier[partner.tenant_tier_id] |= ticket
            for tier, tier_tickets in by_tier.items():
                tier_tickets.write({"tenant_tier_id": tier.id})
        return res

    def _get_sla_stats(self, date=None):
        """Service signals for churn scoring, in a few grouped queries.

        :return: {partner_id: {breaches_90d, low_ratings_180d, open_complaints, repairs_60d}}
        """
        return self.env["helpdesk.ticket"]._sla_stats_by_partner(self.ids, date=date)

    # --- renewals ---
    @api.model
    def _get_renewal_stats(self, date=None):
        """Renewal signals for the churn engine: {partner_id: {"unanswered": n, "expired": n}}.

        ``unanswered``: offers sent on or before ``date`` and still without an answer;
        ``expired``: offers that expired unanswered in the 12 months up to ``date``.
        Restricted to ``self`` when it holds partners, else all tenants.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        Renewal = self.env["apartment.lease.renewal"].sudo()
        base = [("partner_id", "in", self.ids)] if self else []
        stats = {}
        for key, domain in (
            ("unanswered", [("state", "=", "offered"), ("offer_date", "<=", date)]),
            (
                "expired",
                [
                    ("state", "=", "expired"),
                    ("decision_date", "<=", date),
                    ("decision_date", ">", fields.Date.subtract(date, years=1)),
                ],
            ),
        ):
            for partner, count in Renewal._read_group(base + domain, ["partner_id"], ["__count"]):
                stats.setdefault(partner.id, {"unanswered": 0, "expired": 0})[key] = count
        return stats

    # --- loyalty ---
    loyalty_entry_ids = fields.One2many(
        "apartment.loyalty.entry", "partner_id", string="Loyalty Entries"
    )
    loyalty_balance = fields.Float(
        string="Points",
        digits="Loyalty Points",
        compute="_compute_loyalty_balance",
        store=True,
        help="Sum of the tenant's points ledger, updated in the transaction that posts entries.",
    )
    loyalty_points_expiring_soon = fields.Float(
        string="Points Expiring Soon",
        digits="Loyalty Points",
        compute="_compute_loyalty_expiry",
        help="Points that expire within the warning period of the company settings.",
    )
    loyalty_next_expiry_date = fields.Date(
        string="Next Points Expiry", compute="_compute_loyalty_expiry"
    )

    @api.depends("loyalty_entry_ids.points")
    def _compute_loyalty_balance(self):
        # One aggregate for the whole batch (20,000 tenants at once in the benchmark).
        groups = (
            self.env["apartment.loyalty.entry"]
            .sudo()
            ._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["points:sum"])
        )
        totals = {partner.id: total for partner, total in groups}
        for partner in self:
            partner.loyalty_balance = totals.get(partner.id, 0.0)

    def _compute_loyalty_expiry(self):
        today = fields.Date.context_today(self)
        days = self.env.company.loyalty_expiry_warning_days
        Entry = self.env["apartment.loyalty.entry"].sudo()
        base = [
            ("partner_id", "in", self.ids),
            ("remaining", ">", 0),
            ("expiry_date", "!=", False),
            ("expiry_date", ">=", today),
        ]
        next_dates = {
            partner.id: day
            for partner, day in Entry._read_group(base, ["partner_id"], ["expiry_date:min"])
        }
        soon_points = {
            partner.id: total
            for partner, total in Entry._read_group(
                [*base, ("expiry_date", "<=", fields.Date.add(today, days=days))],
                ["partner_id"],
                ["remaining:sum"],
            )
        }
        for partner in self:
            partner.loyalty_next_expiry_date = next_dates.get(partner.id, False)
            partner.loyalty_points_expiring_soon = soon_points.get(partner.id, 0.0)

    def _loyalty_lock(self):
        """Lock these tenants' rows for the rest of the transaction (see
        ``apartment.loyalty.entry._lock_partners``)."""
        return self.env["apartment.loyalty.entry"]._lock_partners(self)

    def _loyalty_refresh_balance(self):
        """Write the recomputed balances now (same transaction as the new entries)."""
        self.flush_recordset(["loyalty_balance"])
        return True

    @api.model
    def _cron_check_loyalty_balances(self, date=None):
        """Verify balance == sum(entries) for all partners in one query; log and return the
        mismatches as [(partner id, stored balance, ledger sum)]."""
        return self.env["apartment.loyalty.entry"]._check_balances()

    def action_view_loyalty_entries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm.apartment_loyalty_entry_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        return action

    def action_loyalty_redeem(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm.apartment_loyalty_redeem_action"
        )
        action["context"] = {"default_partner_id": self.id}
        return action

    # --- rent ---
    on_time_payment_rate = fields.Float(
        compute="_compute_rent_payment_stats",
        digits=(5, 2),
        help="Share (%) of the tenant's rent invoices due in the last 12 months that were paid "
        "on or before their due date.",
    )
    late_payment_count_12m = fields.Integer(
        string="Late Payments (12 months)",
        compute="_compute_rent_payment_stats",
        help="Rent invoices due in the last 12 months paid after their due date or still unpaid "
        "past it.",
    )
    overdue_amount = fields.Monetary(
        compute="_compute_rent_payment_stats",
        currency_field="rent_currency_id",
        help="Open amount of the tenant's rent invoices past their due date.",
    )
    rent_paid_12m = fields.Monetary(
        string="Rent Paid (12 months)",
        compute="_compute_rent_payment_stats",
        currency_field="rent_currency_id",
        help="Rent invoices paid in full in the last 12 months (by paid date).",
    )
    rent_currency_id = fields.Many2one("res.currency", compute="_compute_rent_payment_stats")

    @api.depends_context("company")
    def _compute_rent_payment_stats(self):
        stats = self._get_rent_payment_stats()
        currency = self.env.company.currency_id
        for partner in self:
            values = stats.get(partner.id, {})
            partner.on_time_payment_rate = values.get("on_time_payment_rate", 0.0)
            partner.late_payment_count_12m = values.get("late_payment_count_12m", 0)
            partner.overdue_amount = values.get("overdue_amount", 0.0)
            partner.rent_paid_12m = values.get("rent_paid_12m", 0.0)
            partner.rent_currency_id = currency

    def _get_rent_payment_stats(self, date=None):
        """Rent payment behaviour of the partners, in a fixed number of queries.

        Returns {partner_id: {due_count_12m, on_time_count_12m, on_time_payment_rate (%),
        late_payment_count_12m, overdue_amount, rent_paid_12m}} for every partner of ``self``
        with rent invoices (amounts in company currency). ``date`` is the reference day (today).
        Only posted rent invoices that were not reversed count.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        since = date - relativedelta(months=12)
        Move = self.env["account.move"].sudo()
        base = [
            ("partner_id", "in", self.ids),
            ("rent_kind", "=", "rent"),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "!=", "reversed"),
        ]
        due_12m = base + [("invoice_date_due", ">", since), ("invoice_date_due", "<=", date)]
        stats = {}

        def bucket(partner):
            return stats.setdefault(
                partner.id,
                {
                    "due_count_12m": 0,
                    "on_time_count_12m": 0,
                    "on_time_payment_rate": 0.0,
                    "late_payment_count_12m": 0,
                    "overdue_amount": 0.0,
                    "rent_paid_12m": 0.0,
                },
            )

        for partner, count in Move._read_group(due_12m, ["partner_id"], ["__count"]):
            bucket(partner)["due_count_12m"] = count
        on_time = due_12m + [
            ("paid_date", "!=", False),
            ("paid_date", "<=", date),
            ("days_late", "=", 0),
        ]
        for partner, count in Move._read_group(on_time, ["partner_id"], ["__count"]):
            bucket(partner)["on_time_count_12m"] = count
        late = due_12m + [
            "|",
            ("days_late", ">", 0),
            "&",
            ("invoice_date_due", "<", date),
            "|",
            ("paid_date", "=", False),
            ("paid_date", ">", date),
        ]
        for partner, count in Move._read_group(late, ["partner_id"], ["__count"]):
            bucket(partner)["late_payment_count_12m"] = count
        overdue = base + [
            ("invoice_date_due", "<", date),
            ("payment_state", "in", ("not_paid", "partial")),
        ]
        for partner, amount in Move._read_group(
            overdue, ["partner_id"], ["amount_residual_signed:sum"]
        ):
            bucket(partner)["overdue_amount"] = amount
        paid = base + [("paid_date", ">", since), ("paid_date", "<=", date)]
        for partner, amount in Move._read_group(paid, ["partner_id"], ["amount_total_signed:sum"]):
            bucket(partner)["rent_paid_12m"] = amount
        for values in stats.values():
            if values["due_count_12m"]:
                values["on_time_payment_rate"] = round(
                    100.0 * values["on_time_count_12m"] / values["due_count_12m"], 2
                )
        return stats
