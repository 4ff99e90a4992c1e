# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import split_every

from ..tools import concurrent_batch, not_done_on, take_batch
from .mail_followers import BATCH_ACTIVITY_CONTEXT

_logger = logging.getLogger(__name__)

CHURN_BATCH_SIZE = 5000
CHURN_LEVELS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]


class ApartmentChurnSignal(models.Model):
    """A weighted warning sign that a tenant may leave (two repairs in a row, late rent...).

    The model also holds the churn engine (``_evaluate_partners``). Each signal's value per
    tenant comes from its plug-in ``_get_churn_signal_<code>(partners, date)``, called on the
    signal record and returning {partner_id: value}; the signal fires when the value reaches the
    threshold, and adds its weight to the score. Capability addons add their plug-ins by
    inheriting this model.
    """

    _name = "apartment.churn.signal"
    _description = "Churn Risk Signal"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code; the value comes from the method _get_churn_signal_<code>().",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    weight = fields.Integer(
        default=10, help="Points (out of 100) added to the churn risk score when the signal fires."
    )
    threshold = fields.Float(
        default=1.0, help="The signal fires when the tenant's value reaches this threshold."
    )
    window_days = fields.Integer(
        string="Window (days)",
        default=90,
        help="Look-back period of the signal, in days (e.g. repairs within 60 days).",
    )
    description = fields.Text(translate=True)
    retention_action = fields.Char(
        translate=True,
        help="Suggested retention action given to the housekeeper when the signal fires.",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A churn signal code must be unique."),
        (
            "weight_range",
            "CHECK(weight >= 0 AND weight <= 100)",
            "The weight of a churn signal must be between 0 and 100.",
        ),
        (
            "window_positive",
            "CHECK(window_days >= 0)",
            "The window of a churn signal cannot be negative.",
        ),
    ]

    def copy_data(self, default=None):
        if "code" not in (default or {}):
            # The code names the signal's method: a copy would be a second signal with no
            # value (and the unique code refuses it in SQL).
            raise UserError(
                self.env._(
                    "A churn signal cannot be duplicated: its code %(code)s names the method "
                    "that computes it. Change the weight, threshold or window of %(signal)s "
                    "instead.",
                    code=self[:1].code,
                    signal=self[:1].name,
                )
            )
        return super().copy_data(default=default)

    @api.constrains("threshold")
    def _check_threshold(self):
        for signal in self:
            if signal.threshold <= 0:
                raise ValidationError(
                    self.env._(
                        "Churn signal %(signal)s: the threshold must be greater than zero "
                        "(a signal with threshold 0 would always fire).",
                        signal=signal.name,
                    )
                )

    # ------------------------------------------------------------------------------------------
    # Engine: signal values, {partner_id: value}, one bounded query per signal for the batch
    # ------------------------------------------------------------------------------------------
    def _churn_window(self, date):
        """(start, end) datetimes of this signal's look-back window ending with ``date``."""
        self.ensure_one()
        end = fields.Datetime.to_datetime(date + timedelta(days=1))
        return end - timedelta(days=self.window_days + 1), end

    def _get_partner_values(self, partners, date):
        """{signal: {partner_id: value}} of the signals of ``self`` that have a plug-in."""
        values = {}
        for signal in self:
            method = getattr(signal, f"_get_churn_signal_{signal.code}", None)
            if method is None:
                _logger.warning(
                    "Churn signal %s has no method _get_churn_signal_%s: ignored.",
                    signal.name,
                    signal.code,
                )
                continue
            values[signal] = method(partners, date)
        return values

    # ------------------------------------------------------------------------------------------
    # Engine: evaluation
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_evaluation_domain(self):
        """The partners the daily cron scores: tenants living with the operator (active lease)."""
        return [("lease_ids.state", "=", "active")]

    @api.model
    def _cron_evaluate_churn_risk(self, date=None):
        """Score the churn risk of the tenants at ``date`` (default today).

        Run by the scheduler, one call scores at most ``apartment_crm.engine_batch_size``
        (default 2000) tenants not scored at ``date`` yet and reports the rest, so the
        scheduler commits and calls again. Called by hand it scores every tenant at once.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        domain = not_done_on(self.env, self._get_evaluation_domain(), "churn_evaluated_date", date)
        partners = self.env["res.partner"].search(domain, order="id")
        batch, remaining = take_batch(self.env, partners)
        with concurrent_batch(self.env, "Churn scoring", batch) as state:
            self._evaluate_partners(batch, date=date)
        done = 0 if state["skipped"] else len(batch)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining + len(batch) - done)
        return True

    @api.model
    def _evaluate_partners(self, partners, date=None):
        """Score the churn risk of ``partners`` at ``date`` (default today).

        Each active signal's values come from its ``_get_churn_signal_<code>(partners, date)``;
        a signal fires when the value reaches its threshold and adds its weight (score capped
        at 100). Tenants turning high get one activity for their housekeeper.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        signals = self.sudo().search([("active", "=", True)])
        for batch_ids in split_every(CHURN_BATCH_SIZE, partners.ids):
            self._evaluate_batch(partners.browse(batch_ids), date, signals)
        return True

    @api.model
    def _evaluate_batch(self, partners, date, signals):
        values = signals._get_partner_values(partners, date)
        # Plain values, read once per batch rather than per tenant.
        checks = [
            (signal, signal.threshold, signal.weight, by_partner)
            for signal, by_partner in values.items()
        ]
        # The reasons in every installed language (a translatable field): each reader reads
        # them in their own language.
        langs = self.env["apartment.tenant.tier"]._get_engine_langs()
        templates = {lang: self.with_context(lang=lang)._get_reason_template() for lang in langs}
        levels = {}
        updates = {}
        to_notify = {}
        for partner in partners:
            score, fired = self._get_score(partner.id, checks)
            company = partner.company_id or self.env.company
            if company not in levels:
                levels[company] = self._get_levels(company)
            level = next(level for minimum, level in levels[company] if score >= minimum)
            vals = {
                "churn_risk_score": score,
                "churn_risk_level": level,
                "churn_reasons": {
                    lang: "\n".join(
                        signal.with_context(lang=lang)._format_reason(value, template)
                        for signal, value in fired
                    )
                    for lang, template in templates.items()
                },
                "churn_evaluated_date": date,
            }
            if level == "high" and partner.churn_level_notified != "high":
                to_notify[partner] = fired
                vals["churn_level_notified"] = "high"
            elif level != "high" and partner.churn_level_notified:
                vals["churn_level_notified"] = False
            updates[partner] = vals
        self.env["apartment.tenant.tier"]._write_partner_updates(updates)
        self._notify_high(to_notify, date)

    @api.model
    def _get_score(self, partner_id, checks):
        """(score capped at 100, [(signal, value)] of the signals that fired) of one partner.

        :param list checks: [(signal, threshold, weight, {partner_id: value})]
        """
        fired = []
        score = 0
        for signal, threshold, weight, by_partner in checks:
            value = by_partner.get(partner_id, 0)
            if value >= threshold:
                fired.append((signal, value))
                score += weight
        return min(100, score), fired

    @api.model
    def _get_levels(self, company):
        """[(minimum score, level)] of ``company``, highest first."""
        return [
            (company.churn_high_threshold, "high"),
            (company.churn_medium_threshold, "medium"),
            (0, "low"),
        ]

    @api.model
    def _get_reason_template(self):
        return {
            "line": self.env._(
                "%(signal)s: %(value)s (fires from %(threshold)s%(window)s), +%(weight)s"
            ),
            "window": self.env._(" within %(days)s days"),
        }

    def _format_reason(self, value, template=None):
        """One line of the churn reasons: this signal fired with ``value``."""
        self.ensure_one()
        template = template or self._get_reason_template()
        fmt = self.env["apartment.tenant.tier"]._format_criterion
        return template["line"] % {
            "signal": self.name,
            "value": fmt(value),
            "threshold": fmt(self.threshold),
            "window": template["window"] % {"days": self.window_days} if self.window_days else "",
            "weight": self.weight,
        }

    @api.model
    def _notify_high(self, fired_by_partner, date):
        """One to-do per tenant turning high, naming the reasons and retention actions.

        :param dict fired_by_partner: {partner: [(signal, value)] of the signals that fired}
        """
        if not fired_by_partner:
            return self.env["mail.activity"]
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for partner, fired in fired_by_partner.items():
            # The to-do is the housekeeper's: in their language, not the cron user's.
            responsible = partner._get_churn_responsible()
            engine = self.with_context(lang=responsible.lang or self.env.lang)
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": engine.env._("High churn risk: retention action"),
                    "note": engine._get_high_note(
                        partner, [(signal.with_env(engine.env), value) for signal, value in fired]
                    ),
                    "user_id": responsible.id,
                    "date_deadline": date,
                }
            )
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(**BATCH_ACTIVITY_CONTEXT)
            .create(vals_list)
        )

    @api.model
    def _get_high_note(self, partner, fired):
        """The note of the retention activity: score, reasons, suggested actions."""
        reasons = Markup("").join(
            Markup("<li>%s</li>") % signal._format_reason(value) for signal, value in fired
        )
        actions = Markup("").join(
            Markup("<li>%s</li>") % signal.retention_action
            for signal, __ in fired
            if signal.retention_action
        ) or Markup("<li>%s</li>") % self.env._("Visit the tenant, or make a renewal offer.")
        return Markup("<p>%s</p><ul>%s</ul><p>%s</p><ul>%s</ul>") % (
            self.env._(
                "%(tenant)s is at high churn risk (score %(score)s). Reasons:",
                tenant=partner.display_name,
                score=min(100, sum(signal.weight for signal, __ in fired)),
            ),
            reasons,
            self.env._("Suggested retention actions:"),
            actions,
        )
