# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    on_time_payment_rate = fields.Float(
        compute="_compute_rent_payment_stats",
        digits=(5, 2),
        help="Share (%) of the tenant's rent invoices due in the last 12 months that were paid "
        "on or before their due date.",
    )
    late_payment_count_12m = fields.Integer(
        string="Late Payments (12 months)",
        compute="_compute_rent_payment_stats",
        help="Rent invoices due in the last 12 months paid after their due date or still unpaid "
        "past it.",
    )
    overdue_amount = fields.Monetary(
        compute="_compute_rent_payment_stats",
        currency_field="rent_currency_id",
        help="Open amount of the tenant's rent invoices past their due date.",
    )
    rent_paid_12m = fields.Monetary(
        string="Rent Paid (12 months)",
        compute="_compute_rent_payment_stats",
        currency_field="rent_currency_id",
        help="Rent invoices paid in full in the last 12 months (by paid date).",
    )
    rent_currency_id = fields.Many2one("res.currency", compute="_compute_rent_payment_stats")

    @api.model
    def _get_engine_fields(self):
        return super()._get_engine_fields() | {
            "on_time_payment_rate",
            "late_payment_count_12m",
            "overdue_amount",
            "rent_paid_12m",
            "rent_currency_id",
        }

    @api.depends_context("company")
    def _compute_rent_payment_stats(self):
        stats = self._get_rent_payment_stats()
        currency = self.env.company.currency_id
        for partner in self:
            values = stats.get(partner.id, {})
            partner.on_time_payment_rate = values.get("on_time_payment_rate", 0.0)
            partner.late_payment_count_12m = values.get("late_payment_count_12m", 0)
            partner.overdue_amount = values.get("overdue_amount", 0.0)
            partner.rent_paid_12m = values.get("rent_paid_12m", 0.0)
            partner.rent_currency_id = currency

    # Long on purpose: one grouped query per statistic, each domain next to its key.
    def _get_rent_payment_stats(self, date=None):
        """Rent payment behaviour of the partners, in a fixed number of queries.

        Returns {partner_id: {due_count_12m, on_time_count_12m, on_time_payment_rate (%),
        late_payment_count_12m, overdue_amount, rent_paid_12m}} for every partner of ``self``
        with rent invoices (amounts in company currency). ``date`` is the reference day (today).
        Only posted rent invoices that were not reversed count.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        since = date - relativedelta(months=12)
        Move = self.env["account.move"].sudo()
        base = [
            ("partner_id", "in", self.ids),
            *Move._get_rent_invoice_domain(),
        ]
        due_12m = base + [("invoice_date_due", ">", since), ("invoice_date_due", "<=", date)]
        stats = {}

        def bucket(partner):
            return stats.setdefault(
                partner.id,
                {
                    "due_count_12m": 0,
                    "on_time_count_12m": 0,
                    "on_time_payment_rate": 0.0,
                    "late_payment_count_12m": 0,
                    "overdue_amount": 0.0,
                    "rent_paid_12m": 0.0,
                },
            )

        for partner, count in Move._read_group(due_12m, ["partner_id"], ["__count"]):
            bucket(partner)["due_count_12m"] = count
        on_time = due_12m + [
            ("paid_date", "!=", False),
            ("paid_date", "<=", date),
            ("days_late", "=", 0),
        ]
        for partner, count in Move._read_group(on_time, ["partner_id"], ["__count"]):
            bucket(partner)["on_time_count_12m"] = count
        late = due_12m + [
            "|",
            ("days_late", ">", 0),
            "&",
            ("invoice_date_due", "<", date),
            "|",
            ("paid_date", "=", False),
            ("paid_date", ">", date),
        ]
        for partner, count in Move._read_group(late, ["partner_id"], ["__count"]):
            bucket(partner)["late_payment_count_12m"] = count
        overdue = base + [
            ("invoice_date_due", "<", date),
            ("payment_state", "in", ("not_paid", "partial")),
        ]
        for partner, amount in Move._read_group(
            overdue, ["partner_id"], ["amount_residual_signed:sum"]
        ):
            bucket(partner)["overdue_amount"] = amount
        paid = base + [("paid_date", ">", since), ("paid_date", "<=", date)]
        for partner, amount in Move._read_group(paid, ["partner_id"], ["amount_total_signed:sum"]):
            bucket(partner)["rent_paid_12m"] = amount
        for values in stats.values():
            if values["due_count_12m"]:
                values["on_time_payment_rate"] = round(
                    100.0 * values["on_time_count_12m"] / values["due_count_12m"], 2
                )
        return stats
