# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.apartment_crm.models.mail_followers import BATCH_ACTIVITY_CONTEXT
from odoo.addons.apartment_crm.tools import concurrent_batch


class ApartmentRentReminderLevel(models.Model):
    """A step of the rent reminder ladder of a company (催缴), relative to the due date."""

    _name = "apartment.rent.reminder.level"
    _description = "Rent Reminder Level"
    _order = "company_id, days, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    days = fields.Integer(
        required=True,
        help="Days after the due date at which the level fires (negative: before the due date, "
        "e.g. -3 for a friendly reminder three days before).",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain="[('model', '=', 'account.move')]",
        help="Email sent to the tenant and logged in the invoice's chatter.",
    )
    activity_user = fields.Selection(
        [
            ("none", "No activity"),
            ("housekeeper", "Housekeeper of the lease"),
            ("manager", "Manager of the property"),
        ],
        string="Activity For",
        default="none",
        required=True,
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        default=lambda self: self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False),
    )
    activity_summary = fields.Char(translate=True)

    _sql_constraints = [
        (
            "days_company_uniq",
            "unique(company_id, days)",
            "A company has one reminder level per number of days.",
        ),
    ]

    # Cron ----------------------------------------------------------------------------------------
    # Long on purpose: one batch: levels reached, logs, fires.
    @api.model
    def _cron_send_rent_reminders(self, date=None, batch_size=None):
        """Fire the reminder levels reached by the open rent invoices, once per invoice and level.

        When an invoice reached several levels not fired yet (the cron did not run, or the
        levels were just configured), only the highest fires; the lower ones are logged as
        skipped so the tenant never gets a burst of reminders.

        One call handles at most ``batch_size`` invoices (default: the system parameter
        ``apartment_crm.cron_batch_size``, 200) and reports the rest to the scheduler, which
        commits and calls again while invoices remain. What a batch did is logged (one log per
        invoice and level, unique), so it is never redone. E-mails go through the mail queue.
        """
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        batch_size = batch_size or self._get_cron_batch_size()
        levels = self.search([("active", "=", True)])
        if not levels:
            return self.env["apartment.rent.reminder.log"]
        invoices = self.env["account.move"].search(
            self._get_reminder_invoices_domain(date, levels), order="id"
        )
        done = {
            (invoice.id, level.id)
            for invoice, level in self.env["apartment.rent.reminder.log"]._read_group(
                [("invoice_id", "in", invoices.ids)], ["invoice_id", "level_id"]
            )
        }
        levels_by_company = {}
        for level in levels:
            levels_by_company.setdefault(level.company_id, []).append(level)
        pending = []  # (invoice, levels reached and not logged yet)
        for invoice in invoices:
            reached = [
                level
                for level in levels_by_company.get(invoice.company_id, [])
                if (date - invoice.invoice_date_due).days >= level.days
                and (invoice.id, level.id) not in done
            ]
            if reached:
                pending.append((invoice, reached))
        log_vals = []
        to_fire = {}  # level -> invoices
        for invoice, reached in pending[:batch_size]:
            fire = reached[-1]
            to_fire.setdefault(fire, self.env["account.move"])
            to_fire[fire] |= invoice
            for level in reached:
                log_vals.append(
                    {
                        "invoice_id": invoice.id,
                        "level_id": level.id,
                        "date": date,
                        "skipped": level != fire,
                    }
                )
        logs = self.env["apartment.rent.reminder.log"]
        batch = self.env["account.move"].union(*(invoice for invoice, _reached in pending))
        with concurrent_batch(self.env, "Rent reminders", batch[:batch_size]) as state:
            logs = logs.create(log_vals)
            for level, level_invoices in to_fire.items():
                level._fire(level_invoices)
        done = 0 if state["skipped"] else min(len(pending), batch_size)
        self.env["ir.cron"]._notify_progress(done=done, remaining=len(pending) - done)
        return logs if not state["skipped"] else logs.browse()

    @api.model
    def _get_cron_batch_size(self):
        return int(
            self.env["ir.config_parameter"].sudo().get_param("apartment_crm.cron_batch_size", 200)
        )

    @api.model
    def _get_reminder_invoices_domain(self, date, levels):
        latest_due = fields.Date.add(date, days=-min(levels.mapped("days")))
        return [
            *self.env["account.move"]._get_rent_invoice_domain(),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<=", latest_due),
            ("company_id", "in", levels.company_id.ids),
        ]

    # Long on purpose: the level's two outputs, read together.
    def _fire(self, invoices):
        """Send the level's email and/or schedule its activity on the invoices."""
        self.ensure_one()
        if self.mail_template_id:
            # Queued, not sent inside the cron's transaction.
            invoices.message_post_with_source(
                self.mail_template_id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                force_send=False,
            )
        if self.activity_user != "none":
            # On the lease, which housekeepers and managers can open (the invoice maybe not).
            for invoice in invoices:
                lease = invoice.lease_id
                user = (
                    (
                        lease.user_id
                        if self.activity_user == "housekeeper"
                        else lease.property_id.manager_id
                    )
                    or invoice.invoice_user_id
                    or self.env.user
                )
                # Quick update: no assignment e-mail per activity (the housekeeper sees them
                # in their activities).
                lease.with_context(**BATCH_ACTIVITY_CONTEXT).activity_schedule(
                    activity_type_id=self.activity_type_id.id,
                    summary=self.activity_summary or self.name,
                    note=self.env._(
                        "Rent invoice %(invoice)s of %(amount)s, due on %(due)s, is still open.",
                        invoice=invoice.name,
                        amount=invoice.amount_residual,
                        due=invoice.invoice_date_due,
                    ),
                    user_id=user.id,
                )
            if not self.mail_template_id:
                for invoice in invoices:
                    invoice.message_post(
                        body=self.env._(
                            "Rent reminder %(level)s: follow-up activity scheduled on lease "
                            "%(lease)s.",
                            level=self.name,
                            lease=invoice.lease_id.name,
                        )
                    )
        return True
