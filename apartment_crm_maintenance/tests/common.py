# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.addons.apartment_crm.tests.common import ApartmentCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class MaintenanceCommon(ApartmentCommon):
    """Two elevators and a water pump in the first building, an elevator in the second, a
    team with a technician, and a monthly elevator plan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician = mail_new_test_user(
            cls.env, login="apt_technician", name="Tom Technician", groups="base.group_user"
        )
        cls.team = cls.env["maintenance.team"].create(
            {"name": "Test Lift Team", "member_ids": [(4, cls.technician.id)]}
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Test Lift Co.", "is_company": True})
        cls.cat_elevator = cls.env.ref("apartment_crm_maintenance.equipment_category_elevator")
        cls.cat_water = cls.env.ref("apartment_crm_maintenance.equipment_category_water")
        Equipment = cls.env["maintenance.equipment"]
        cls.lift_a, cls.lift_b, cls.pump, cls.lift_other = Equipment.create(
            [
                {
                    "name": "Lift A",
                    "category_id": cls.cat_elevator.id,
                    "property_id": cls.property.id,
                    "floor": 0,
                    "partner_id": cls.vendor.id,
                    "maintenance_team_id": cls.team.id,
                    "technician_user_id": cls.technician.id,
                },
                {
                    "name": "Lift B",
                    "category_id": cls.cat_elevator.id,
                    "property_id": cls.property.id,
                    "maintenance_team_id": cls.team.id,
                    "technician_user_id": cls.technician.id,
                },
                {
                    "name": "Pump 1",
                    "category_id": cls.cat_water.id,
                    "property_id": cls.property.id,
                    "floor": -1,
                },
                {
                    "name": "Lift Garden",
                    "category_id": cls.cat_elevator.id,
                    "property_id": cls.property_2.id,
                },
            ]
        )
        cls.plan = cls.env["apartment.maintenance.plan"].create(
            {
                "name": "Monthly elevator check",
                "category_id": cls.cat_elevator.id,
                "property_id": cls.property.id,
                "interval": 1,
                "interval_unit": "month",
                "start_date": date(2026, 1, 15),
                "horizon_days": 30,
                "maintenance_team_id": cls.team.id,
                "checklist": "<ul><li>Brakes</li><li>Door sensors</li></ul>",
            }
        )

    def _plan_requests(self, plan=None):
        return self.env["maintenance.request"].search(
            [("apartment_plan_id", "=", (plan or self.plan).id)],
            order="apartment_occurrence_date, equipment_id",
        )
