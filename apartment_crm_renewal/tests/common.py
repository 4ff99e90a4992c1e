# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.addons.apartment_crm_rent.tests.common import RentCommon


class RenewalCommon(RentCommon):
    """RentCommon plus a tier with a longer renewal lead, an active lease of the test tenant
    (2026, unit_a) and helpers to open renewals on a given day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Renewal = cls.env["apartment.lease.renewal"]
        cls.tier_core = cls.env["apartment.tenant.tier"].create(
            {
                "name": "Test Core",
                "code": "test_core",
                "sequence": 30,
                "rent_discount_percent": 7.5,
                "renewal_lead_days": 120,
            }
        )
        # 4000 a month, 2026-01-01 .. 2026-12-31, unit_a (30 m², studio) of Test Riverside.
        cls.lease = cls._create_lease(user_id=cls.user_housekeeper.id, rent_amount=4333)
        cls.lease.action_activate()
        cls.reason_price = cls.env.ref("apartment_crm_renewal.renewal_decline_reason_price")

    def _open(self, day=date(2026, 10, 2)):
        """Run the cron on ``day``; return the renewals of this test's tenants (the database
        may hold demo leases, which the cron renews too)."""
        with freeze_time(day):
            return self._own(self.Renewal._cron_open_renewals())

    def _own(self, renewals):
        return renewals.filtered(lambda r: r.partner_id in (self.tenant | self.tenant_2))

    def _option(self, renewal, months=12, unit=None):
        unit = unit or self.unit_a
        return renewal.option_ids.filtered(lambda o: o.term_months == months and o.unit_id == unit)
