# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import create_unique_index

from .mail_followers import BATCH_ACTIVITY_CONTEXT


class ApartmentTouchpointLog(models.Model):
    """One fired touchpoint: unique per (rule, tenant, lease, occurrence date)."""

    _name = "apartment.touchpoint.log"
    _description = "Lifecycle Touchpoint Log"
    _check_company_auto = True
    _order = "date desc, id desc"
    _rec_name = "rule_id"

    rule_id = fields.Many2one(
        "apartment.touchpoint.rule", required=True, index=True, ondelete="cascade"
    )
    trigger = fields.Selection(related="rule_id.trigger", store=True)
    company_id = fields.Many2one(related="rule_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Tenant", required=True, index=True, ondelete="cascade"
    )
    lease_id = fields.Many2one(
        "apartment.lease", index="btree_not_null", ondelete="cascade", check_company=True
    )
    occurrence_date = fields.Date(required=True, help="The birthday, anniversary or lease date.")
    date = fields.Date(
        string="Fired On", required=True, default=fields.Date.context_today, index=True
    )
    channel = fields.Selection(
        [
            ("mail", "Mail"),
            ("activity", "Activity"),
            ("both", "Mail and activity"),
        ],
        readonly=True,
    )
    activity_id = fields.Many2one("mail.activity", ondelete="set null", readonly=True)
    valid_until = fields.Date(help="After move-out: end of validity of the returning offer.")

    def _auto_init(self):
        res = super()._auto_init()
        # NULL leases (birthday, anniversary) must collide too: COALESCE in the index.
        create_unique_index(
            self.env.cr,
            "apartment_touchpoint_log_occurrence_uniq",
            self._table,
            ["rule_id", "partner_id", "COALESCE(lease_id, 0)", "occurrence_date"],
        )
        return res

    @api.model
    def _get_mail_record(self, template):
        return (
            self.lease_id if template.model == "apartment.lease" and self.lease_id else None
        ) or self.partner_id

    def _get_responsible(self):
        self.ensure_one()
        return (
            self.lease_id.user_id
            or self.lease_id.property_id.manager_id
            or self.partner_id._get_churn_responsible()
        )

    def _get_activity_deadline(self):
        """The rule's days after the occurrence (e.g. the first visit within 24 hours of the
        move-in), else the day the touchpoint fires."""
        self.ensure_one()
        days = self.rule_id.activity_deadline_days
        return self.occurrence_date + timedelta(days=days) if days else self.date

    def _choose_channel(self):
        """(send mail, create activity) for this log, from the rule and the tenant's channel."""
        self.ensure_one()
        rule = self.rule_id
        can_mail = bool(rule.mail_template_id and self.partner_id.email)
        has_activity = bool(rule.activity_type_id)
        if not rule.respect_preferred_channel:
            return can_mail, has_activity or not can_mail
        prefers_mail = self.partner_id.preferred_channel in (False, "email")
        send_mail = can_mail and (prefers_mail or not has_activity)
        # Without a mail the housekeeper still gets an activity (a to-do if none is set).
        return send_mail, not send_mail or (has_activity and not prefers_mail)

    # Long on purpose: one pass over the due touchpoints, logging each outcome.
    def _execute(self):
        """Send the mails and create the activities of these new logs."""
        activity_vals = []
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id("res.partner")
        for log in self:
            rule = log.rule_id
            send_mail, make_activity = log._choose_channel()
            if send_mail:
                template = rule.mail_template_id
                template.send_mail(log._get_mail_record(template).id)
            if make_activity:
                # The to-do is the housekeeper's: in their language, not the cron user's.
                responsible = log._get_responsible()
                env = self.with_context(lang=responsible.lang or self.env.lang).env
                reader_rule = rule.with_env(env)
                activity_vals.append(
                    {
                        "res_model_id": model_id,
                        "res_id": log.partner_id.id,
                        "activity_type_id": (rule.activity_type_id or todo).id,
                        "summary": reader_rule.activity_summary or reader_rule.name,
                        "note": env._(
                            "%(rule)s for %(date)s; preferred channel: %(channel)s.",
                            rule=reader_rule.name,
                            date=log.occurrence_date,
                            channel=dict(
                                log.partner_id._fields["preferred_channel"]._description_selection(
                                    env
                                )
                            ).get(log.partner_id.preferred_channel, "-"),
                        ),
                        "user_id": responsible.id,
                        "date_deadline": log._get_activity_deadline(),
                    }
                )
            log.channel = (
                "both" if send_mail and make_activity else "mail" if send_mail else "activity"
            )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(**BATCH_ACTIVITY_CONTEXT)
            .create(activity_vals)
        )
        for log, activity in zip(
            self.filtered(lambda log: log.channel in ("activity", "both")), activities, strict=True
        ):
            log.activity_id = activity
        return True
