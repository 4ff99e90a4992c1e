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
        return self._wechat_refunds_negative(
            [value.strip().lstrip("`").strip() for value in row] for row in rows
        )

    @api.model
    def _wechat_refunds_negative(self, rows):
        """A WeChat Pay bill lists a refund as a row of its own, 交易状态 REFUND, with the money
        paid back in 退款金额 and the original payment's order id (微信订单号): import it as
        money going out (minus 退款金额) with the refund's own id (微信退款单号), so that it
        neither counts as a second payment nor collides with the payment's import id."""
        header = None
        columns = {"交易状态", "退款金额", "微信订单号", "应结订单金额"}
        for row in rows:
            if header is None and columns <= set(row):
                header = {name: index for index, name in enumerate(row)}
            elif header and len(row) == len(header) and row[header["交易状态"]].upper() == "REFUND":
                row = list(row)
                refund = row[header["退款金额"]].lstrip("+-")
                row[header["应结订单金额"]] = f"-{refund}" if refund else "0"
                refund_id = row[header["微信退款单号"]] if "微信退款单号" in header else ""
                row[header["微信订单号"]] = f"refund-{refund_id or row[header['微信订单号']]}"
            yield row

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
