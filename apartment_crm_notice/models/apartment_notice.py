# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.apartment_crm.tools import (
    check_state,
    check_workflow_fields,
    take_batch,
    workflow_write,
)

_logger = logging.getLogger(__name__)


class ApartmentNotice(models.Model):
    """A building notice (公告): water cut on Tuesday, elevator maintenance, festival party.

    Sent to the tenants with an active lease in the buildings (optionally one floor, optionally
    only those with given tags): one recipient row each (unique), shown on their portal, and an
    e-mail queued for those who prefer e-mail, rendered in each tenant's language, in one
    batch. Read receipts come from the portal.
    """

    _name = "apartment.notice"
    _description = "Building Notice"
    _inherit = ["mail.thread"]
    _order = "date_sent desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, translate=True, tracking=True)
    body = fields.Html(required=True, translate=True, sanitize_style=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    property_ids = fields.Many2many(
        "apartment.property", string="Buildings", required=True, check_company=True
    )
    filter_floor = fields.Boolean(string="One Floor Only")
    floor = fields.Integer(help="Only the tenants of this floor (with One Floor Only).")
    category_ids = fields.Many2many(
        "res.partner.category",
        string="Tags",
        help="Only the tenants with one of these tags (e.g. an interest group); empty: all.",
    )
    date_scheduled = fields.Datetime(
        string="Scheduled For", help="Sent by the scheduler at this time (Schedule)."
    )
    date_sent = fields.Datetime(readonly=True, copy=False, index=True)
    state = fields.Selection(
        [("draft", "Draft"), ("scheduled", "Scheduled"), ("sent", "Sent")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    recipient_ids = fields.One2many("apartment.notice.recipient", "notice_id", readonly=True)
    recipient_count = fields.Integer(compute="_compute_counts")
    read_count = fields.Integer(compute="_compute_counts")
    emailed_count = fields.Integer(compute="_compute_counts", string="E-mailed")
    reached_count = fields.Integer(
        compute="_compute_counts", help="Recipients who read the notice or were e-mailed it."
    )

    _sql_constraints = [
        (
            "floor_range",
            "CHECK(floor BETWEEN -10 AND 300)",
            "The floor of a notice must be between -10 and 300.",
        ),
    ]

    def _compute_counts(self):
        rows = self.env["apartment.notice.recipient"]._read_group(
            [("notice_id", "in", self.ids)],
            ["notice_id", "is_read", "channel"],
            ["__count"],
        )
        stats = {}
        for notice, is_read, channel, count in rows:
            entry = stats.setdefault(notice.id, {"all": 0, "read": 0, "mail": 0, "reached": 0})
            entry["all"] += count
            entry["read"] += count if is_read else 0
            entry["mail"] += count if channel == "email" else 0
            entry["reached"] += count if is_read or channel == "email" else 0
        for notice in self:
            entry = stats.get(notice.id, {"all": 0, "read": 0, "mail": 0, "reached": 0})
            notice.recipient_count = entry["all"]
            notice.read_count = entry["read"]
            notice.emailed_count = entry["mail"]
            notice.reached_count = entry["reached"]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "draft") != "draft":
                check_workflow_fields(self, vals, ["state"], self._get_workflow_message())
        return super().create(vals_list)

    def write(self, vals):
        check_workflow_fields(self, vals, ["state", "date_sent"], self._get_workflow_message())
        return super().write(vals)

    def _get_workflow_message(self):
        return self.env._(
            "%(fields)s of notice %(record)s cannot be written directly: use the buttons Send "
            "Now, Schedule and Back to Draft."
        )

    # ------------------------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------------------------
    def _check_state(self, allowed, action_label):
        check_state(
            self,
            allowed,
            action_label,
            self.env._(
                "Cannot %(action)s notice %(record)s: it is %(state)s; only %(allowed)s notices "
                "can be %(action)s."
            ),
        )

    def action_send(self):
        self._check_state(("draft", "scheduled"), self.env._("send"))
        self._send()
        return True

    def action_schedule(self):
        self._check_state(("draft",), self.env._("schedule"))
        for notice in self:
            if not notice.date_scheduled:
                raise UserError(
                    self.env._(
                        "Notice %(notice)s: fill in Scheduled For before scheduling it.",
                        notice=notice.name,
                    )
                )
        workflow_write(self, {"state": "scheduled"})
        return True

    def action_draft(self):
        self._check_state(("scheduled",), self.env._("reset to draft"))
        workflow_write(self, {"state": "draft"})
        return True

    # ------------------------------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------------------------------
    def _get_recipient_lease_domain(self, date):
        self.ensure_one()
        domain = [
            ("state", "=", "active"),
            ("date_start", "<=", date),
            ("date_end", ">=", date),
            ("property_id", "in", self.property_ids.ids),
            ("company_id", "=", self.company_id.id),
        ]
        if self.filter_floor:
            domain.append(("unit_id.floor", "=", self.floor))
        if self.category_ids:
            domain.append(("partner_id.category_id", "in", self.category_ids.ids))
        return domain

    def _get_recipient_partners(self, date=None):
        self.ensure_one()
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        leases = self.env["apartment.lease"].sudo().search(self._get_recipient_lease_domain(date))
        return leases.partner_id.commercial_partner_id

    def _send(self):
        """Create the recipients (one per tenant, once) and queue their e-mails in one batch."""
        Recipient = self.env["apartment.notice.recipient"].sudo()
        template = self.env.ref(
            "apartment_crm_notice.mail_template_notice", raise_if_not_found=False
        )
        for notice in self:
            partners = notice._get_recipient_partners()
            already = set(notice.recipient_ids.partner_id.ids)
            recipients = Recipient.create(
                [
                    {
                        "notice_id": notice.id,
                        "partner_id": partner.id,
                        "channel": "email"
                        if partner.email and partner.preferred_channel in ("email", False)
                        else "portal",
                    }
                    for partner in partners
                    if partner.id not in already
                ]
            )
            emails = recipients.filtered(lambda r: r.channel == "email")
            if emails and template:
                for mail in template.sudo().send_mail_batch(emails.ids):
                    Recipient.browse(mail.res_id).mail_id = mail
        workflow_write(self, {"state": "sent", "date_sent": fields.Datetime.now()})
        return True

    @api.model
    def _cron_send_scheduled(self, now=None):
        """Send the scheduled notices that are due; one failing notice does not stop the rest.

        Run by the scheduler, one call sends at most ``apartment_crm.cron_batch_size`` notices
        (200) and reports the rest through ``ir.cron._notify_progress``; ``done`` counts the
        notices sent, so a call that sends none (they all fail) ends the job."""
        now = now or fields.Datetime.now()
        notices = self.sudo().search(
            [("state", "=", "scheduled"), ("date_scheduled", "<=", now)], order="id"
        )
        notices, remaining = take_batch(
            self.env, notices, param="apartment_crm.cron_batch_size", default=200
        )
        sent = self.browse()
        for notice in notices:
            try:
                with self.env.cr.savepoint():
                    notice._send()
                    sent |= notice
            except Exception:
                _logger.exception("Building notice %s: sending failed", notice.id)
        self.env["ir.cron"]._notify_progress(done=len(sent), remaining=remaining)
        return sent

    @api.model
    def create_for_property(self, building, subject, body, date=None):
        """Post a notice to every tenant of ``building`` (e.g. planned maintenance): sent now,
        or scheduled for ``date`` (a datetime) when it lies ahead. Returns the notice."""
        notice = self.create(
            {
                "name": subject,
                "body": body,
                "property_ids": [(6, 0, building.ids)],
                "company_id": building.company_id.id or self.env.company.id,
                "date_scheduled": date or False,
            }
        )
        if date and fields.Datetime.to_datetime(date) > fields.Datetime.now():
            notice.action_schedule()
        else:
            notice.action_send()
        return notice


class ApartmentNoticeRecipient(models.Model):
    """A tenant a notice went to: channel, queued e-mail, read receipt."""

    _name = "apartment.notice.recipient"
    _description = "Building Notice Recipient"
    _order = "id desc"
    _rec_name = "partner_id"

    notice_id = fields.Many2one(
        "apartment.notice", required=True, index=True, ondelete="cascade", readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Tenant", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="notice_id.company_id", store=True, index=True)
    channel = fields.Selection(
        [("email", "E-mail and portal"), ("portal", "Portal only")], required=True
    )
    mail_id = fields.Many2one("mail.mail", string="E-mail", readonly=True, ondelete="set null")
    read_date = fields.Datetime(readonly=True)
    is_read = fields.Boolean(compute="_compute_is_read", store=True, string="Read")

    _sql_constraints = [
        (
            "notice_partner_uniq",
            "unique(notice_id, partner_id)",
            "A notice reaches a tenant once.",
        ),
    ]

    @api.depends("read_date")
    def _compute_is_read(self):
        for recipient in self:
            recipient.is_read = bool(recipient.read_date)

    def _mark_read(self):
        self.filtered(lambda r: not r.read_date).sudo().write({"read_date": fields.Datetime.now()})
        return True
