# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.apartment_crm_maintenance.tests.test_inspection import PNG
from odoo.addons.apartment_crm_rent.tests.common import RentCommon


@tagged("post_install", "-at_install")
class TestInspectionDeposit(RentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.price_wall, cls.price_lock = cls.env["apartment.repair.price"].create(
            [{"name": "Test repaint", "amount": 300}, {"name": "Test lock", "amount": 120.5}]
        )
        cls.env["apartment.inspection.template"].create(
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
                    (0, 0, {"name": "Power meter", "area": "meter"}),
                ],
            }
        )

    def _fill(self, inspection, damaged=(), reading=100.0):
        for line in inspection.line_ids:
            line.write(
                {
                    "condition": "damaged" if line.name in damaged else "ok",
                    "reading": reading if line.area == "meter" else 0.0,
                }
            )

    def _ended_lease_with_move_out(self):
        lease = self._create_lease()
        lease.action_activate()
        self.assertEqual(lease.deposit_move_id.state, "posted")
        move_in = lease.inspection_ids
        self._fill(move_in)
        move_in.action_done()
        with freeze_time("2027-01-02"):
            lease.action_end()
        move_out = lease._get_move_out_inspection()
        self._fill(move_out, damaged=("Walls", "Lock"), reading=900.0)
        move_out.line_ids.filtered(lambda line: line.name == "Walls").write(
            {"photo": PNG, "note": "crayon"}
        )
        return lease, move_out

    def test_deductions_reach_the_settlement_exactly(self):
        lease, move_out = self._ended_lease_with_move_out()
        with freeze_time("2027-01-02"):
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "apartment_crm_rent.apartment_lease_deposit_settle_action"
            )
            action["context"] = {"default_lease_id": lease.id}
            # not before the tenant can see the inspection
            early = Form.from_action(self.env, action).save()
            self.assertFalse(early.line_ids)
            with self.assertRaisesRollback(UserError, "not done"):
                early.action_settle()
            move_out.action_done()
            wizard_form = Form.from_action(self.env, action)
            self.assertEqual(wizard_form.inspection_id, move_out)
            wizard = wizard_form.save()
            self.assertEqual(
                [(line.name, line.amount) for line in wizard.line_ids],
                [
                    ("Repair at move-out: Walls (crayon)", 300.0),
                    ("Repair at move-out: Lock", 120.5),
                ],
            )
            self.assertEqual(wizard.refund_amount, 8000 - 420.5)
            refund = self.env["account.move"].browse(wizard.action_settle()["res_id"])
        self.assertEqual(refund, lease.deposit_refund_move_id)
        deduction_lines = refund.invoice_line_ids.filtered(lambda line: line.price_unit < 0)
        self.assertEqual(
            sorted((line.name, line.price_unit) for line in deduction_lines),
            [("Repair at move-out: Lock", -120.5), ("Repair at move-out: Walls (crayon)", -300.0)],
        )
        self.assertEqual(refund.amount_total, 8000 - 420.5)
        photos = self.env["ir.attachment"].search(
            [("res_model", "=", "account.move"), ("res_id", "=", refund.id)]
        )
        self.assertEqual(photos.mapped("name"), ["Walls (move-out).png"])

    def test_no_inspection_keeps_the_old_flow(self):
        lease = self._create_lease(date_start=date(2026, 1, 1))
        lease.action_activate()
        lease.inspection_ids.unlink()
        with freeze_time("2027-01-02"):
            lease.action_end()
            lease.inspection_ids.unlink()
            refund = lease._action_settle_deposit([("Cleaning", 100)])
        self.assertEqual(refund.amount_total, 7900)
