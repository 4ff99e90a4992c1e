# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

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

    @api.model
    def _get_engine_fields(self):
        return super()._get_engine_fields() | {
            "loyalty_balance",
            "loyalty_points_expiring_soon",
            "loyalty_next_expiry_date",
        }

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
        """Verify balance == sum(entries); log and return the mismatches as [(partner id,
        stored balance, ledger sum)]: every partner in one query, or one batch of partners per
        scheduler call (``apartment.loyalty.entry._check_balances``)."""
        return self.env["apartment.loyalty.entry"]._check_balances()

    def action_view_loyalty_entries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm_loyalty.apartment_loyalty_entry_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        return action

    def action_loyalty_redeem(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm_loyalty.apartment_loyalty_redeem_action"
        )
        action["context"] = {"default_partner_id": self.id}
        return action
