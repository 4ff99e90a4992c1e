# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.apartment_crm.tests.common import ApartmentCommon


class VisitCommon(ApartmentCommon):
    """Eight tenants of one housekeeper in a building of their own, one tenant of nobody."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.building = cls.env["apartment.property"].create(
            {"name": "Visit Tower", "code": "T-VIS"}
        )
        units = cls.env["apartment.unit"].create(
            [{"name": f"V{i}", "property_id": cls.building.id, "list_rent": 3000} for i in range(8)]
        )
        cls.tenants = cls.env["res.partner"].create(
            [{"name": f"Visit Tenant {i}", "email": f"v{i}@example.com"} for i in range(8)]
        )
        cls.leases = cls.env["apartment.lease"].concat(
            *(
                cls._create_lease(
                    partner_id=tenant.id, unit_id=unit.id, user_id=cls.user_housekeeper.id
                )
                for tenant, unit in zip(cls.tenants, units, strict=True)
            )
        )
        cls.lease_nobody = cls._create_lease(partner_id=cls.tenant_2.id, unit_id=cls.unit_c.id)
        (cls.leases | cls.lease_nobody).action_activate()
        cls.Visit = cls.env["apartment.visit"]

    def _mine(self, visits):
        return visits.filtered(lambda v: v.partner_id in self.tenants | self.tenant_2)
