# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

from odoo.addons.apartment_crm.models.mail_followers import BATCH_ACTIVITY_CONTEXT

from .apartment_survey_campaign import PULSE_KINDS


class ApartmentSurveyInvitation(models.Model):
    """A tenant invited to a survey campaign: their own answer (``survey.user_input``), the
    building and lease it belongs to, the reminders sent and the scores given.

    One invitation per tenant and campaign (per lease for pulse campaigns): the unique key
    ``campaign_key_uniq`` makes sending twice invite nobody twice.
    """

    _name = "apartment.survey.invitation"
    _description = "Tenant Survey Invitation"
    _order = "id desc"
    _rec_name = "partner_id"

    campaign_id = fields.Many2one(
        "apartment.survey.campaign", required=True, index=True, ondelete="cascade", readonly=True
    )
    campaign_kind = fields.Selection(related="campaign_id.kind")
    survey_id = fields.Many2one(related="campaign_id.survey_id")
    partner_id = fields.Many2one(
        "res.partner", string="Tenant", required=True, index=True, ondelete="cascade", readonly=True
    )
    lease_id = fields.Many2one("apartment.lease", readonly=True, index="btree_not_null")
    property_id = fields.Many2one(
        "apartment.property", string="Building", readonly=True, index="btree_not_null"
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    key = fields.Char(
        required=True,
        readonly=True,
        help="Idempotency key within the campaign: the tenant, or the lease for pulse surveys.",
    )
    user_input_id = fields.Many2one(
        "survey.user_input", string="Answer", readonly=True, ondelete="set null", index=True
    )
    channel = fields.Selection(
        [("email", "Email"), ("activity", "Housekeeper Activity")],
        required=True,
        readonly=True,
        help="Email to the tenant, or an activity for the housekeeper to send the link on the "
        "tenant's preferred channel (phone, WeChat, SMS).",
    )
    mail_id = fields.Many2one("mail.mail", string="Email", readonly=True, ondelete="set null")
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")
    user_id = fields.Many2one("res.users", string="Housekeeper", readonly=True)
    date_sent = fields.Date(string="Invited On", readonly=True, copy=False)
    answered = fields.Boolean(readonly=True, index=True, copy=False)
    answer_date = fields.Datetime(readonly=True, copy=False)
    reminder_count = fields.Integer(readonly=True, copy=False)
    last_reminder_date = fields.Date(readonly=True, copy=False)
    score_average = fields.Float(
        readonly=True, digits=(16, 2), help="Average of the tenant's answers on the scales."
    )
    score_min = fields.Integer(
        string="Lowest Score", readonly=True, help="Lowest of the tenant's answers on the scales."
    )
    low_score = fields.Boolean(
        readonly=True,
        index=True,
        help="An answer at or below the campaign's low-score threshold: the housekeeper follows "
        "up.",
    )
    answer_line_ids = fields.One2many(related="user_input_id.user_input_line_ids")
    survey_url = fields.Char(compute="_compute_survey_url", string="Survey Link")

    _sql_constraints = [
        (
            "campaign_key_uniq",
            "unique(campaign_id, key)",
            "A tenant is invited only once per survey campaign (once per lease for pulse surveys).",
        ),
        (
            "user_input_uniq",
            "unique(user_input_id)",
            "An answer belongs to one invitation only.",
        ),
    ]

    def _compute_survey_url(self):
        """The tenant's personal link (absolute: it goes out by e-mail and messages)."""
        for invitation in self:
            answer = invitation.user_input_id.sudo()
            invitation.survey_url = (
                invitation.get_base_url() + answer.get_start_url() if answer else False
            )

    # ------------------------------------------------------------------------------------------
    # Creation
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_key(self, campaign, lease):
        if campaign.kind in PULSE_KINDS:
            return f"lease-{lease.id}"
        return f"tenant-{lease.partner_id.commercial_partner_id.id}"

    @api.model
    def _get_channel(self, partner):
        """Email when the tenant prefers it (or has no other channel) and has an address; else
        the housekeeper sends the link on the tenant's preferred channel."""
        if partner.email and partner.preferred_channel in ("email", False):
            return "email"
        return "activity"

    @api.model
    def _create_for_leases(self, campaign, leases, date=None):
        """Invitations (with their survey answers) for the ``leases`` whose key is new in
        ``campaign``; one query for the existing keys, one create per model."""
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        keys = {self._get_key(campaign, lease): lease for lease in leases}
        if not keys:
            return self
        existing = set(
            self.sudo()
            .search([("campaign_id", "=", campaign.id), ("key", "in", list(keys))])
            .mapped("key")
        )
        todo = [(key, lease) for key, lease in keys.items() if key not in existing]
        if not todo:
            return self
        UserInput = self.env["survey.user_input"].sudo()
        answers = UserInput.create(
            [
                {
                    "survey_id": campaign.survey_id.id,
                    "partner_id": lease.partner_id.commercial_partner_id.id,
                    "email": lease.partner_id.email,
                    "nickname": lease.partner_id.name,
                    "invite_token": UserInput._generate_invite_token(),
                    "deadline": fields.Datetime.to_datetime(campaign.date_end + timedelta(days=1))
                    if campaign.date_end
                    else False,
                }
                for __, lease in todo
            ]
        )
        return self.sudo().create(
            [
                {
                    "campaign_id": campaign.id,
                    "partner_id": lease.partner_id.commercial_partner_id.id,
                    "lease_id": lease.id,
                    "property_id": lease.property_id.id,
                    "key": key,
                    "user_input_id": answer.id,
                    "channel": self._get_channel(lease.partner_id),
                    "user_id": (lease.user_id or campaign.user_id).id,
                    "date_sent": date,
                }
                for (key, lease), answer in zip(todo, answers, strict=True)
            ]
        )

    # ------------------------------------------------------------------------------------------
    # Sending: e-mails through the mail queue, activities for the other channels
    # ------------------------------------------------------------------------------------------
    def _dispatch(self):
        """Queue the invitation e-mails (in each tenant's language) and schedule the
        housekeepers' activities, in batches; nothing is sent synchronously."""
        emails = self.filtered(lambda i: i.channel == "email")
        template = self.env.ref(
            "apartment_crm_survey.mail_template_survey_invitation", raise_if_not_found=False
        )
        if emails and template:
            for mail in template.sudo().send_mail_batch(emails.ids):
                self.browse(mail.res_id).sudo().mail_id = mail
        activities = self.filtered(lambda i: i.channel == "activity")
        if activities:
            activities._schedule_activities(reminder=False)
        return True

    def _prepare_activity_vals(self, reminder=False, low_score=False):
        self.ensure_one()
        partner = self.partner_id
        channels = dict(partner._fields["preferred_channel"]._description_selection(self.env))
        activity_type = self.env.ref(
            "mail.mail_activity_data_call"
            if partner.preferred_channel == "phone"
            else "mail.mail_activity_data_todo"
        )
        if low_score:
            summary = self.env._(
                "Low survey score of %(tenant)s: follow up (%(campaign)s)",
                tenant=partner.name,
                campaign=self.campaign_id.name,
            )
            note = self._get_low_score_note()
        else:
            summary = (
                self.env._(
                    "Remind %(tenant)s to answer %(campaign)s (%(channel)s)",
                    tenant=partner.name,
                    campaign=self.campaign_id.name,
                    channel=channels.get(partner.preferred_channel) or "-",
                )
                if reminder
                else self.env._(
                    "Send %(campaign)s to %(tenant)s (%(channel)s)",
                    tenant=partner.name,
                    campaign=self.campaign_id.name,
                    channel=channels.get(partner.preferred_channel) or "-",
                )
            )
            note = Markup("<p>%s</p><p><a href='%s'>%s</a></p>") % (
                self.env._(
                    "Send the tenant their personal survey link on their preferred channel."
                ),
                self.survey_url,
                self.survey_url,
            )
        return {
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
            "res_id": partner.id,
            "activity_type_id": activity_type.id,
            "user_id": (self.user_id or partner.housekeeper_id or self.env.user).id,
            "date_deadline": fields.Date.context_today(self),
            "summary": summary,
            "note": note,
        }

    def _schedule_activities(self, reminder=False, low_score=False):
        """Create the activities in rounds holding each tenant at most once (mail.activity
        subscribes the housekeeper to the tenant; twice in one batch would collide)."""
        rounds = []
        for invitation in self:
            batch = next((item for item in rounds if invitation.partner_id.id not in item[0]), None)
            if batch is None:
                batch = (set(), [])
                rounds.append(batch)
            batch[0].add(invitation.partner_id.id)
            batch[1].append(invitation)
        all_activities = self.env["mail.activity"]
        for __, invitations in rounds:
            activities = (
                self.env["mail.activity"]
                .sudo()
                .with_context(**BATCH_ACTIVITY_CONTEXT)
                .create(
                    [
                        invitation._prepare_activity_vals(reminder=reminder, low_score=low_score)
                        for invitation in invitations
                    ]
                )
            )
            if not reminder and not low_score:
                for invitation, activity in zip(invitations, activities, strict=True):
                    invitation.sudo().activity_id = activity
            all_activities |= activities
        return all_activities

    # ------------------------------------------------------------------------------------------
    # Reminders
    # ------------------------------------------------------------------------------------------
    @api.model
    def _get_reminder_domain(self, date):
        return [
            ("answered", "=", False),
            ("campaign_id.state", "=", "running"),
            ("campaign_id.reminder_max", ">", 0),
            "|",
            ("campaign_id.date_end", "=", False),
            ("campaign_id.date_end", ">=", date),
        ]

    def _is_reminder_due(self, date):
        self.ensure_one()
        campaign = self.campaign_id
        if self.answered or self.reminder_count >= campaign.reminder_max:
            return False
        last = self.last_reminder_date or self.date_sent or date
        return last + timedelta(days=campaign.reminder_interval_days) <= date

    def _send_reminders(self, date):
        if not self:
            return True
        emails = self.filtered(lambda i: i.channel == "email")
        template = self.env.ref(
            "apartment_crm_survey.mail_template_survey_reminder", raise_if_not_found=False
        )
        if emails and template:
            template.sudo().send_mail_batch(emails.ids)
        (self - emails)._schedule_activities(reminder=True)
        for count, invitations in self.grouped("reminder_count").items():
            invitations.sudo().write({"reminder_count": count + 1, "last_reminder_date": date})
        return True

    # ------------------------------------------------------------------------------------------
    # Answers
    # ------------------------------------------------------------------------------------------
    def _get_scale_values(self):
        """{invitation: [(question, value)]} of the answers on scale questions."""
        result = {}
        for invitation in self:
            lines = invitation.user_input_id.sudo().user_input_line_ids.filtered(
                lambda line: line.answer_type == "scale" and not line.skipped
            )
            result[invitation] = [(line.question_id, line.value_scale) for line in lines]
        return result

    def _on_answered(self):
        """Hook: the tenants completed their survey. Stores the scores, asks the housekeeper
        to follow up the low ones (bridges add e.g. the survey points, calling ``super()``)."""
        now = fields.Datetime.now()
        low = self.browse()
        for invitation, values in self._get_scale_values().items():
            scores = [value for __, value in values]
            threshold = invitation.campaign_id.low_score_threshold
            is_low = bool(scores) and min(scores) <= threshold
            invitation.sudo().write(
                {
                    "answered": True,
                    "answer_date": now,
                    "score_average": sum(scores) / len(scores) if scores else 0.0,
                    "score_min": min(scores) if scores else 0,
                    "low_score": is_low,
                }
            )
            if is_low:
                low |= invitation
        if low:
            low._schedule_activities(low_score=True)
        # The pending "send the link" activities are moot once the tenant answered.
        self.activity_id.sudo().unlink()
        return True

    def _get_low_score_note(self):
        self.ensure_one()
        threshold = self.campaign_id.low_score_threshold
        items = Markup("").join(
            Markup("<li>%s: %s</li>") % (question.title, value)
            for question, value in self._get_scale_values()[self]
            if value <= threshold
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._(
                "%(tenant)s gave low scores in %(campaign)s (building %(building)s). Visit or "
                "call them to understand and fix the issue:",
                tenant=self.partner_id.name,
                campaign=self.campaign_id.name,
                building=self.property_id.name or "-",
            ),
            items,
        )
