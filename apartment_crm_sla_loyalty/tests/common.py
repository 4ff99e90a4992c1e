# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.apartment_crm_sla.tests.common import SlaCommon


class SlaLoyaltyCommon(SlaCommon):
    """SlaCommon plus the loyalty rule that a rated ticket earns (satisfaction survey)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Entry = cls.env["apartment.loyalty.entry"]
        cls.rule_survey = cls.env.ref("apartment_crm_loyalty.loyalty_rule_survey_answered")
