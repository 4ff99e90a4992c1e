# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero


class ApartmentLoyaltyAdjust(models.TransientModel):
    """Managers correct a balance (or grant points by hand) with a mandatory reason."""

    _name = "apartment.loyalty.adjust"
    _description = "Adjust Loyalty Points"

    partner_id = fields.Many2one("res.partner", string="Tenant", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    balance = fields.Float(
        string="Balance", related="partner_id.loyalty_balance", digits="Loyalty Points"
    )
    mode = fields.Selection(
        [("adjust", "Adjustment (correction)"), ("earn", "Manual award")],
        required=True,
        default="adjust",
        help="Manual award: earned under a Manual rule (validity of the rule). Adjustment: a "
        "signed correction; positive ones never expire.",
    )
    rule_id = fields.Many2one(
        "apartment.loyalty.rule",
        domain="[('trigger', '=', 'manual')]",
        compute="_compute_rule_id",
        store=True,
        readonly=False,
    )
    points = fields.Float(digits="Loyalty Points", required=True)
    reason = fields.Char(required=True)

    @api.depends("mode", "company_id")
    def _compute_rule_id(self):
        for wizard in self:
            wizard.rule_id = (
                self.env["apartment.loyalty.rule"]._get_rules("manual", wizard.company_id)[:1]
                if wizard.mode == "earn"
                else False
            )

    def _check_allowed(self):
        if not self.env.user.has_group("apartment_crm.group_apartment_manager"):
            raise AccessError(
                self.env._(
                    "Only apartment managers can adjust loyalty points; ask a manager to post "
                    "the correction."
                )
            )

    def _prepare_entry_vals(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        vals = {
            "partner_id": self.partner_id.id,
            "date": today,
            "points": self.points,
            "entry_type": "adjust",
            "company_id": self.company_id.id,
            "description": self.reason,
        }
        if self.mode == "earn":
            vals.update(
                {
                    "entry_type": "earn",
                    "rule_id": self.rule_id.id,
                    "expiry_date": today + relativedelta(months=self.rule_id.validity_months)
                    if self.rule_id.validity_months
                    else False,
                }
            )
        return vals

    def action_apply(self):
        """Button Apply: post the entry; returns True (XML-RPC callers get no recordset)."""
        self._apply()
        return True

    def _apply(self):
        """Post the adjustment or award; returns the entry."""
        self.ensure_one()
        self._check_allowed()
        Entry = self.env["apartment.loyalty.entry"]
        digits = Entry._points_digits()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason of the loyalty points adjustment."))
        if float_is_zero(self.points, precision_digits=digits):
            raise UserError(
                self.env._(
                    "An adjustment of %(tenant)s's points needs a non-zero number of points.",
                    tenant=self.partner_id.display_name,
                )
            )
        if self.mode == "earn" and (self.points < 0 or not self.rule_id):
            raise UserError(
                self.env._(
                    "A manual award needs positive points and an active Manual rule; use an "
                    "adjustment to take points away."
                )
            )
        balance = Entry._get_locked_balance(self.partner_id)
        if self.points < 0 and float_compare(-self.points, balance, precision_digits=digits) > 0:
            raise UserError(
                self.env._(
                    "%(tenant)s has %(balance)s point(s): an adjustment cannot take "
                    "%(points)s. Enter at most the balance.",
                    tenant=self.partner_id.display_name,
                    balance=Entry._format_points(balance),
                    points=Entry._format_points(-self.points),
                )
            )
        return self.env["apartment.loyalty.entry"]._post_entries([self._prepare_entry_vals()])
