# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.apartment_crm.tests.common import ApartmentCommon

# a 1x1 PNG
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
        "0000000d4944415478da63f8cfc0f01f0005000201a5b3a3f70000000049454e44ae426082"
    )
)


class InspectionCommon(ApartmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.price_wall = cls.env["apartment.repair.price"].create(
            {"name": "Test repaint", "amount": 300}
        )
        cls.price_lock = cls.env["apartment.repair.price"].create(
            {"name": "Test lock", "amount": 120}
        )
        cls.template = cls.env["apartment.inspection.template"].create(
            {
                "name": "Test studio checklist",
                "unit_type": "studio",
                "line_ids": [
                    (0, 0, {"name": "Walls", "area": "room", "repair_price_id": cls.price_wall.id}),
                    (
                        0,
                        0,
                        {"name": "Lock", "area": "fixture", "repair_price_id": cls.price_lock.id},
                    ),
                    (0, 0, {"name": "Fridge", "area": "appliance"}),
                    (0, 0, {"name": "Power meter", "area": "meter"}),
                ],
            }
        )
        cls.lease = cls._create_lease(user_id=cls.user_housekeeper.id)
        cls.portal_user = cls._create_portal_user(cls.tenant, "apt_portal_tenant")
        cls.portal_other = cls._create_portal_user(cls.tenant_2, "apt_portal_other")

    @staticmethod
    def _fill(inspection, conditions, readings=None):
        for line in inspection.line_ids:
            vals = {"condition": conditions.get(line.name, "ok")}
            if line.area == "meter":
                vals["reading"] = (readings or {}).get(line.name, 100.0)
            line.write(vals)

    def _move_in_done(self):
        self.lease.action_activate()
        move_in = self.lease.inspection_ids
        self._fill(move_in, {"Fridge": "damaged"}, {"Power meter": 1000.0})
        move_in.line_ids.filtered(lambda line: line.name == "Walls").photo = PNG
        move_in.action_done()
        return move_in


@tagged("post_install", "-at_install")
class TestInspection(InspectionCommon):
    def test_move_in_planned_on_activation(self):
        self.lease.action_activate()
        inspection = self.lease.inspection_ids
        self.assertEqual(inspection.kind, "move_in")
        self.assertEqual(inspection.state, "draft")
        self.assertEqual(inspection.date, date(2026, 1, 1))
        self.assertEqual(inspection.user_id, self.user_housekeeper)
        self.assertEqual(
            inspection.line_ids.mapped("name"), ["Walls", "Lock", "Fridge", "Power meter"]
        )
        # the generic checklist for a unit type without its own
        other = self._create_lease(
            unit_id=self.unit_b.id, partner_id=self.tenant_2.id, date_start=date(2026, 2, 1)
        )
        other.action_activate()
        self.assertEqual(
            other.inspection_ids.line_ids[:1].name,
            self.env.ref("apartment_crm_maintenance.inspection_template_line_walls").name,
        )

    def test_done_needs_every_item(self):
        self.lease.action_activate()
        inspection = self.lease.inspection_ids
        with self.assertRaisesRollback(UserError, "Power meter"):
            self._fill(inspection, {}, {"Power meter": 0.0})
            inspection.action_done()
        with self.assertRaisesRegex(UserError, "by hand"):
            inspection.with_user(self.user_housekeeper).write({"state": "confirmed"})

    def test_move_out_compares_and_prices_new_damage(self):
        move_in = self._move_in_done()
        self.lease.action_end()
        move_out = self.lease.inspection_ids.filtered(lambda i: i.kind == "move_out")
        self.assertEqual(move_out.move_in_id, move_in)
        self.assertEqual(move_out.line_ids.move_in_line_id, move_in.line_ids)
        # walls newly damaged, fridge already damaged at move-in, lock fine
        self._fill(move_out, {"Walls": "damaged", "Fridge": "damaged"}, {"Power meter": 1234.5})
        lines = {line.name: line for line in move_out.line_ids}
        self.assertTrue(lines["Walls"].new_damage)
        self.assertEqual(lines["Walls"].deduction, 300)
        self.assertFalse(lines["Fridge"].new_damage)
        self.assertEqual(lines["Fridge"].deduction, 0)
        self.assertEqual(lines["Power meter"].consumption, 234.5)
        lines["Walls"].note = "crayon"
        self.assertEqual(move_out.deduction_total, 300)
        self.assertEqual(move_out.damaged_count, 2)
        self.assertEqual(move_out._get_deductions(), [("Repair at move-out: Walls (crayon)", 300)])
        # the housekeeper may lower a deduction by hand, before finishing
        lines["Walls"].deduction = 250
        move_out.action_done()
        self.assertEqual(move_out.deduction_total, 250)
        with self.assertRaisesRegex(UserError, "reopen it"):
            lines["Walls"].with_user(self.user_housekeeper).deduction = 10

    def test_move_out_without_move_in_gets_the_checklist(self):
        """A lease activated before the addon was installed has no move-in inspection: its
        move-out one still lists the unit type's items (nothing to compare, no deduction)."""
        self.lease.action_activate()
        self.lease.inspection_ids.unlink()
        self.lease.action_end()
        move_out = self.lease.inspection_ids
        self.assertEqual(move_out.kind, "move_out")
        self.assertFalse(move_out.move_in_id)
        self.assertEqual(
            move_out.line_ids.mapped("name"), ["Walls", "Lock", "Fridge", "Power meter"]
        )
        self._fill(move_out, {"Walls": "damaged"})
        self.assertEqual(move_out.deduction_total, 300, "damage with no move-in record is new")

    def test_bad_input(self):
        self.lease.action_activate()
        line = self.lease.inspection_ids.line_ids[0]
        # Out of the model's bounds: the CHECK constraints.
        for field, value in [
            ("reading", -1.0),
            ("reading", 1e9 + 1),
            ("deduction", -5.0),
            ("deduction", 1e6 + 1),
        ]:
            with (
                self.subTest(field=field, value=value),
                mute_logger("odoo.sql_db"),
                self.assertRaises(IntegrityError),
                self.cr.savepoint(),
            ):
                line.write({field: value})
                line.flush_recordset()
        # Not a number or beyond any amount: the suite's input guard, naming the field.
        for field, value, message in [
            ("reading", float("nan"), r"^Reading \(Unit Inspection Item\): .*not a finite number"),
            ("deduction", float("inf"), r"^Deduction .*not a finite number"),
            ("reading", 1e12, r"^Reading \(Unit Inspection Item\): .*too large"),
        ]:
            with (
                self.subTest(field=field, value=value),
                self.assertRaisesRegex(ValidationError, message),
            ):
                line.write({field: value})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["apartment.repair.price"].create({"name": "Bad", "amount": -1})

    def test_tenant_access_and_photos(self):
        move_in = self._move_in_done()
        walls = move_in.line_ids.filtered(lambda line: line.name == "Walls")
        # the tenant reads their inspection and its photo; another tenant reads neither
        as_tenant = walls.with_user(self.portal_user)
        self.assertTrue(as_tenant.photo)
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "apartment.inspection.line"),
                    ("res_id", "=", walls.id),
                    ("res_field", "=", "photo"),
                ]
            )
        )
        self.assertTrue(attachment, "the photo is stored as an attachment")
        # the file itself: staff of the apartment groups only (the tenant gets it through
        # the record, see the portal test); not an employee outside them, nor another tenant
        attachment.with_user(self.user_housekeeper).check("read")
        for user in (self.user_employee, self.portal_other):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                attachment.with_user(user).check("read")
        with self.assertRaises(AccessError):
            walls.with_user(self.portal_other).photo  # noqa: B018
        with self.assertRaises(AccessError):
            move_in.with_user(self.portal_other).check_access("read")
        with self.assertRaises(AccessError):
            move_in.with_user(self.portal_user).write({"note": "mine"})
        # an internal user outside the apartment groups does not see inspections
        with self.assertRaises(AccessError):
            move_in.with_user(self.user_employee).check_access("read")
        # a planned inspection is not the tenant's business yet
        self.lease.action_end()
        move_out = self.lease.inspection_ids.filtered(lambda i: i.kind == "move_out")
        with self.assertRaises(AccessError):
            move_out.with_user(self.portal_user).check_access("read")

    def test_signature_confirms(self):
        move_in = self._move_in_done()
        with self.assertRaisesRegex(UserError, "sign"):
            move_in.action_confirm_signature()
        move_in.tenant_signature = PNG
        move_in.action_confirm_signature()
        self.assertEqual(move_in.state, "confirmed")
        self.assertEqual(move_in.confirmed_by, "signature")
