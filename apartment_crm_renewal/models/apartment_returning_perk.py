# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.apartment_crm.tools import (
    concurrent_batch,
    take_batch,
    workflow_write,
)


class ApartmentReturningPerk(models.Model):
    """A returning-tenant right (老客回归): a discount on the first month of a new lease.

    Granted when a tenant declines a renewal; a new lease for the same tenant created while it
    is valid gets it automatically (``apartment.lease.first_month_discount_percent``), once.
    """

    _name = "apartment.returning.perk"
    _description = "Returning Tenant Perk"
    _check_company_auto = True
    _inherit = ["mail.thread"]
    _order = "valid_until desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Tenant", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    source_lease_id = fields.Many2one(
        "apartment.lease",
        string="Granted on Lease",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    discount_percent = fields.Float(
        string="First-Month Discount (%)", digits=(5, 2), default=10.0, tracking=True
    )
    valid_until = fields.Date(required=True, tracking=True)
    used_lease_id = fields.Many2one(
        "apartment.lease",
        string="Used on Lease",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
    state = fields.Selection(
        [
            ("available", "Available"),
            ("used", "Used"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        default="available",
        required=True,
        index=True,
        tracking=True,
    )

    _sql_constraints = [
        (
            "discount_range",
            "CHECK(discount_percent > 0 AND discount_percent <= 100)",
            "The returning-tenant discount must be between 0 and 100 %.",
        ),
        (
            "used_once",
            "UNIQUE(used_lease_id)",
            "A lease can use only one returning-tenant perk.",
        ),
    ]

    @api.model
    def _get_available_domain(self, partners, date):
        return [
            ("partner_id", "in", partners.ids),
            ("state", "=", "available"),
            ("valid_until", ">=", date),
        ]

    @api.model
    def _apply_to_new_leases(self, leases):
        """Give each new lease of a tenant holding an available perk its discount, once."""
        if not leases:
            return
        date = fields.Date.context_today(self)
        perks = self.sudo().search(
            self._get_available_domain(leases.partner_id, date), order="valid_until, id"
        )
        by_partner = {}
        for perk in perks:
            by_partner.setdefault(perk.partner_id.id, perk)
        for lease in leases:
            perk = by_partner.pop(lease.partner_id.id, None)
            if not perk or perk.company_id != lease.company_id:
                continue
            perk.write({"state": "used", "used_lease_id": lease.id})
            workflow_write(
                lease,
                {
                    "returning_perk_id": perk.id,
                    "first_month_discount_percent": perk.discount_percent,
                },
            )
            lease.message_post(
                body=self.env._(
                    "Returning tenant: %(percent)s %% off the first month (perk valid until "
                    "%(until)s).",
                    percent=perk.discount_percent,
                    until=perk.valid_until,
                )
            )

    @api.model
    def _get_expired_domain(self, date):
        return [("state", "=", "available"), ("valid_until", "<", date)]

    @api.model
    def _cron_expire(self, date=None):
        """Expire the available perks whose validity ended before ``date`` (default today).

        Run by the scheduler, one call expires at most ``apartment_crm.cron_batch_size`` perks
        (default 200; each change is tracked in the chatter) and reports the rest through
        ``ir.cron._notify_progress``; an expired perk is not available any more, so the next
        call resumes after it. A batch in which another transaction changed a perk meanwhile
        (e.g. used it on a new lease) is skipped, logged and retried in a few minutes. Called
        by hand it expires every perk at once. Returns the expired perks.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        perks = self.search(self._get_expired_domain(date), order="id")
        batch, remaining = take_batch(
            self.env, perks, param="apartment_crm.cron_batch_size", default=200
        )
        with concurrent_batch(self.env, "Returning perk expiry", batch) as state:
            batch.write({"state": "expired"})
        if state["skipped"]:
            self.env["ir.cron"]._notify_progress(done=0, remaining=remaining + len(batch))
            return self.browse()
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return batch
