# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ApartmentLeaseRenewal(models.Model):
    _inherit = "apartment.lease.renewal"

    def _on_accepted(self):
        res = super()._on_accepted()
        self._grant_renewal_bonus_points()
        return res

    def _grant_renewal_bonus_points(self):
        """Post the accepted option's ``bonus_points`` to the points ledger, once per renewal
        (the ``renewal_bonus`` loyalty rule; its points are replaced by the option's)."""
        awards = [
            {
                "partner": renewal.partner_id.commercial_partner_id,
                "source": renewal,
                "points": renewal.accepted_option_id.bonus_points,
                "date": renewal.decision_date or fields.Date.context_today(self),
                "company": renewal.company_id,
                "description": self.env["apartment.loyalty.entry"]._in_every_lang(
                    lambda env, renewal=renewal: env._(
                        "Renewal bonus: %(renewal)s", renewal=renewal.name
                    )
                ),
            }
            for renewal in self
            if renewal.accepted_option_id.bonus_points
        ]
        if awards:
            self.env["apartment.loyalty.rule"].sudo()._award_trigger("renewal_bonus", awards)
        return True
