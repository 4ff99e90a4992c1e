# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ApartmentTenantTier(models.Model):
    _inherit = "apartment.tenant.tier"

    @api.model
    def _get_tier_metric_events_attended_12m(self, partners, date):
        """Event registrations marked attended (state done) of events begun in the 12 months."""
        return partners._get_event_participation(date) if partners else {}
