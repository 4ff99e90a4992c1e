# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class ApartmentEventAttendanceReport(models.Model):
    """Attendance of community events per building and interest group (one row per registered
    or attended registration and building of its event)."""

    _name = "apartment.event.attendance.report"
    _description = "Community Event Attendance"
    _auto = False
    _order = "date_begin desc"

    registration_id = fields.Many2one("event.registration", readonly=True)
    event_id = fields.Many2one("event.event", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Tenant", readonly=True)
    property_id = fields.Many2one("apartment.property", string="Building", readonly=True)
    interest_group_id = fields.Many2one("apartment.interest.group", readonly=True)
    venue_id = fields.Many2one("apartment.venue", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_begin = fields.Datetime(string="Event Date", readonly=True)
    registered = fields.Integer(string="Registrations", readonly=True)
    attended = fields.Integer(readonly=True)
    attendance_rate = fields.Float(
        string="Attendance Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the registrations that attended.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT row_number() OVER () AS id,
                           reg.id AS registration_id,
                           reg.event_id,
                           reg.partner_id,
                           rel.property_id,
                           ev.interest_group_id,
                           ev.venue_id,
                           ev.company_id,
                           ev.date_begin,
                           1 AS registered,
                           CASE WHEN reg.state = 'done' THEN 1 ELSE 0 END AS attended,
                           CASE WHEN reg.state = 'done' THEN 100.0 ELSE 0.0 END
                               AS attendance_rate
                      FROM event_registration reg
                      JOIN event_event ev ON ev.id = reg.event_id
                 LEFT JOIN event_event_apartment_property_rel rel ON rel.event_id = ev.id
                     WHERE reg.state IN ('open', 'done') AND reg.active
                )
                """,
                SQL.identifier(self._table),
            )
        )
