# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.apartment_crm.models.mail_followers import BATCH_ACTIVITY_CONTEXT


class MaintenanceRequest(models.Model):
    _inherit = "maintenance.request"

    apartment_plan_id = fields.Many2one(
        "apartment.maintenance.plan",
        string="Preventive Plan",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        check_company=True,
    )
    apartment_occurrence_date = fields.Date(
        string="Occurrence",
        readonly=True,
        help="The date of the plan's occurrence this request carries out.",
    )
    property_id = fields.Many2one(
        related="equipment_id.property_id", string="Building", store=True, index="btree_not_null"
    )
    unit_id = fields.Many2one(related="equipment_id.unit_id", string="Unit")
    apartment_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_apartment_overdue",
        search="_search_apartment_overdue",
        help="Not done and its scheduled date has passed.",
    )

    _sql_constraints = [
        (
            "apartment_plan_occurrence_uniq",
            "unique(apartment_plan_id, equipment_id, apartment_occurrence_date)",
            "A preventive plan creates one request per equipment and occurrence date.",
        ),
    ]

    @api.model
    def _get_overdue_domain(self):
        return [
            ("stage_id.done", "=", False),
            ("archive", "=", False),
            ("schedule_date", "!=", False),
            ("schedule_date", "<", fields.Datetime.now()),
        ]

    @api.depends("stage_id.done", "archive", "schedule_date")
    def _compute_apartment_overdue(self):
        now = fields.Datetime.now()
        for request in self:
            request.apartment_overdue = bool(
                not request.stage_id.done
                and not request.archive
                and request.schedule_date
                and request.schedule_date < now
            )

    def _search_apartment_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on Overdue."))
        domain = self._get_overdue_domain()
        if (operator == "=") == value:
            return domain
        return [("id", "not in", self._search(domain))]

    def _add_followers(self):
        # A plan batch subscribes each technician once, with their activities
        # (_schedule_plan_activities), not once per request.
        if self.env.context.get("apartment_plan_batch"):
            return
        return super()._add_followers()

    def activity_update(self):
        # Same: a plan batch creates all its activities in one create.
        if self.env.context.get("apartment_plan_batch"):
            return
        return super().activity_update()

    def _schedule_plan_activities(self):
        """The technician's 'maintenance request' activity of generated requests (what
        ``activity_update`` does one request at a time), in one ``mail.activity`` create: it
        also subscribes each technician once for all their requests."""
        requests = self.filtered("schedule_date")
        if not requests:
            return self.env["mail.activity"]
        activity_type = (
            self.env.ref("maintenance.mail_act_maintenance_request", raise_if_not_found=False)
            or self.env["mail.activity"]._default_activity_type()
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        return (
            self.env["mail.activity"]
            .with_context(**BATCH_ACTIVITY_CONTEXT)
            .create(
                [
                    {
                        "activity_type_id": activity_type.id,
                        "summary": activity_type.summary,
                        "note": activity_type.default_note,
                        "automated": True,
                        "date_deadline": request.schedule_date.date(),
                        "res_model_id": model_id,
                        "res_id": request.id,
                        "user_id": request.user_id.id or self.env.uid,
                    }
                    for request in requests
                ]
            )
        )
