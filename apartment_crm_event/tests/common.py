# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.addons.apartment_crm.tests.common import ApartmentCommon


class EventsCommon(ApartmentCommon):
    """Tenants with active leases in two buildings, a common room, an outsider."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tenant_3 = cls.env["res.partner"].create(
            {"name": "Li Na 李娜", "email": "li.na@example.com", "preferred_channel": "phone"}
        )
        cls.outsider = cls.env["res.partner"].create(
            {"name": "Outsider Olga", "email": "olga@example.com"}
        )
        cls.lease = cls._create_lease(user_id=cls.user_housekeeper.id)
        cls.lease_2 = cls._create_lease(partner_id=cls.tenant_2.id, unit_id=cls.unit_c.id)
        cls.lease_3 = cls._create_lease(
            partner_id=cls.tenant_3.id, unit_id=cls.unit_b.id, user_id=cls.user_housekeeper.id
        )
        (cls.lease | cls.lease_2 | cls.lease_3).action_activate()
        cls.venue = cls.env["apartment.venue"].create(
            {"name": "Common Room", "property_id": cls.property.id, "capacity": 20}
        )
        cls.venue_2 = cls.env["apartment.venue"].create(
            {"name": "Rooftop", "property_id": cls.property_2.id, "capacity": 0}
        )

    @classmethod
    def _create_event(cls, **vals):
        values = {
            "name": "Dumpling Party",
            "date_begin": datetime(2026, 3, 10, 10, 0),
            "date_end": datetime(2026, 3, 10, 12, 0),
            "date_tz": "Asia/Shanghai",
            "property_ids": [(6, 0, cls.property.ids)],
        }
        values.update(vals)
        return cls.env["event.event"].create(values)

    @classmethod
    def _register(cls, event, partner, **vals):
        return cls.env["event.registration"].create(
            {"event_id": event.id, "partner_id": partner.id, **vals}
        )


TODAY = date(2026, 3, 2)
NOW = "2026-03-02 08:00:00"
