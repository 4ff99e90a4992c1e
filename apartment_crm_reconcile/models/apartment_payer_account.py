# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..tools import normalize


class ApartmentPayerAccount(models.Model):
    """An account that paid a tenant's rent before (their own, a parent's, a company's):
    learned from every confirmed match, used to recognise the next transfers."""

    _name = "apartment.payer.account"
    _description = "Known Payer Account"
    _order = "last_match_date desc, id desc"
    _rec_name = "account_number"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Tenant", required=True, index=True, ondelete="cascade"
    )
    account_number = fields.Char(
        required=True,
        index=True,
        help="Bank account number, WeChat Pay payer id or Alipay account as the statements "
        "print it (spaces and separators removed).",
    )
    holder_name = fields.Char(help="The name on the account (e.g. the parent who pays).")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    match_count = fields.Integer(
        string="Confirmed Matches", default=0, readonly=True, help="Transfers matched so far."
    )
    last_match_date = fields.Date(readonly=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "account_partner_uniq",
            "UNIQUE(company_id, account_number, partner_id)",
            "This account is already known for this tenant.",
        ),
        (
            "match_count_positive",
            "CHECK(match_count >= 0)",
            "Confirmed matches cannot be negative.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("account_number"):
                vals["account_number"] = normalize(vals["account_number"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("account_number"):
            vals["account_number"] = normalize(vals["account_number"])
        return super().write(vals)

    @api.model
    def _learn(self, lines):
        """Remember the payer account of these reconciled statement lines for their tenant
        (one search, one create for the new ones, one update of the counters)."""
        keys = self._keys_of(lines)
        if not keys:
            return self.browse()
        existing, known = self._find_keys(keys)
        to_create = []
        for key, line in keys.items():
            account = known.get(key)
            if account:
                vals = {
                    "match_count": account.match_count + 1,
                    "last_match_date": max(line.date, account.last_match_date or line.date),
                }
                if not account.match_count:
                    # Archived by an unreconcile that took its last match back: learned again.
                    vals["active"] = True
                account.write(vals)
            else:
                to_create.append(
                    {
                        "company_id": key[0],
                        "account_number": key[1],
                        "partner_id": key[2],
                        "holder_name": line.partner_name,
                        "match_count": 1,
                        "last_match_date": line.date,
                    }
                )
        return existing | self.sudo().create(to_create)

    @api.model
    def _keys_of(self, lines):
        """(company, normalized account, tenant) of the statement lines that can teach one."""
        return {
            (line.company_id.id, normalize(line.account_number), line.partner_id.id): line
            for line in lines
            if line.account_number and line.partner_id
        }

    @api.model
    def _find_keys(self, keys):
        existing = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "in", list({key[0] for key in keys})),
                    ("account_number", "in", list({key[1] for key in keys})),
                    ("partner_id", "in", list({key[2] for key in keys})),
                ]
            )
        )
        return existing, {
            (acc.company_id.id, acc.account_number, acc.partner_id.id): acc for acc in existing
        }

    @api.model
    def _unlearn(self, keys):
        """Take back what unreconciled matches taught: one confirmed match less per line; an
        account left with none is archived, so the engine no longer trusts it (a match
        undone because it was wrong must not keep matching the next transfers)."""
        if not keys:
            return self.browse()
        existing, known = self._find_keys(keys)
        for key in keys:
            account = known.get(key)
            if not account or not account.match_count:
                continue
            count = account.match_count - 1
            account.write({"match_count": count, "active": bool(count) and account.active})
        return existing
