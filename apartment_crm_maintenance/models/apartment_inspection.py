# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.apartment_crm.tools import check_state, check_workflow_fields, workflow_write

from .apartment_inspection_template import AREAS, MAX_REPAIR_PRICE

# Upper bound of a meter reading (also in SQL).
MAX_READING = 1_000_000_000


class ApartmentInspection(models.Model):
    """A unit inspection (验房 / 退房查验) at move-in or move-out: a checklist of the unit's
    rooms, fixtures, appliances and meters, each ok or damaged with a photo and a note.

    Planned (draft) when the lease is activated or ends; done by the housekeeper (the tenant
    then sees it on the portal); confirmed by the tenant in the portal or by their signature on
    the housekeeper's phone. A move-out inspection lists the move-in items, compares them one by
    one and prices the new damage from the repair price list.
    """

    _name = "apartment.inspection"
    _description = "Unit Inspection"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _check_company_auto = True
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    kind = fields.Selection(
        [("move_in", "Move-in"), ("move_out", "Move-out")], required=True, readonly=True
    )
    state = fields.Selection(
        [("draft", "Planned"), ("done", "Done"), ("confirmed", "Confirmed by Tenant")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    lease_id = fields.Many2one(
        "apartment.lease",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="lease_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="lease_id.currency_id")
    unit_id = fields.Many2one(related="lease_id.unit_id", store=True, index=True)
    property_id = fields.Many2one(related="unit_id.property_id", string="Building", store=True)
    partner_id = fields.Many2one(
        related="lease_id.partner_id", string="Tenant", store=True, index=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Inspector",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    move_in_id = fields.Many2one(
        "apartment.inspection",
        string="Move-in Inspection",
        readonly=True,
        help="The inspection this move-out one compares with.",
    )
    line_ids = fields.One2many("apartment.inspection.line", "inspection_id", string="Items")
    damaged_count = fields.Integer(compute="_compute_totals", store=True)
    deduction_total = fields.Monetary(
        string="Deductions", compute="_compute_totals", store=True, currency_field="currency_id"
    )
    tenant_signature = fields.Image(
        max_width=1024, max_height=1024, attachment=True, copy=False, help="Signed on screen."
    )
    confirmed_date = fields.Datetime(readonly=True, copy=False)
    confirmed_by = fields.Selection(
        [("portal", "Portal"), ("signature", "Signature")], readonly=True, copy=False
    )
    note = fields.Html()

    _sql_constraints = [
        (
            "lease_kind_uniq",
            "unique(lease_id, kind)",
            "A lease has one move-in and one move-out inspection.",
        ),
    ]

    @api.depends("kind", "unit_id.name", "date")
    def _compute_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for inspection in self:
            day = fields.Date.to_string(inspection.date) if inspection.date else ""
            inspection.name = (
                f"{labels.get(inspection.kind, '')} {inspection.unit_id.name or ''} {day}"
            )

    @api.depends("line_ids.condition", "line_ids.deduction")
    def _compute_totals(self):
        for inspection in self:
            damaged = inspection.line_ids.filtered(lambda line: line.condition == "damaged")
            inspection.damaged_count = len(damaged)
            inspection.deduction_total = sum(inspection.line_ids.mapped("deduction"))

    def _check_workflow(self, vals_list):
        for vals in vals_list:
            check_workflow_fields(
                self,
                vals,
                ("state", "confirmed_date", "confirmed_by"),
                self.env._(
                    "Cannot set %(fields)s of %(record)s by hand: use the buttons Done, Tenant "
                    "Signed or the tenant's confirmation in the portal."
                ),
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_workflow(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow([vals])
        return super().write(vals)

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for inspection in self:
            inspection.access_url = f"/my/inspections/{inspection.id}"
        return res

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------
    def _check_state(self, allowed, action_label):
        check_state(
            self,
            allowed,
            action_label,
            self.env._(
                "Cannot %(action)s inspection %(record)s: it is %(state)s; only %(allowed)s "
                "inspections can be %(action)s."
            ),
        )

    def action_done(self):
        """The housekeeper finished: every item has its condition, every meter its reading."""
        self._check_state(("draft",), self.env._("finish"))
        for inspection in self:
            missing = inspection.line_ids.filtered(
                lambda line: not line.condition or (line.area == "meter" and not line.reading)
            )
            if missing:
                raise UserError(
                    self.env._(
                        "Inspection %(inspection)s: set the condition of every item and the "
                        "reading of every meter first (missing: %(items)s).",
                        inspection=inspection.name,
                        items=", ".join(missing.mapped("name")),
                    )
                )
        workflow_write(self, {"state": "done"})
        return True

    def action_confirm_signature(self):
        """The tenant signed on the housekeeper's screen."""
        self._check_state(("done",), self.env._("confirm"))
        if any(not inspection.tenant_signature for inspection in self):
            raise UserError(self.env._("Let the tenant sign in the Tenant Signature field first."))
        self._tenant_confirm("signature")
        return True

    def action_reset_draft(self):
        self._check_state(("done",), self.env._("reopen"))
        workflow_write(self, {"state": "draft"})
        return True

    def _tenant_confirm(self, how):
        workflow_write(
            self,
            {"state": "confirmed", "confirmed_date": fields.Datetime.now(), "confirmed_by": how},
        )

    def _portal_confirm(self):
        """The tenant confirms a done inspection from the portal (called in sudo after the
        access check)."""
        self.ensure_one()
        if self.state != "done":
            raise UserError(self.env._("This inspection cannot be confirmed any more."))
        self._tenant_confirm("portal")
        self.message_post(body=self.env._("Confirmed by the tenant in the portal."))

    # ------------------------------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------------------------------
    @api.model
    def _plan_for_leases(self, leases, kind):
        """Plan the ``kind`` inspection of each lease that has none yet, with its checklist:
        at move-in the unit type's template, at move-out the move-in items (compared one by
        one). Returns the created inspections."""
        existing = self.search([("lease_id", "in", leases.ids), ("kind", "=", kind)])
        leases = leases - existing.lease_id
        if not leases:
            return self
        move_ins = {}
        if kind == "move_out":
            move_ins = {
                inspection.lease_id: inspection
                for inspection in self.search(
                    [("lease_id", "in", leases.ids), ("kind", "=", "move_in")]
                )
            }
        # A lease without a move-in inspection (activated before this addon was installed)
        # gets the unit type's checklist at move-out too, not an empty one.
        without_move_in = leases.filtered(lambda lease: lease not in move_ins)
        templates = self.env["apartment.inspection.template"]._get_for_units(
            without_move_in.unit_id
        )
        vals_list = []
        for lease in leases:
            vals = {
                "lease_id": lease.id,
                "kind": kind,
                "date": lease.date_start if kind == "move_in" else lease.date_end,
                "user_id": lease.user_id.id or self.env.uid,
            }
            move_in = move_ins.get(lease)
            if move_in:
                vals["move_in_id"] = move_in.id
                vals["line_ids"] = [
                    (0, 0, line._prepare_move_out_line_vals()) for line in move_in.line_ids
                ]
            else:
                template = templates.get(lease.unit_id) or self.env["apartment.inspection.template"]
                vals["line_ids"] = [
                    (
                        0,
                        0,
                        {
                            "sequence": item.sequence,
                            "name": item.name,
                            "area": item.area,
                            "repair_price_id": item.repair_price_id.id,
                        },
                    )
                    for item in template.line_ids
                ]
            vals_list.append(vals)
        return self.create(vals_list)

    def _get_deductions(self):
        """[(description, amount)] of the damage found at move-out, for the deposit
        settlement."""
        self.ensure_one()
        return [
            (line._get_deduction_label(), line.deduction)
            for line in self.line_ids
            if line.deduction
        ]

    def _attach_photos_to(self, record):
        """Copy the photos of the priced damage (at move-out, and of the same item at move-in)
        to ``record`` (e.g. the deposit settlement), as its attachments."""
        self.ensure_one()
        vals_list = []
        for line in self.line_ids.filtered("deduction"):
            for source, label in (
                (line, self.env._("move-out")),
                (line.move_in_line_id, self.env._("move-in")),
            ):
                if source.photo:
                    vals_list.append(
                        {
                            "name": f"{line.name} ({label}).png",
                            "datas": source.photo,
                            "res_model": record._name,
                            "res_id": record.id,
                        }
                    )
        return self.env["ir.attachment"].sudo().create(vals_list)


class ApartmentInspectionLine(models.Model):
    _name = "apartment.inspection.line"
    _description = "Unit Inspection Item"
    _order = "inspection_id, sequence, id"

    inspection_id = fields.Many2one(
        "apartment.inspection", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="inspection_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="inspection_id.currency_id")
    kind = fields.Selection(related="inspection_id.kind")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    area = fields.Selection(AREAS, required=True, default="fixture")
    condition = fields.Selection([("ok", "OK"), ("damaged", "Damaged")])
    note = fields.Char()
    photo = fields.Image(max_width=1920, max_height=1920, attachment=True)
    reading = fields.Float(digits=(16, 2), help="The meter's reading (meters only).")
    move_in_line_id = fields.Many2one(
        "apartment.inspection.line", string="At Move-in", readonly=True, index="btree_not_null"
    )
    move_in_condition = fields.Selection(related="move_in_line_id.condition", string="Move-in")
    move_in_reading = fields.Float(related="move_in_line_id.reading", string="Move-in Reading")
    consumption = fields.Float(compute="_compute_consumption", digits=(16, 2))
    new_damage = fields.Boolean(
        compute="_compute_deduction",
        store=True,
        help="Damaged at move-out, not at move-in.",
    )
    repair_price_id = fields.Many2one("apartment.repair.price", string="Repair")
    deduction = fields.Monetary(
        compute="_compute_deduction",
        store=True,
        readonly=False,
        currency_field="currency_id",
        help="Deducted from the deposit: the repair's price for new damage at move-out.",
    )

    _sql_constraints = [
        (
            "reading_bounds",
            f"CHECK(reading >= 0 AND reading <= {MAX_READING})",
            "A meter Reading must be between 0 and 1,000,000,000.",
        ),
        (
            "deduction_bounds",
            f"CHECK(deduction >= 0 AND deduction <= {MAX_REPAIR_PRICE})",
            "A Deduction must be between 0 and 1,000,000.",
        ),
    ]

    @api.depends("reading", "move_in_reading")
    def _compute_consumption(self):
        for line in self:
            line.consumption = (
                line.reading - line.move_in_reading
                if line.area == "meter" and line.move_in_line_id
                else 0.0
            )

    @api.depends("kind", "condition", "move_in_line_id.condition", "repair_price_id.amount")
    def _compute_deduction(self):
        for line in self:
            line.new_damage = (
                line.kind == "move_out"
                and line.condition == "damaged"
                and line.move_in_line_id.condition != "damaged"
            )
            line.deduction = line.repair_price_id.amount if line.new_damage else 0.0

    def _check_finite(self, vals_list):
        """NaN or infinity would fail in the ORM's rounding (a server error), so refuse them
        with the field's name first."""
        for vals in vals_list:
            for name in ("reading", "deduction"):
                value = vals.get(name)
                if isinstance(value, float) and not math.isfinite(value):
                    raise ValidationError(
                        self.env._(
                            "%(field)s must be a number, not %(value)s.",
                            field=self._fields[name]._description_string(self.env),
                            value=value,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_finite(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_finite([vals])
        done = self.filtered(lambda line: line.inspection_id.state != "draft")
        if done and not self.env.su:
            raise UserError(
                self.env._(
                    "Inspection %(inspection)s is done: reopen it to change its items.",
                    inspection=done.inspection_id[:1].name,
                )
            )
        return super().write(vals)

    def _prepare_move_out_line_vals(self):
        self.ensure_one()
        return {
            "sequence": self.sequence,
            "name": self.name,
            "area": self.area,
            "repair_price_id": self.repair_price_id.id,
            "move_in_line_id": self.id,
        }

    def _get_deduction_label(self):
        self.ensure_one()
        label = self.env._("Repair at move-out: %(item)s", item=self.name)
        if self.note:
            label = f"{label} ({self.note})"
        return label
