# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ApartmentLeaseRenewal(models.Model):
    _inherit = "apartment.lease.renewal"

    def _start_move_out(self):
        """A declined renewal (by the tenant on the portal or by the operator) plans the
        lease's move-out inspection now, on the lease's last day, rather than when the lease
        ends: the housekeeper sees it ahead. ``_plan_for_leases`` skips a lease that already
        has one (and ``unique(lease_id, kind)`` holds it in SQL), so a second declined renewal
        of the same lease, or the lease ending later, plans nothing more."""
        res = super()._start_move_out()
        self.env["apartment.inspection"].sudo()._plan_for_leases(self.lease_id, "move_out")
        return res
