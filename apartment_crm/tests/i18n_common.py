# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import polib

from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader

# Engine texts: translatable fields the engines write in every installed language (so each
# reader reads their own). Odoo's exporter lists their values on records with an xml id (the
# demo tenants), but they are data, not terms to translate: left out here and by
# scripts/i18n_update.py (ENGINE_TEXT_FIELDS there too).
ENGINE_TEXT_FIELDS = {
    "res.partner,tier_reason",
    "res.partner,churn_reasons",
    "apartment.tenant.tier.history,reason",
}


class TranslationCompleteMixin:
    """Every term the addon ``_i18n_module`` adds (fields, views, menus, data, code) has a zh_CN
    text in its own ``i18n/zh_CN.po``. Mixed into a TransactionCase of each addon."""

    _i18n_module = None

    def test_every_term_translated(self):
        module = self._i18n_module
        po = polib.pofile(file_path(f"{module}/i18n/zh_CN.po"))
        translated = {entry.msgid for entry in po if entry.msgstr}
        # What Odoo's exporter finds in the installed module now, code strings included. A
        # file Babel cannot parse (e.g. an f-string inside self.env._()) loses all its terms
        # with only an ERROR in the log: that fails here too.
        with self.assertNoLogs("odoo.tools.translate", "ERROR"):
            terms = {
                source
                for term_module, _type, name, _res_id, source, _value, _comments in (
                    TranslationModuleReader(self.env.cr, [module])
                )
                if term_module == module and name not in ENGINE_TEXT_FIELDS
            }
        missing = sorted(terms - translated)
        self.assertFalse(
            missing,
            f"{module}: {len(missing)} terms without zh_CN translation (run "
            f"scripts/i18n_update.py and translate): {missing[:15]}",
        )
