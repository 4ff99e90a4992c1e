# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=consider-merging-classes-inherited
"""Churn risk of tenants: weighted signals computed in batch, one activity on turning high."""

import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import split_every

_logger = logging.getLogger(__name__)

CHURN_BATCH_SIZE = 5000
CHURN_LEVELS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # --- churn risk ---
    churn_risk_score = fields.Integer(
        readonly=True,
        groups="apartment_crm.group_apartment_user",
        index=True,
        help="0-100: sum of the weights of the churn signals the tenant shows, capped at 100.",
    )
    churn_risk_level = fields.Selection(
        CHURN_LEVELS,
        readonly=True,
        groups="apartment_crm.group_apartment_user",
        index=True,
        help="From the score and the company's thresholds (Settings of the company).",
    )
    churn_reasons = fields.Text(
        readonly=True,
        groups="apartment_crm.group_apartment_user",
        help="The signals that fired, with their values.",
    )
    churn_evaluated_date = fields.Date(readonly=True, string="Churn Risk Evaluated On")
    churn_level_notified = fields.Selection(
        CHURN_LEVELS,
        readonly=True,
        groups="apartment_crm.group_apartment_user",
        copy=False,
        help="Level for which the housekeeper was last given a retention activity; cleared when "
        "the level drops, so a new rise notifies again.",
    )

    def action_evaluate_churn_risk(self):
        """Button on the tenant form."""
        self._evaluate_churn_risk()
        return True

    # ------------------------------------------------------------------------------------------
    # Signals: {partner_id: value}, one bounded query per signal for the whole batch
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_churn_signal_record(self, code):
        return (
            self.env["apartment.churn.signal"]
            .sudo()
            .with_context(active_test=False)
            .search([("code", "=", code)], limit=1)
        )

    def _churn_window(self, date, signal):
        """(start, end) datetimes of the signal's look-back window ending with ``date``."""
        end = fields.Datetime.to_datetime(date + timedelta(days=1))
        return end - timedelta(days=signal.window_days + 1), end

    def _get_churn_signal_repeat_repairs(self, date, signal=None):
        """Repair tickets of the tenant created within the window."""
        signal = signal or self._get_churn_signal_record("repeat_repairs")
        start, end = self._churn_window(date, signal)
        return self._count_tickets_by_partner(
            [
                ("ticket_kind", "=", "repair"),
                ("create_date", ">=", start),
                ("create_date", "<", end),
            ]
        )

    def _get_churn_signal_open_complaints(self, date, signal=None):
        """Complaints of the tenant, created by ``date``, whose stage is not a closing one."""
        end = fields.Datetime.to_datetime(date + timedelta(days=1))
        return self._count_tickets_by_partner(
            [
                ("ticket_kind", "=", "complaint"),
                ("stage_id.closed", "=", False),
                ("create_date", "<", end),
            ]
        )

    def _get_churn_signal_no_events(self, date, signal=None):
        """1 for a tenant who attended no event within the window, else 0."""
        signal = signal or self._get_churn_signal_record("no_events")
        start, end = self._churn_window(date, signal)
        groups = (
            self.env["event.registration"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("state", "=", "done"),
                    ("event_id.date_begin", ">=", start),
                    ("event_id.date_begin", "<", end),
                ],
                ["partner_id"],
            )
        )
        attended = {partner.id for [partner] in groups}
        return {partner_id: int(partner_id not in attended) for partner_id in self.ids}

    def _get_churn_signal_late_rent(self, date, signal=None):
        """Rent invoices due within the window that were paid late or are still unpaid past
        their due date."""
        signal = signal or self._get_churn_signal_record("late_rent")
        start = date - timedelta(days=signal.window_days)
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("rent_kind", "=", "rent"),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "!=", "reversed"),
                    ("invoice_date_due", ">", start),
                    ("invoice_date_due", "<", date),
                    "|",
                    ("days_late", ">", 0),
                    "|",
                    ("paid_date", "=", False),
                    ("paid_date", ">", date),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        return {partner.id: count for partner, count in groups}

    def _get_churn_signal_sla_breaches(self, date, signal=None):
        """Tickets of the tenant opened within the window that breached their service level."""
        signal = signal or self._get_churn_signal_record("sla_breaches")
        start, end = self._churn_window(date, signal)
        return self._count_tickets_by_partner(
            [
                ("sla_state", "=", "breached"),
                ("sla_start_date", ">=", start),
                ("sla_start_date", "<", end),
            ]
        )

    def _get_churn_signal_low_rating(self, date, signal=None):
        """Satisfaction ratings at or below the company's low-rating threshold, in the window."""
        signal = signal or self._get_churn_signal_record("low_rating")
        start, end = self._churn_window(date, signal)
        return self._count_tickets_by_partner(
            [
                ("rating_value", "!=", False),
                ("rating_value", "<=", str(self.env.company.sla_low_rating_threshold)),
                ("rating_date", ">=", start),
                ("rating_date", "<", end),
            ]
        )

    def _count_tickets_by_partner(self, domain):
        """{partner_id: tickets of the partner matching ``domain``} (archived ones excluded)."""
        groups = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group([("partner_id", "in", self.ids), *domain], ["partner_id"], ["__count"])
        )
        return {partner.id: count for partner, count in groups}

    def _get_churn_signal_renewal_unanswered(self, date, signal=None):
        """Renewal offers sent more than the window ago and still unanswered, plus offers that
        expired unanswered (renewal capability)."""
        signal = signal or self._get_churn_signal_record("renewal_unanswered")
        cutoff = date - timedelta(days=signal.window_days)
        sent = self._get_renewal_stats(date=cutoff)
        expired = self._get_renewal_stats(date=date)
        result = {}
        for partner_id in self.ids:
            count = sent.get(partner_id, {}).get("unanswered", 0) + expired.get(partner_id, {}).get(
                "expired", 0
            )
            if count:
                result[partner_id] = count
        return result

    # ------------------------------------------------------------------------------------------
    # Evaluation
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_churn_evaluation_domain(self):
        """Tenants living with the operator (an active lease)."""
        return [("lease_ids.state", "=", "active")]

    @api.model
    def _cron_evaluate_churn_risk(self, date=None):
        self.search(self._get_churn_evaluation_domain())._evaluate_churn_risk(date=date)
        return True

    def _evaluate_churn_risk(self, date=None):
        """Score the churn risk of the partners of ``self`` at ``date`` (default today).

        Each active signal's values come from ``_get_churn_signal_<code>(date, signal)``; a signal
        fires when the value reaches its threshold and adds its weight (score capped at 100).
        Tenants turning high get one activity for their housekeeper.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        signals = self.env["apartment.churn.signal"].sudo().search([("active", "=", True)])
        for batch_ids in split_every(CHURN_BATCH_SIZE, self.ids):
            self.browse(batch_ids)._evaluate_churn_risk_batch(date, signals)
        return True

    def _get_churn_signal_values(self, date, signals):
        values = {}
        for signal in signals:
            method = getattr(self, f"_get_churn_signal_{signal.code}", None)
            if method is None:
                _logger.warning(
                    "Churn signal %s has no method _get_churn_signal_%s: ignored.",
                    signal.name,
                    signal.code,
                )
                continue
            values[signal] = method(date, signal)
        return values

    def _evaluate_churn_risk_batch(self, date, signals):
        values = self._get_churn_signal_values(date, signals)
        # Plain values, read once per batch rather than per tenant.
        checks = [
            (signal, signal.threshold, signal.weight, by_partner)
            for signal, by_partner in values.items()
        ]
        template = self._get_churn_reason_template()
        levels = {}
        updates = {}
        to_notify = {}
        for partner in self:
            fired = []  # (signal, value)
            score = 0
            for signal, threshold, weight, by_partner in checks:
                value = by_partner.get(partner.id, 0)
                if value >= threshold:
                    fired.append((signal, value))
                    score += weight
            score = min(100, score)
            company = partner.company_id or self.env.company
            if company not in levels:
                levels[company] = partner._get_churn_levels()
            level = next(level for minimum, level in levels[company] if score >= minimum)
            vals = {
                "churn_risk_score": score,
                "churn_risk_level": level,
                "churn_reasons": "\n".join(
                    self._format_churn_reason(signal, value, template) for signal, value in fired
                ),
                "churn_evaluated_date": date,
            }
            if level == "high" and partner.churn_level_notified != "high":
                to_notify[partner] = fired
                vals["churn_level_notified"] = "high"
            elif level != "high" and partner.churn_level_notified:
                vals["churn_level_notified"] = False
            updates[partner] = vals
        self._write_grouped_updates(updates)
        self._notify_churn_high(to_notify, date)

    def _get_churn_levels(self):
        """[(minimum score, level)] of the partner's company, highest first."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return [
            (company.churn_high_threshold, "high"),
            (company.churn_medium_threshold, "medium"),
            (0, "low"),
        ]

    def _get_churn_level(self, score):
        self.ensure_one()
        return next(level for minimum, level in self._get_churn_levels() if score >= minimum)

    @api.model
    def _get_churn_reason_template(self):
        return {
            "line": self.env._(
                "%(signal)s: %(value)s (fires from %(threshold)s%(window)s), +%(weight)s"
            ),
            "window": self.env._(" within %(days)s days"),
        }

    def _format_churn_reason(self, signal, value, template=None):
        template = template or self._get_churn_reason_template()
        fmt = self.env["apartment.tenant.tier"]._format_criterion
        return template["line"] % {
            "signal": signal.name,
            "value": fmt(value),
            "threshold": fmt(signal.threshold),
            "window": (
                template["window"] % {"days": signal.window_days} if signal.window_days else ""
            ),
            "weight": signal.weight,
        }

    def _get_churn_responsible(self):
        """Who receives the retention activity: housekeeper, else property manager, else admin."""
        self.ensure_one()
        return (
            self.housekeeper_id
            or self.current_lease_id.property_id.manager_id
            or self.env.ref("base.user_admin", raise_if_not_found=False)
            or self.env.user
        )

    def _notify_churn_high(self, fired_by_partner, date):
        """One to-do per tenant turning high, naming the reasons and retention actions."""
        if not fired_by_partner:
            return self.env["mail.activity"]
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for partner, fired in fired_by_partner.items():
            reasons = Markup("").join(
                Markup("<li>%s</li>") % self._format_churn_reason(signal, value)
                for signal, value in fired
            )
            actions = Markup("").join(
                Markup("<li>%s</li>") % signal.retention_action
                for signal, __ in fired
                if signal.retention_action
            ) or Markup("<li>%s</li>") % self.env._("Visit the tenant, or make a renewal offer.")
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": self.env._("High churn risk: retention action"),
                    "note": Markup("<p>%s</p><ul>%s</ul><p>%s</p><ul>%s</ul>")
                    % (
                        self.env._(
                            "%(tenant)s is at high churn risk (score %(score)s). Reasons:",
                            tenant=partner.display_name,
                            score=min(100, sum(signal.weight for signal, __ in fired)),
                        ),
                        reasons,
                        self.env._("Suggested retention actions:"),
                        actions,
                    ),
                    "user_id": partner._get_churn_responsible().id,
                    "date_deadline": date,
                }
            )
        return self.env["mail.activity"].sudo().create(vals_list)
