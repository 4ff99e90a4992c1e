# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

import pytz
from babel.dates import format_skeleton
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse

from odoo.addons.apartment_crm.tools import check_workflow_fields, workflow_write

# Written only by action_notify_tenants (``workflow_write``).
NOTICE_FIELDS = ("apartment_notice_id", "apartment_notice_start", "apartment_notice_stop")


class MaintenanceRequest(models.Model):
    _inherit = "maintenance.request"

    apartment_notice_id = fields.Many2one(
        "apartment.notice",
        string="Tenant Notice",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
        help="The last building notice telling the tenants about this work (Notify Tenants).",
    )
    apartment_notice_start = fields.Datetime(
        string="Notified Start", readonly=True, copy=False, help="The start the tenants were told."
    )
    apartment_notice_stop = fields.Datetime(
        string="Notified End", readonly=True, copy=False, help="The end the tenants were told."
    )
    apartment_notice_outdated = fields.Boolean(
        string="Notice Outdated",
        compute="_compute_apartment_notice_outdated",
        help="The work was rescheduled after the tenants were notified: Notify Tenants again "
        "posts a correction.",
    )

    @api.depends("schedule_date", "duration", "apartment_notice_start", "apartment_notice_stop")
    def _compute_apartment_notice_outdated(self):
        for request in self:
            request.apartment_notice_outdated = bool(
                request.apartment_notice_id
                and request._get_notice_window()
                != (request.apartment_notice_start, request.apartment_notice_stop)
            )

    def _get_notice_workflow_message(self):
        return self.env._(
            "%(fields)s of maintenance request %(record)s cannot be written directly: use the "
            "button Notify Tenants."
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_workflow_fields(self, vals, NOTICE_FIELDS, self._get_notice_workflow_message())
        return super().create(vals_list)

    def write(self, vals):
        check_workflow_fields(self, vals, NOTICE_FIELDS, self._get_notice_workflow_message())
        return super().write(vals)

    # ------------------------------------------------------------------------------------------
    # Notify tenants
    # ------------------------------------------------------------------------------------------
    def _get_notice_window(self):
        """(start, stop) of the planned work in UTC, to the minute; (False, False) without a
        scheduled date and a duration."""
        self.ensure_one()
        if not self.schedule_date or not self.duration or self.duration <= 0:
            return False, False
        start = self.schedule_date.replace(second=0, microsecond=0)
        return start, start + timedelta(minutes=round(self.duration * 60))

    def _get_notice_tz(self):
        """The building's time zone (its address contact), else the company's, else the
        user's: the tenants read the window in local time."""
        self.ensure_one()
        return pytz.timezone(
            self.property_id.partner_id.tz
            or self.company_id.partner_id.tz
            or self.env.user.tz
            or "UTC"
        )

    def _format_notice_window(self, start, stop, lang):
        """'Thu, Dec 3, 2026 09:00–11:00' / '2026年12月3日周四 09:00–11:00' in the building's
        time zone and ``lang``'s date format (both days when the work spans midnight)."""
        tz = self._get_notice_tz()
        locale = babel_locale_parse(lang)
        start, stop = (pytz.utc.localize(value).astimezone(tz) for value in (start, stop))
        first, last = (format_skeleton("yMMMEd", value, locale=locale) for value in (start, stop))
        if first == last:
            return f"{first} {start:%H:%M}–{stop:%H:%M}"
        return f"{first} {start:%H:%M} – {last} {stop:%H:%M}"

    def _get_tenant_notice_texts(self, lang, previous=None):
        """(subject, body) of the notice in ``lang``; ``previous`` (start, stop): a correction
        of the window announced before."""
        self.ensure_one()
        env = self.with_context(lang=lang).env
        start, stop = self._get_notice_window()
        values = {
            "equipment": self.equipment_id.name,
            "building": self.property_id.name,
            "window": self._format_notice_window(start, stop, lang),
        }
        if previous:
            values["previous"] = self._format_notice_window(*previous, lang)
            subject = env._("Correction - planned maintenance: %(equipment)s", **values)
            text = env._(
                "Correction: the planned maintenance of %(equipment)s in %(building)s has moved "
                "to %(window)s (announced before: %(previous)s). It may be out of service "
                "during that time; thank you for your patience.",
                **values,
            )
        else:
            subject = env._("Planned maintenance: %(equipment)s", **values)
            text = env._(
                "Planned maintenance of %(equipment)s in %(building)s: %(window)s. It may be "
                "out of service during that time; thank you for your patience.",
                **values,
            )
        return subject, Markup("<p>%s</p>") % text

    def _check_can_notify(self):
        self.ensure_one()
        if not self.equipment_id.property_id:
            raise UserError(
                self.env._(
                    "Maintenance request %(request)s: its equipment has no Building, so there "
                    "are no tenants to notify; set the Building of the equipment first.",
                    request=self.display_name,
                )
            )
        if self.archive or self.stage_id.done:
            raise UserError(
                self.env._(
                    "Maintenance request %(request)s is done or cancelled: there is nothing to "
                    "announce.",
                    request=self.display_name,
                )
            )
        start, stop = self._get_notice_window()
        if not start:
            raise UserError(
                self.env._(
                    "Maintenance request %(request)s: set its Scheduled Date and a Duration "
                    "above zero first: the notice tells the tenants when the work takes place.",
                    request=self.display_name,
                )
            )
        if stop <= fields.Datetime.now():
            raise UserError(
                self.env._(
                    "Maintenance request %(request)s: its planned window is over; change the "
                    "Scheduled Date to announce new work.",
                    request=self.display_name,
                )
            )

    def _lock_for_notice(self):
        """Serialize two clicks (two tabs, two workers) on the same request: the second one
        waits, then sees the notice of the first."""
        self.env.cr.execute(
            SQL("SELECT id FROM maintenance_request WHERE id IN %s FOR UPDATE", tuple(self.ids))
        )
        self.invalidate_recordset(NOTICE_FIELDS)

    def action_notify_tenants(self):
        """Post a building notice about this planned work to the tenants of the equipment's
        building, in each tenant's language, once: clicking again does nothing while the window
        is unchanged; after a reschedule it posts a correction (a new notice: the first one was
        already read and e-mailed, so editing it would leave the tenants with the old time)."""
        self.ensure_one()
        self.env["apartment.notice"].check_access("create")
        self._lock_for_notice()
        self._check_can_notify()
        if self.apartment_notice_id and not self.apartment_notice_outdated:
            return self.action_view_tenant_notice()
        previous = (
            (self.apartment_notice_start, self.apartment_notice_stop)
            if self.apartment_notice_id and self.apartment_notice_start
            else None
        )
        langs = [code for code, __ in self.env["res.lang"].get_installed()]
        texts = {lang: self._get_tenant_notice_texts(lang, previous) for lang in langs}
        source = texts.pop("en_US", None) or self._get_tenant_notice_texts("en_US", previous)
        notice = self.env["apartment.notice"].create_for_property(
            self.property_id, *source, translations=texts
        )
        start, stop = self._get_notice_window()
        workflow_write(
            self,
            {
                "apartment_notice_id": notice.id,
                "apartment_notice_start": start,
                "apartment_notice_stop": stop,
            },
        )
        self.message_post(
            body=Markup(
                self.env._("Tenants of %(building)s notified: %(notice)s (%(count)s recipients).")
            )
            % {
                "building": self.property_id.name,
                "notice": notice._get_html_link(),
                "count": notice.recipient_count,
            }
        )
        return self.action_view_tenant_notice()

    def action_view_tenant_notice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Tenant Notice"),
            "res_model": "apartment.notice",
            "res_id": self.apartment_notice_id.id,
            "view_mode": "form",
        }
