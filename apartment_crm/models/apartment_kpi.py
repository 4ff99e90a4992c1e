# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Monthly operator KPIs: the trends of the dashboard.

One row per company, month, KPI and building, plus the company's total row (``is_total``).
A rate keeps its numerator and denominator, so the total and any set of buildings are summed
exactly (never an average of percentages). The daily cron recomputes the current and the
previous month (payments of last month still arrive); on a company with no row yet it fills the
last 12 months. Capability addons add KPIs: extend ``kpi`` with ``selection_add``,
``_get_kpi_kinds`` (code -> "rate" / "amount" / "count") and write ``_kpi_<code>(company, start,
end)`` returning ``{property id or None: (numerator, denominator)}``, one query per call.
"""

import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import concurrent_batch, get_batch_size, is_scheduler_run

_logger = logging.getLogger(__name__)

KPI_MONTHS = 12
# (company, month) pairs one scheduler call refreshes (apartment_crm.kpi_batch_size): a
# company's year, each month one query per KPI.
KPI_BATCH_SIZE = 12


class ApartmentKpi(models.Model):
    _name = "apartment.kpi"
    _description = "Operator KPI per Month"
    _order = "month desc, kpi, is_total desc, property_id"
    _rec_name = "kpi"

    month = fields.Date(
        required=True, readonly=True, index=True, help="First day of the month measured."
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    property_id = fields.Many2one(
        "apartment.property", string="Building", readonly=True, index=True, ondelete="cascade"
    )
    is_total = fields.Boolean(
        string="Company Total", readonly=True, help="The company's figure, all buildings summed."
    )
    kpi = fields.Selection(
        [
            ("occupancy", "Occupancy (%)"),
            ("new_leases", "New leases"),
            ("referral_share", "Referral share of new leases (%)"),
            ("churn_high_share", "Tenants at high churn risk (%)"),
        ],
        string="KPI",
        required=True,
        readonly=True,
        index=True,
    )
    value = fields.Float(
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help="The rate in percent, or the amount / count. Months with nothing to measure have "
        "a rate of 0 and a denominator of 0.",
    )
    numerator = fields.Float(digits=(16, 2), readonly=True)
    denominator = fields.Float(digits=(16, 2), readonly=True)
    refreshed_date = fields.Date(
        string="Measured On",
        readonly=True,
        help="The day the figure was measured (the daily cron's batches resume from it).",
    )

    _sql_constraints = [
        (
            "kpi_month_unique",
            "UNIQUE NULLS NOT DISTINCT (company_id, property_id, kpi, month)",
            "One figure per company, building, KPI and month.",
        ),
    ]

    # ------------------------------------------------------------------------------------------
    # Definitions (extended by the capability addons)
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_kpi_kinds(self):
        return {
            "occupancy": "rate",
            "new_leases": "count",
            "referral_share": "rate",
            "churn_high_share": "rate",
        }

    @api.model
    def _get_kpi_snapshot_codes(self):
        """KPIs that only exist for today (a risk score has no history): computed for the
        current month only, earlier months keep what was measured then."""
        return {"churn_high_share"}

    @api.model
    def _kpi_value(self, kind, numerator, denominator):
        if kind == "rate":
            return 100.0 * numerator / denominator if denominator else 0.0
        return numerator

    # ------------------------------------------------------------------------------------------
    # Refresh
    # ------------------------------------------------------------------------------------------
    @api.model
    def _cron_refresh_kpis(self, date=None):
        """Daily: the current and previous month of every company, and any of its last 12
        months that has no figure yet (new install, new company).

        Run by the scheduler, one call refreshes at most ``apartment_crm.kpi_batch_size``
        (default 12) of these (company, month) pairs not refreshed at ``date`` yet, and
        reports the rest; the scheduler commits and calls again. A month is replaced whole in
        one savepoint, so a batch that dies, or that a concurrent run makes fail (logged,
        retried in a few minutes), is simply redone. Called by hand it refreshes them all.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        todo = self._get_refresh_months(date)
        if is_scheduler_run(self.env):
            done_today = {
                (company.id, month)
                for company, month in self.sudo()._read_group(
                    [("refreshed_date", "=", date)], ["company_id", "month:day"]
                )
            }
            todo = [pair for pair in todo if (pair[0].id, pair[1]) not in done_today]
            size = get_batch_size(self.env, "apartment_crm.kpi_batch_size", KPI_BATCH_SIZE)
            batch, remaining = todo[:size], max(len(todo) - size, 0)
        else:
            batch, remaining = todo, 0
        companies = self.env["res.company"].browse({company.id for company, _start in batch})
        months = ", ".join(sorted({f"{start:%Y-%m}" for _company, start in batch}))
        with concurrent_batch(self.env, f"KPI refresh of {months}", companies) as state:
            by_company = {}
            for company, start in batch:
                by_company.setdefault(company, []).append(start)
            for company, starts in by_company.items():
                self._refresh(company, date, starts=starts)
        done = 0 if state["skipped"] else len(batch)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining + len(batch) - done)
        return True

    @api.model
    def _get_refresh_months(self, date):
        """[(company, first day of month)] the daily refresh measures at ``date``, in order:
        for each company with buildings, the current and the previous month, then the
        months of the last ``KPI_MONTHS`` that have no figure yet."""
        current = date.replace(day=1)
        recent = [current, current - relativedelta(months=1)]
        year = [current - relativedelta(months=offset) for offset in range(KPI_MONTHS)]
        companies = [
            company
            for [company] in self.env["apartment.property"].sudo()._read_group([], ["company_id"])
        ]
        known = {
            (company.id, month)
            for company, month in self.sudo()._read_group(
                [
                    ("company_id", "in", [company.id for company in companies]),
                    ("month", ">=", year[-1]),
                ],
                ["company_id", "month:day"],
            )
        }
        todo = []
        for company in companies:
            todo += [(company, start) for start in recent]
            todo += [
                (company, start)
                for start in year
                if start not in recent and (company.id, start) not in known
            ]
        return todo

    @api.model
    def _refresh(self, company, date, months=KPI_MONTHS, starts=None):
        """Recompute ``months`` months up to the one of ``date`` for ``company`` (or the
        months beginning on ``starts``); the rows of those months are replaced in one
        transaction (running it twice changes nothing)."""
        current = date.replace(day=1)
        if starts is None:
            starts = [current - relativedelta(months=offset) for offset in range(months)]
        snapshot = self._get_kpi_snapshot_codes()
        rows, replaced = [], []
        for code, kind in self._get_kpi_kinds().items():
            method = getattr(self, f"_kpi_{code}", None)
            if method is None:
                _logger.warning("KPI %s has no method _kpi_%s: ignored.", code, code)
                continue
            for start in starts:
                if code in snapshot and start != current:
                    continue
                end = min(start + relativedelta(months=1, days=-1), date)
                by_property = method(company, start, end)
                replaced.append((code, start))
                rows.extend(self._prepare_rows(company, code, kind, start, by_property))
        for row in rows:
            row["refreshed_date"] = date
        Kpi = self.sudo()
        for code, start in replaced:
            self.env.cr.execute(
                SQL(
                    "DELETE FROM apartment_kpi WHERE company_id = %s AND kpi = %s AND month = %s",
                    company.id,
                    code,
                    start,
                )
            )
        self.env.invalidate_all()
        return Kpi.create(rows)

    @api.model
    def _prepare_rows(self, company, code, kind, start, by_property):
        base = {"company_id": company.id, "kpi": code, "month": start}
        rows = []
        total_num = total_den = 0.0
        for property_id, (numerator, denominator) in by_property.items():
            total_num += numerator or 0.0
            total_den += denominator or 0.0
            if property_id:
                rows.append(
                    dict(
                        base,
                        property_id=property_id,
                        numerator=numerator or 0.0,
                        denominator=denominator or 0.0,
                        value=self._kpi_value(kind, numerator or 0.0, denominator or 0.0),
                    )
                )
        rows.append(
            dict(
                base,
                is_total=True,
                numerator=total_num,
                denominator=total_den,
                value=self._kpi_value(kind, total_num, total_den),
            )
        )
        return rows

    @api.model
    def _kpi_query(self, query):
        """Run a KPI query returning (property id, numerator, denominator) rows."""
        self.env.flush_all()
        self.env.cr.execute(query)
        return {
            property_id: (float(numerator or 0), float(denominator or 0))
            for property_id, numerator, denominator in self.env.cr.fetchall()
        }

    # ------------------------------------------------------------------------------------------
    # Core KPIs
    # ------------------------------------------------------------------------------------------
    @api.model
    def _kpi_occupancy(self, company, start, end):
        """Units let at the end of the month (or today) among the active units."""
        return self._kpi_query(
            SQL(
                """
                SELECT u.property_id,
                       COUNT(*) FILTER (WHERE EXISTS (
                           SELECT 1 FROM apartment_lease l
                            WHERE l.unit_id = u.id AND l.state IN ('active', 'ended')
                              AND l.date_start <= %(end)s
                              AND (l.date_end IS NULL OR l.date_end >= %(end)s))),
                       COUNT(*)
                  FROM apartment_unit u
                  JOIN apartment_property p ON p.id = u.property_id
                 WHERE p.company_id = %(company)s AND u.active AND p.active
              GROUP BY u.property_id
                """,
                end=end,
                company=company.id,
            )
        )

    @api.model
    def _new_lease_counts(self, company, start, end, numerator):
        """Leases that started in the month (signed: active or ended since), per building:
        (``numerator``, all of them)."""
        return self._kpi_query(
            SQL(
                """
                SELECT property_id, %(numerator)s, COUNT(*)
                  FROM apartment_lease
                 WHERE company_id = %(company)s AND state IN ('active', 'ended')
                   AND date_start BETWEEN %(start)s AND %(end)s
              GROUP BY property_id
                """,
                numerator=numerator,
                start=start,
                end=end,
                company=company.id,
            )
        )

    @api.model
    def _kpi_new_leases(self, company, start, end):
        """Leases that started in the month."""
        return self._new_lease_counts(company, start, end, SQL("COUNT(*)"))

    @api.model
    def _kpi_referral_share(self, company, start, end):
        """Share of the month's new leases referred by a tenant (转介绍)."""
        return self._new_lease_counts(company, start, end, SQL("COUNT(referred_by_id)"))

    @api.model
    def _kpi_churn_high_share(self, company, start, end):
        """Share of the tenants living here today whose churn risk is high."""
        return self._kpi_query(
            SQL(
                """
                SELECT t.property_id,
                       COUNT(*) FILTER (WHERE p.churn_risk_level = 'high'),
                       COUNT(*)
                  FROM (SELECT DISTINCT property_id, partner_id
                          FROM apartment_lease
                         WHERE company_id = %(company)s AND state = 'active') t
                  JOIN res_partner p ON p.id = t.partner_id
              GROUP BY t.property_id
                """,
                company=company.id,
            )
        )
