# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    loyalty_entry_ids = fields.One2many(
        "apartment.loyalty.entry", "credit_move_id", string="Loyalty Credits", readonly=True
    )

    def _loyalty_is_paid_on_time(self):
        """A posted rent invoice fully paid (``paid_date``, from reconciliation) on or before
        its due date."""
        self.ensure_one()
        due = self.invoice_date_due or self.invoice_date
        return bool(
            self.filtered_domain(self._get_rent_invoice_domain())
            and self.paid_date
            and due
            and self.paid_date <= due
        )

    def _award_rent_on_time(self):
        """Rent invoices fully paid on or before their due date earn the ``rent_on_time``
        rules (per currency unit: of the amount paid, in the company currency). Exactly once
        per invoice; the others are ignored. Returns the new entries."""
        invoices = self.filtered(lambda move: move._loyalty_is_paid_on_time())
        awards = [
            {
                "partner": invoice.partner_id.commercial_partner_id,
                "source": invoice,
                "amount": abs(invoice.amount_total_signed),
                "date": invoice.paid_date,
                "company": invoice.company_id,
                "description": self.env["apartment.loyalty.entry"]._in_every_lang(
                    lambda env, invoice=invoice: env._(
                        "Rent paid on time: %(invoice)s", invoice=invoice.name
                    )
                ),
            }
            for invoice in invoices
        ]
        return self.env["apartment.loyalty.rule"]._award_trigger("rent_on_time", awards)

    def _reverse_rent_on_time(self):
        """Reverse the on-time points of invoices that are no longer paid on time (payment
        unreconciled, invoice reversed or cancelled). Returns the reversal entries."""
        invoices = self.filtered(lambda move: not move._loyalty_is_paid_on_time())
        return self.env["apartment.loyalty.rule"]._reverse_awards(
            "rent_on_time",
            invoices,
            description=self.env._("Rent no longer paid on time"),
        )

    def _loyalty_sync_rent_on_time(self):
        """Award or reverse the on-time points of these invoices after a payment change."""
        self._award_rent_on_time()
        self._reverse_rent_on_time()
        return True

    def _on_rent_payment_state_changed(self):
        res = super()._on_rent_payment_state_changed()
        self._loyalty_sync_rent_on_time()
        return res
