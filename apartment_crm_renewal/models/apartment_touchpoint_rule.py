# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from .apartment_lease_renewal import OPEN_STATES


class ApartmentTouchpointRule(models.Model):
    _inherit = "apartment.touchpoint.rule"

    grant_upgrade_coupon = fields.Boolean(
        string="Grant an Upgrade Coupon",
        help="Each tenant the touchpoint reaches gets an old-customer coupon (a returning-tenant "
        "perk): the company's returning-tenant discount on the first month of their next new "
        "lease, e.g. a swap to a bigger unit (以租换租), valid for the offer validity. A tenant "
        "who already holds an available coupon does not get a second one.",
    )

    def _get_will_end_sql(self):
        """Nor a renewal offer still open: the tenant may yet renew (no farewell yet)."""
        self.env["apartment.lease.renewal"].flush_model(["lease_id", "state"])
        return SQL(
            """%s AND NOT EXISTS (SELECT 1 FROM apartment_lease_renewal renewal
                                   WHERE renewal.lease_id = lease.id
                                     AND renewal.state IN %s)""",
            super()._get_will_end_sql(),
            OPEN_STATES,
        )
