# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class ApartmentKpi(models.Model):
    _inherit = "apartment.kpi"

    kpi = fields.Selection(
        selection_add=[
            ("sla_response_rate", "Response SLA met (%)"),
            ("sla_resolution_rate", "Resolution SLA met (%)"),
        ],
        ondelete={"sla_response_rate": "cascade", "sla_resolution_rate": "cascade"},
    )

    @api.model
    def _get_kpi_kinds(self):
        return {
            **super()._get_kpi_kinds(),
            "sla_response_rate": "rate",
            "sla_resolution_rate": "rate",
        }

    @api.model
    def _sla_kpi_query(self, company, start, end, date_column, state_column):
        return self._kpi_query(
            SQL(
                """
                SELECT property_id,
                       COUNT(*) FILTER (WHERE %(state)s = 'met'),
                       COUNT(*)
                  FROM helpdesk_ticket
                 WHERE company_id = %(company)s
                   AND %(state)s IN ('met', 'breached')
                   AND %(date)s >= %(start)s AND %(date)s < %(stop)s
              GROUP BY property_id
                """,
                state=SQL.identifier(state_column),
                date=SQL.identifier(date_column),
                start=datetime.combine(start, time.min),
                stop=datetime.combine(end + timedelta(days=1), time.min),
                company=company.id,
            )
        )

    @api.model
    def _kpi_sla_response_rate(self, company, start, end):
        """Tickets first answered in the month within their response target."""
        return self._sla_kpi_query(company, start, end, "first_response_date", "sla_response_state")

    @api.model
    def _kpi_sla_resolution_rate(self, company, start, end):
        """Tickets resolved in the month within their resolution target."""
        return self._sla_kpi_query(company, start, end, "resolved_date", "sla_resolution_state")
