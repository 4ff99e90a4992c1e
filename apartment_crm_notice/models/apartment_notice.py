# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.apartment_crm.models.mail_followers import BATCH_ACTIVITY_CONTEXT
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
    only those with given tags): one recipient row each (unique), shown on their portal, and
    delivered by each tenant's preferred channel in one batch: an e-mail queued for those who
    prefer e-mail (in each tenant's language); for those who prefer WeChat, the phone or SMS,
    one activity per housekeeper listing the tenants to tell (``apartment_crm_notice_sms``
    queues an SMS instead when Odoo's SMS is installed). Read receipts come from the portal.
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
    activity_count = fields.Integer(
        compute="_compute_counts",
        string="Told by the Housekeeper",
        help="Recipients preferring WeChat or the phone: their housekeeper has an activity "
        "listing them.",
    )
    sms_count = fields.Integer(compute="_compute_counts", string="SMS")
    portal_count = fields.Integer(compute="_compute_counts", string="Portal Only")
    reached_count = fields.Integer(
        compute="_compute_counts",
        help="Recipients who read the notice, were e-mailed or texted it, or whose housekeeper "
        "marked the activity done.",
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
            ["notice_id", "is_read", "is_reached", "channel"],
            ["__count"],
        )
        keys = ("all", "read", "reached", "email", "activity", "sms", "portal")
        stats = {}
        for notice, is_read, is_reached, channel, count in rows:
            entry = stats.setdefault(notice.id, dict.fromkeys(keys, 0))
            entry["all"] += count
            entry["read"] += count if is_read else 0
            entry["reached"] += count if is_reached else 0
            if channel in entry:
                entry[channel] += count
        for notice in self:
            entry = stats.get(notice.id, dict.fromkeys(keys, 0))
            notice.recipient_count = entry["all"]
            notice.read_count = entry["read"]
            notice.emailed_count = entry["email"]
            notice.activity_count = entry["activity"]
            notice.sms_count = entry["sms"]
            notice.portal_count = entry["portal"]
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

    def _get_recipient_leases(self, date=None):
        self.ensure_one()
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        return self.env["apartment.lease"].sudo().search(self._get_recipient_lease_domain(date))

    def _get_recipient_partners(self, date=None):
        return self._get_recipient_leases(date).partner_id.commercial_partner_id

    @api.model
    def _get_recipient_channel(self, partner):
        """How a notice reaches ``partner``: e-mail (with an address and e-mail preferred),
        a housekeeper's activity (WeChat, phone or SMS preferred), else the portal only.
        Meant to be extended (``apartment_crm_notice_sms``: SMS)."""
        if partner.email and partner.preferred_channel in ("email", False):
            return "email"
        if partner.preferred_channel in ("wechat", "phone", "sms"):
            return "activity"
        return "portal"

    def _prepare_recipient_vals(self, lease):
        self.ensure_one()
        partner = lease.partner_id.commercial_partner_id
        return {
            "notice_id": self.id,
            "partner_id": partner.id,
            "channel": self._get_recipient_channel(partner),
            # The lease's housekeeper, else the building's manager, else who wrote the notice
            # (never the scheduler's system user).
            "user_id": (
                lease.user_id or lease.property_id.manager_id or self.create_uid or self.env.user
            ).id,
        }

    def _send(self):
        """Create the recipients (one per tenant, once) and deliver them in one batch."""
        Recipient = self.env["apartment.notice.recipient"].sudo()
        for notice in self:
            already = set(notice.recipient_ids.partner_id.ids)
            vals_list = []
            for lease in notice._get_recipient_leases():
                partner_id = lease.partner_id.commercial_partner_id.id
                if partner_id not in already:
                    already.add(partner_id)
                    vals_list.append(notice._prepare_recipient_vals(lease))
            notice._deliver(Recipient.create(vals_list))
        workflow_write(self, {"state": "sent", "date_sent": fields.Datetime.now()})
        return True

    def _deliver(self, recipients):
        """Send the notice to these new recipients by their channel: the e-mails queued in one
        batch, one activity per housekeeper. Meant to be extended with super() for the other
        channels (SMS)."""
        self.ensure_one()
        template = self.env.ref(
            "apartment_crm_notice.mail_template_notice", raise_if_not_found=False
        )
        emails = recipients.filtered(lambda r: r.channel == "email")
        if emails and template:
            by_id = {recipient.id: recipient for recipient in emails}
            for mail in template.sudo().send_mail_batch(emails.ids):
                by_id[mail.res_id].mail_id = mail
        self._create_housekeeper_activities(recipients.filtered(lambda r: r.channel == "activity"))
        return True

    def _create_housekeeper_activities(self, recipients):
        """One to-do per housekeeper on the notice, listing the tenants to tell (no mail per
        activity: the batch context), in the housekeeper's language."""
        self.ensure_one()
        if not recipients:
            return self.env["mail.activity"]
        by_user = {}
        for recipient in recipients:
            by_user.setdefault(recipient.user_id, []).append(recipient)
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for user, group in by_user.items():
            env = self.with_context(lang=user.lang or self.env.lang).env
            notice = self.with_env(env)
            lines = Markup("").join(
                Markup("<li>%s</li>") % recipient._get_contact_line() for recipient in group
            )
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": self.id,
                    "activity_type_id": todo.id if todo else False,
                    "summary": env._(
                        "Tell %(count)s tenants: %(notice)s", count=len(group), notice=notice.name
                    ),
                    "note": Markup("<p>%s</p><ul>%s</ul>")
                    % (
                        env._(
                            "These tenants prefer WeChat or the phone: tell them about the "
                            "notice, then mark this activity done."
                        ),
                        lines,
                    ),
                    "user_id": user.id,
                    "date_deadline": fields.Date.context_today(self),
                }
            )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(**BATCH_ACTIVITY_CONTEXT)
            .create(vals_list)
        )
        for (__, group), activity in zip(by_user.items(), activities, strict=True):
            recipients.browse([recipient.id for recipient in group]).activity_id = activity
        return activities

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
    def create_for_property(self, building, subject, body, date=None, translations=None):
        """Post a notice to every tenant of ``building`` (e.g. planned maintenance): sent now,
        or scheduled for ``date`` (a datetime) when it lies ahead. ``subject`` and ``body`` are
        the English (source) texts; ``translations`` ({lang code: (subject, body)}) the other
        languages, set before sending so each tenant reads (and is e-mailed) their own.
        Returns the notice."""
        creator = self.with_context(lang="en_US") if translations else self
        notice = creator.create(
            {
                "name": subject,
                "body": body,
                "property_ids": [(6, 0, building.ids)],
                "company_id": building.company_id.id or self.env.company.id,
                "date_scheduled": date or False,
            }
        )
        notice = notice.with_env(self.env)
        if translations:
            notice._set_translations(translations)
        if date and fields.Datetime.to_datetime(date) > fields.Datetime.now():
            notice.action_schedule()
        else:
            notice.action_send()
        return notice

    def _set_translations(self, translations):
        """Set ``translations`` ({lang code: (subject, body)}) of the English notice. The body
        is translated by terms (paragraphs): a body of as many paragraphs as the English one
        maps them one to one, keeping the English text; another shape replaces the body in
        that language (Odoo's own behaviour when a translator rewrites the whole text)."""
        self.ensure_one()
        body_field = self._fields["body"]
        source_terms = body_field.get_trans_terms(self.with_context(lang="en_US").body)
        for lang, (subject, body) in translations.items():
            self.update_field_translations("name", {lang: subject})
            terms = body_field.get_trans_terms(body)
            if source_terms and len(terms) == len(source_terms):
                self.update_field_translations(
                    "body", {lang: dict(zip(source_terms, terms, strict=True))}
                )
            else:
                self.with_context(lang=lang).write({"body": body})


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
        [
            ("email", "E-mail and portal"),
            ("activity", "Housekeeper and portal"),
            ("portal", "Portal only"),
        ],
        required=True,
        readonly=True,
    )
    # The staff's side of the delivery: not for the tenant's portal (the activity lists
    # other tenants).
    user_id = fields.Many2one(
        "res.users",
        string="Housekeeper",
        readonly=True,
        copy=False,
        groups="apartment_crm.group_apartment_user",
        help="The housekeeper of the tenant's lease (who tells the tenants preferring WeChat "
        "or the phone).",
    )
    mail_id = fields.Many2one("mail.mail", string="E-mail", readonly=True, ondelete="set null")
    activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
        groups="apartment_crm.group_apartment_user",
    )
    informed_date = fields.Datetime(
        string="Told On",
        readonly=True,
        copy=False,
        groups="apartment_crm.group_apartment_user",
        help="When the housekeeper marked the activity done.",
    )
    read_date = fields.Datetime(readonly=True)
    is_read = fields.Boolean(compute="_compute_is_read", store=True, string="Read")
    is_reached = fields.Boolean(
        compute="_compute_is_reached",
        store=True,
        string="Reached",
        help="Read on the portal, e-mailed or texted, or told by the housekeeper.",
    )

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

    @api.depends("read_date", "informed_date", "channel")
    def _compute_is_reached(self):
        for recipient in self:
            recipient.is_reached = bool(
                recipient.read_date
                or recipient.informed_date
                or recipient.channel in recipient._get_sent_channels()
            )

    @api.model
    def _get_sent_channels(self):
        """The channels that deliver the notice by themselves (queued): reached when sent."""
        return ("email",)

    def _get_contact_line(self):
        """The tenant and how to reach them, for the housekeeper's list."""
        self.ensure_one()
        partner = self.partner_id
        contact = " / ".join(filter(None, [partner.phone or partner.mobile, partner.wechat_id]))
        return f"{partner.name} ({contact})" if contact else partner.name

    def _mark_read(self):
        self.filtered(lambda r: not r.read_date).sudo().write({"read_date": fields.Datetime.now()})
        return True
