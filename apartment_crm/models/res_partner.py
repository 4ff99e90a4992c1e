# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
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
