# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import calendar
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

TRIGGERS = [
    ("birthday", "Birthday"),
    ("move_in", "Move-in"),
    ("move_in_anniversary", "Move-in anniversary"),
    ("mid_lease", "Mid-lease check-in"),
    ("before_end", "Lease end"),
    ("before_move_out", "Move-out (lease not renewed)"),
    ("after_move_out", "After move-out"),
    ("upgrade_interest", "Wants a bigger home"),
]


class ApartmentTouchpointRule(models.Model):
    """A lifecycle touchpoint: a mail and/or an activity on a tenant or lease date.

    The daily cron (_cron_run_touchpoints) fires each rule exactly once per occurrence (rule,
    tenant, lease, occurrence date), guarded by a unique index on apartment.touchpoint.log.
    """

    _name = "apartment.touchpoint.rule"
    _description = "Lifecycle Touchpoint Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, default=lambda self: self.env.company)
    trigger = fields.Selection(
        TRIGGERS,
        required=True,
        help="Birthday and move-in anniversary: every year, for tenants with an active lease. "
        "Move-in: the start date of an active lease. "
        "Mid-lease: the middle day of an active lease. Lease end: the end date of an active "
        "lease. Move-out: the end date of an active lease that has no following lease (not "
        "renewed). After move-out: the end date of an ended lease, unless the tenant signed "
        "again. Wants a bigger home: the day the housekeeper noted that a tenant with an active "
        "lease wants a bigger unit (button on the tenant form), once per noted day.",
    )
    offset_days = fields.Integer(
        help="Days from the occurrence to the touchpoint: negative = before (e.g. -60 for 60 "
        "days before the lease ends), positive = after.",
    )
    catch_up_days = fields.Integer(
        default=3,
        help="A touchpoint missed (cron not run) is still sent up to this many days late.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        domain="[('model', 'in', ('res.partner', 'apartment.lease'))]",
        help="Mail sent to the tenant (on the tenant or on the lease).",
    )
    activity_type_id = fields.Many2one("mail.activity.type")
    activity_summary = fields.Char(translate=True)
    activity_deadline_days = fields.Integer(
        string="Activity Due (days after the occurrence)",
        help="The activity is due this many days after the occurrence date (e.g. 1 for the "
        "housekeeper's first visit within 24 hours of the move-in). 0: due the day the "
        "touchpoint fires.",
    )
    tier_ids = fields.Many2many(
        "apartment.tenant.tier",
        string="Tiers",
        help="Only the tenants of these tiers; empty: every tier.",
    )
    property_ids = fields.Many2many(
        "apartment.property",
        string="Buildings",
        help="Only the tenants with a lease in these buildings (for the lease moments: the "
        "lease's building); empty: every building.",
    )
    category_ids = fields.Many2many(
        "res.partner.category",
        string="Tags",
        help="Only the tenants with one of these tags; empty: every tenant.",
    )
    respect_preferred_channel = fields.Boolean(
        default=True,
        help="When both a mail and an activity are set: tenants preferring e-mail get the mail, "
        "the others (phone, WeChat, SMS) get an activity for their housekeeper instead. "
        "Unchecked: both are done.",
    )
    offer_validity_months = fields.Integer(
        default=6, help="After move-out: how long the returning-tenant offer is valid."
    )
    log_ids = fields.One2many("apartment.touchpoint.log", "rule_id")
    log_count = fields.Integer(compute="_compute_log_count")

    _sql_constraints = [
        (
            "activity_deadline_days_range",
            "CHECK(activity_deadline_days BETWEEN -366 AND 366)",
            "The activity due days of a touchpoint rule must be between -366 and 366.",
        ),
    ]

    def _compute_log_count(self):
        groups = self.env["apartment.touchpoint.log"]._read_group(
            [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
        )
        counts = {rule.id: count for rule, count in groups}
        for rule in self:
            rule.log_count = counts.get(rule.id, 0)

    @api.constrains("mail_template_id", "activity_type_id", "catch_up_days", "property_ids")
    def _check_action(self):
        for rule in self:
            if not rule.mail_template_id and not rule.activity_type_id:
                raise ValidationError(
                    self.env._(
                        "Touchpoint rule %(rule)s does nothing: set a mail template, an activity "
                        "type, or both.",
                        rule=rule.name,
                    )
                )
            if rule.catch_up_days < 0:
                raise ValidationError(
                    self.env._(
                        "Touchpoint rule %(rule)s: the catch-up days cannot be negative.",
                        rule=rule.name,
                    )
                )
            if rule.company_id and rule.property_ids.company_id - rule.company_id:
                raise ValidationError(
                    self.env._(
                        "Touchpoint rule %(rule)s: its buildings must belong to its company; "
                        "remove the others from Buildings or clear the Company.",
                        rule=rule.name,
                    )
                )

    def action_view_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "apartment_crm.apartment_touchpoint_log_action"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------------------------------
    @api.model
    def _cron_run_touchpoints(self, date=None, batch_size=None):
        """Fire the active rules; one call fires at most ``batch_size`` occurrences (default:
        the system parameter ``apartment_crm.cron_batch_size``, 200) and reports the rest to
        the scheduler, which commits and calls again while occurrences remain (the logs are
        unique per occurrence: what a batch fired is never fired again)."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        budget = batch_size or int(
            self.env["ir.config_parameter"].sudo().get_param("apartment_crm.cron_batch_size", 200)
        )
        done = remaining = 0
        for rule in self.search([("active", "=", True)]):
            todo = rule._get_occurrences_to_fire(date)
            if budget > 0 and todo:
                rule._fire_occurrences(todo[:budget], date)
                done += min(len(todo), budget)
            remaining += max(len(todo) - max(budget, 0), 0)
            budget -= len(todo)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return True

    def _run(self, date):
        """Fire this rule for the occurrences due at ``date`` not fired yet; return the logs."""
        self.ensure_one()
        return self._fire_occurrences(self._get_occurrences_to_fire(date), date)

    def _get_occurrences_to_fire(self, date):
        """The occurrences (partner, lease, occurrence date) of this rule due at ``date`` and
        not fired yet."""
        self.ensure_one()
        candidates = self._get_occurrences(date)
        if not candidates:
            return []
        dates = [occurrence for __, __, occurrence in candidates]
        done = {
            (log.partner_id.id, log.lease_id.id or False, log.occurrence_date)
            for log in self.env["apartment.touchpoint.log"]
            .sudo()
            .search(
                [
                    ("rule_id", "=", self.id),
                    ("occurrence_date", ">=", min(dates)),
                    ("occurrence_date", "<=", max(dates)),
                ]
            )
        }
        return [key for key in dict.fromkeys(candidates) if key not in done]

    def _fire_occurrences(self, todo, date):
        self.ensure_one()
        Log = self.env["apartment.touchpoint.log"].sudo()
        if not todo:
            return Log
        logs = Log.create([self._prepare_log_vals(key, date) for key in todo])
        logs._execute()
        return logs

    def _prepare_log_vals(self, key, date):
        partner_id, lease_id, occurrence = key
        vals = {
            "rule_id": self.id,
            "partner_id": partner_id,
            "lease_id": lease_id,
            "occurrence_date": occurrence,
            "date": date,
        }
        if self.trigger == "after_move_out":
            vals["valid_until"] = occurrence + relativedelta(months=self.offer_validity_months)
        return vals

    def _get_occurrence_window(self, date):
        """Occurrence dates whose touchpoint is due at ``date`` (with the catch-up days)."""
        self.ensure_one()
        last = date - timedelta(days=self.offset_days)
        return last - timedelta(days=self.catch_up_days), last

    def _get_occurrences(self, date):
        """[(partner_id, lease_id or False, occurrence date)] due at ``date``."""
        self.ensure_one()
        start, end = self._get_occurrence_window(date)
        return getattr(self, f"_get_occurrences_{self.trigger}")(start, end)

    def _lease_company_sql(self, alias="lease"):
        """The lease's company and, when the rule names buildings, its building."""
        conditions = []
        if self.company_id:
            conditions.append(SQL("%s.company_id = %s", SQL.identifier(alias), self.company_id.id))
        if self.property_ids:
            conditions.append(
                SQL("%s.property_id = ANY(%s)", SQL.identifier(alias), self.property_ids.ids)
            )
        return SQL(" AND ").join(conditions) if conditions else SQL("TRUE")

    def _partner_target_sql(self, partner_id_sql):
        """The rule's tiers and tags on the tenant ``partner_id_sql`` (an SQL column), in the
        occurrence query itself (never a filter in Python per tenant)."""
        conditions = []
        if self.tier_ids:
            conditions.append(
                SQL(
                    """EXISTS (SELECT 1 FROM res_partner target
                                WHERE target.id = %s AND target.tenant_tier_id = ANY(%s))""",
                    partner_id_sql,
                    self.tier_ids.ids,
                )
            )
        if self.category_ids:
            conditions.append(
                SQL(
                    """EXISTS (SELECT 1 FROM res_partner_res_partner_category_rel tag
                                WHERE tag.partner_id = %s AND tag.category_id = ANY(%s))""",
                    partner_id_sql,
                    self.category_ids.ids,
                )
            )
        return SQL(" AND ").join(conditions) if conditions else SQL("TRUE")

    def _flush_target_fields(self):
        self.env["res.partner"].flush_model(["tenant_tier_id", "category_id"])

    def _get_occurrences_yearly(self, field, start, end, min_years):
        """Yearly occurrences of a partner date column (birthday, move-in) within [start, end]."""
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        keys = {}
        for day in days:
            keys.setdefault(day.strftime("%m-%d"), []).append(day)
            # 29 February is celebrated on 28 February in other years.
            if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
                keys.setdefault("02-29", []).append(day)
        self.env["res.partner"].flush_model([field])
        self._flush_target_fields()
        self.env["apartment.lease"].flush_model(
            ["partner_id", "state", "company_id", "property_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id, partner.%(field)s
                  FROM res_partner partner
                 WHERE partner.active
                   AND partner.%(field)s IS NOT NULL
                   AND to_char(partner.%(field)s, 'MM-DD') = ANY(%(keys)s)
                   AND EXISTS (SELECT 1 FROM apartment_lease lease
                                WHERE lease.partner_id = partner.id
                                  AND lease.state = 'active' AND %(company)s)
                   AND %(target)s
                """,
                field=SQL.identifier(field),
                keys=list(keys),
                company=self._lease_company_sql(),
                target=self._partner_target_sql(SQL("partner.id")),
            )
        )
        result = []
        for partner_id, anchor in self.env.cr.fetchall():
            for day in keys[anchor.strftime("%m-%d")]:
                if day.year - anchor.year >= min_years:
                    result.append((partner_id, False, day))
        return result

    def _get_occurrences_birthday(self, start, end):
        return self._get_occurrences_yearly("birthday", start, end, min_years=1)

    def _get_occurrences_move_in_anniversary(self, start, end):
        return self._get_occurrences_yearly("move_in_date", start, end, min_years=1)

    def _get_occurrences_lease(self, state, occurrence_sql, start, end, extra=None):
        self._flush_target_fields()
        self.env["apartment.lease"].flush_model(
            ["partner_id", "state", "company_id", "property_id", "date_start", "date_end"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT lease.partner_id, lease.id, %(occurrence)s
                  FROM apartment_lease lease
                 WHERE lease.state = %(state)s
                   AND %(occurrence)s BETWEEN %(start)s AND %(end)s
                   AND %(company)s
                   AND %(target)s
                   AND %(extra)s
                """,
                occurrence=occurrence_sql,
                state=state,
                start=start,
                end=end,
                company=self._lease_company_sql(),
                target=self._partner_target_sql(SQL("lease.partner_id")),
                extra=extra or SQL("TRUE"),
            )
        )
        return [tuple(row) for row in self.env.cr.fetchall()]

    def _get_occurrences_move_in(self, start, end):
        return self._get_occurrences_lease("active", SQL("lease.date_start"), start, end)

    def _get_occurrences_mid_lease(self, start, end):
        return self._get_occurrences_lease(
            "active",
            SQL("(lease.date_start + (lease.date_end - lease.date_start) / 2)"),
            start,
            end,
        )

    def _get_occurrences_before_end(self, start, end):
        return self._get_occurrences_lease("active", SQL("lease.date_end"), start, end)

    def _get_occurrences_before_move_out(self, start, end):
        return self._get_occurrences_lease(
            "active", SQL("lease.date_end"), start, end, extra=self._get_will_end_sql()
        )

    def _get_will_end_sql(self):
        """The active ``lease`` will end: the tenant has no following lease (a renewal's
        successor or a new lease). Meant to be extended (the renewal addon: no open renewal
        offer either)."""
        return SQL(
            """NOT EXISTS (SELECT 1 FROM apartment_lease other
                            WHERE other.partner_id = lease.partner_id
                              AND other.id != lease.id
                              AND other.state IN ('draft', 'active')
                              AND other.date_end > lease.date_end)"""
        )

    def _get_occurrences_after_move_out(self, start, end):
        # Not for a tenant who signed again (another draft or active lease).
        return self._get_occurrences_lease(
            "ended",
            SQL("lease.date_end"),
            start,
            end,
            extra=SQL(
                """NOT EXISTS (SELECT 1 FROM apartment_lease other
                                WHERE other.partner_id = lease.partner_id
                                  AND other.state IN ('draft', 'active'))"""
            ),
        )

    def _get_occurrences_upgrade_interest(self, start, end):
        """The day the housekeeper noted the tenant wants a bigger home, on the tenant's active
        lease (the one ending last: the lease an upgrade or swap replaces)."""
        self._flush_target_fields()
        self.env["res.partner"].flush_model(["upgrade_interest_date", "active"])
        self.env["apartment.lease"].flush_model(
            ["partner_id", "state", "company_id", "property_id", "date_end"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (partner.id) partner.id, lease.id, partner.upgrade_interest_date
                  FROM res_partner partner
                  JOIN apartment_lease lease
                    ON lease.partner_id = partner.id AND lease.state = 'active'
                 WHERE partner.active
                   AND partner.upgrade_interest_date BETWEEN %(start)s AND %(end)s
                   AND %(company)s
                   AND %(target)s
              ORDER BY partner.id, lease.date_end DESC, lease.id DESC
                """,
                start=start,
                end=end,
                company=self._lease_company_sql(),
                target=self._partner_target_sql(SQL("partner.id")),
            )
        )
        return [tuple(row) for row in self.env.cr.fetchall()]
