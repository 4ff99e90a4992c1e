# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields, models


class ApartmentTouchpointLog(models.Model):
    _inherit = "apartment.touchpoint.log"

    returning_perk_id = fields.Many2one(
        "apartment.returning.perk",
        string="Upgrade Coupon",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )

    def _execute(self):
        """The coupons first (one create for the batch), so the mail can tell about them."""
        self._grant_upgrade_coupons()
        return super()._execute()

    def _grant_upgrade_coupons(self):
        logs = self.filtered(lambda log: log.rule_id.grant_upgrade_coupon and log.lease_id)
        if not logs:
            return
        Perk = self.env["apartment.returning.perk"].sudo()
        holders = set(
            Perk.search(
                Perk._get_available_domain(logs.partner_id, fields.Date.context_today(self))
            ).partner_id.ids
        )
        todo = []
        for log in logs:
            if log.partner_id.id in holders:
                continue
            holders.add(log.partner_id.id)
            todo.append(log)
        perks = Perk.create([log._prepare_upgrade_coupon_vals() for log in todo])
        for log, perk in zip(todo, perks, strict=True):
            log.returning_perk_id = perk

    def _prepare_upgrade_coupon_vals(self):
        self.ensure_one()
        company = self.lease_id.company_id
        return {
            "partner_id": self.partner_id.id,
            "company_id": company.id,
            "source_lease_id": self.lease_id.id,
            "discount_percent": company.returning_perk_discount_percent,
            "valid_until": self.date + relativedelta(months=self.rule_id.offer_validity_months),
        }
