# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib

from odoo import api, models


class AccountStatementImportSheetParser(models.TransientModel):
    _inherit = "account.statement.import.sheet.parser"

    @api.model
    def _parse_data_csv(self, mapping, data_file):
        """WeChat Pay bills prefix every value with a backtick (`2026-11-03 10:00:00, `4000.00)
        so that spreadsheets keep them as text; take it off."""
        rows = super()._parse_data_csv(mapping, data_file)
        if rows is None:
            return rows
        return ([value.strip().lstrip("`").strip() for value in row] for row in rows)

    @api.model
    def parse(self, data_file, mapping, filename):
        """Every transaction gets a unique import id, so that importing the same file twice
        creates nothing: the file's transaction id when the mapping has one, otherwise a
        digest of the line's date, amount, payer, account and memo (and its rank among
        identical lines of the file)."""
        currency_code, account_number, statements = super().parse(data_file, mapping, filename)
        for statement in statements:
            seen = {}
            for transaction in statement.get("transactions", []):
                if transaction.get("unique_import_id"):
                    continue
                key = "|".join(
                    str(transaction.get(name) or "")
                    for name in ("date", "amount", "partner_name", "account_number", "payment_ref")
                )
                seen[key] = seen.get(key, 0) + 1
                digest = hashlib.sha1(f"{key}|{seen[key]}".encode()).hexdigest()[:20]
                transaction["unique_import_id"] = f"sheet-{digest}"
        return currency_code, account_number, statements
