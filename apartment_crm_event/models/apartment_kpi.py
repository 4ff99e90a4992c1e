# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class ApartmentKpi(models.Model):
    _inherit = "apartment.kpi"

    kpi = fields.Selection(
        selection_add=[("event_participation", "Tenants who attended an event (%)")],
        ondelete={"event_participation": "cascade"},
    )

    @api.model
    def _get_kpi_kinds(self):
        return {**super()._get_kpi_kinds(), "event_participation": "rate"}

    @api.model
    def _kpi_event_participation(self, company, start, end):
        """Share of the tenants living here at the end of the month who attended at least one
        community event that month."""
        return self._kpi_query(
            SQL(
                """
                WITH tenants AS (
                    SELECT DISTINCT property_id, partner_id
                      FROM apartment_lease
                     WHERE company_id = %(company)s AND state IN ('active', 'ended')
                       AND date_start <= %(end)s AND (date_end IS NULL OR date_end >= %(end)s)
                ), attended AS (
                    SELECT DISTINCT r.partner_id
                      FROM event_registration r
                      JOIN event_event e ON e.id = r.event_id
                     WHERE r.state = 'done'
                       AND e.date_begin >= %(start)s AND e.date_begin < %(stop)s
                )
                SELECT t.property_id, COUNT(a.partner_id), COUNT(*)
                  FROM tenants t
             LEFT JOIN attended a ON a.partner_id = t.partner_id
              GROUP BY t.property_id
                """,
                start=datetime.combine(start, time.min),
                stop=datetime.combine(end + timedelta(days=1), time.min),
                end=end,
                company=company.id,
            )
        )
