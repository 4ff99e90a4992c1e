# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class ApartmentDashboard(models.AbstractModel):
    _inherit = "apartment.dashboard"

    @api.model
    def _get_dashboard_sections(self):
        return [*super()._get_dashboard_sections(), self._get_dashboard_section_rent()]

    @api.model
    def _is_dashboard_manager(self):
        """Accountants collect the rent of every building: they get the company view too."""
        return super()._is_dashboard_manager() or self.env.user.has_group(
            "account.group_account_invoice"
        )

    @api.model
    def _get_dashboard_section_rent(self):
        """Overdue rent."""
        today = fields.Date.context_today(self)
        overdue_domain = [
            *self.env["account.move"]._get_rent_invoice_domain(),
            *self._scope("rent_property_id"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", today),
        ]
        # Housekeepers see the figure even without access to Invoicing (sudo, own companies).
        [(overdue_count, overdue_amount)] = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                overdue_domain + [("company_id", "in", self.env.companies.ids)],
                [],
                ["__count", "amount_residual_signed:sum"],
            )
        )
        return {
            "key": "rent",
            "title": self.env._("Rent"),
            "figures": [
                self._figure(
                    "overdue_rent",
                    self.env._("Overdue rent"),
                    self._money(overdue_amount or 0.0),
                    self._action(
                        "apartment_crm_rent.apartment_rent_invoice_action",
                        overdue_domain,
                        name=self.env._("Overdue rent invoices"),
                    ),
                    tone="danger" if overdue_count else "good",
                    hint=self.env._("%(count)s invoices past due", count=overdue_count),
                ),
            ],
        }
