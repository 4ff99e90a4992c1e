# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.apartment_crm.models.mail_followers import BATCH_ACTIVITY_CONTEXT


class ApartmentEventInvitation(models.Model):
    """Log of the invitations sent for a community event: one per event and tenant."""

    _name = "apartment.event.invitation"
    _description = "Apartment Event Invitation"
    _order = "id desc"
    _rec_name = "partner_id"

    event_id = fields.Many2one("event.event", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner", string="Tenant", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="event_id.company_id", store=True, index=True)
    channel = fields.Selection(
        [("email", "Email"), ("activity", "Housekeeper Activity")],
        required=True,
        help="Email to the tenant, or an activity for the housekeeper to phone / message them "
        "on their preferred channel.",
    )
    mail_id = fields.Many2one("mail.mail", string="Email", readonly=True, ondelete="set null")
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")
    user_id = fields.Many2one("res.users", string="Housekeeper", readonly=True)

    _sql_constraints = [
        (
            "event_partner_uniq",
            "unique(event_id, partner_id)",
            "A tenant is invited only once to an event.",
        ),
    ]

    def _dispatch(self):
        """Send the emails (one mail per invitation, in the tenant's language) and schedule the
        housekeepers' activities, in batches."""
        emails = self.filtered(lambda i: i.channel == "email")
        template = self.env.ref(
            "apartment_crm_event.mail_template_event_invitation", raise_if_not_found=False
        )
        if emails and template:
            mails = template.send_mail_batch(emails.ids)
            for mail in mails:
                self.browse(mail.res_id).mail_id = mail
        activities = self.filtered(lambda i: i.channel == "activity")
        if activities:
            activities._schedule_activities()
        return True

    def _get_activity_user(self):
        self.ensure_one()
        return self.partner_id.housekeeper_id or self.event_id.user_id or self.env.user

    def _prepare_activity_vals(self):
        self.ensure_one()
        partner = self.partner_id
        channel_label = dict(partner._fields["preferred_channel"]._description_selection(self.env))
        event = self.event_id
        activity_type = self.env.ref(
            "mail.mail_activity_data_call"
            if partner.preferred_channel == "phone"
            else "mail.mail_activity_data_todo"
        )
        return {
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
            "res_id": partner.id,
            "activity_type_id": activity_type.id,
            "user_id": self._get_activity_user().id,
            "date_deadline": min(
                fields.Date.context_today(self),
                fields.Date.to_date(event.date_begin),
            ),
            "summary": self.env._(
                "Invite %(tenant)s to %(event)s (%(channel)s)",
                tenant=partner.name,
                event=event.name,
                channel=channel_label.get(partner.preferred_channel)
                or self.env._("no email address"),
            ),
            "note": self.env._(
                "%(event)s on %(date)s. Contact the tenant on their preferred channel and "
                "register them if they want to join.",
                event=event.name,
                date=event.date_begin_located,
            ),
        }

    def _schedule_activities(self):
        """Create the activities in batches holding each tenant at most once: mail.activity
        subscribes the housekeeper to the tenant, twice in one batch would collide."""
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
            # Batch job: no assignment e-mail per activity, followers raced by a parallel run
            # skipped.
            activities = (
                self.env["mail.activity"]
                .sudo()
                .with_context(**BATCH_ACTIVITY_CONTEXT)
                .create([invitation._prepare_activity_vals() for invitation in invitations])
            )
            for invitation, activity in zip(invitations, activities, strict=True):
                invitation.write({"activity_id": activity.id, "user_id": activity.user_id.id})
            all_activities |= activities
        return all_activities
