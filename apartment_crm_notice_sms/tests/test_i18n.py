# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from odoo.addons.apartment_crm.tests.i18n_common import TranslationCompleteMixin


@tagged("post_install", "-at_install")
class TestChineseTranslation(TranslationCompleteMixin, TransactionCase):
    _i18n_module = "apartment_crm_notice_sms"
