# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import re
from datetime import date

from openpyxl import Workbook

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ReconcileCommon


@tagged("post_install", "-at_install")
class TestStatementImport(ReconcileCommon):
    """Files in the formats of the shipped mappings, imported with the OCA wizard into the
    journal it is started from, then matched at once."""

    # The header row of a WeChat Pay merchant trade bill (交易账单).
    WECHAT_HEADER = (
        "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
        "交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,"
        "充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,"
        "费率备注"
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls._create_invoiced_lease(upto=date(2026, 1, 1))
        cls.invoice = cls.lease.rent_invoice_ids
        cls.reference = cls.lease.payment_reference
        cls.wallet_journal = cls.env["account.journal"].create(
            {"name": "WeChat Pay", "code": "WXP", "type": "bank", "company_id": cls.company.id}
        )

    def _import(self, content, mapping, journal=None, filename="statement.csv"):
        wizard = (
            self.env["account.statement.import"]
            .with_context(journal_id=(journal or self.bank_journal).id)
            .create(
                {
                    "statement_filename": filename,
                    "statement_file": base64.b64encode(content),
                    "sheet_mapping_id": self.env.ref(f"apartment_crm_reconcile.{mapping}").id,
                }
            )
        )
        wizard.import_file_button()
        return self.StLine.search([("journal_id", "=", (journal or self.bank_journal).id)])

    def _generic_csv(self):
        return (
            "交易日期,收入金额,支出金额,对方户名,对方账号,摘要,交易流水号\n"
            f'2026-01-03,"4,000.00",,张建国,6222 0202 0000 1234,{self.reference} 1月房租,B001\n'
            "2026-01-04,,120.00,国网电力,,电费,B002\n"
        ).encode("utf-8-sig")

    def test_generic_bank_csv_matched_and_idempotent(self):
        lines = self._import(self._generic_csv(), "sheet_mapping_generic_cn")
        self.assertEqual(len(lines), 2)
        rent = lines.filtered(lambda line: line.amount > 0)
        self.assertRecordValues(
            rent,
            [
                {
                    "amount": 4000,
                    "partner_name": "张建国",
                    "account_number": "6222020200001234",
                    "rent_match_state": "auto",
                    "is_reconciled": True,
                }
            ],
        )
        self.assertTrue(rent.unique_import_id)
        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual((lines - rent).amount, -120)
        # The same file again: nothing is created.
        with self.assertRaisesRegex(UserError, "already imported"):
            self._import(self._generic_csv(), "sheet_mapping_generic_cn")
        self.assertEqual(self.StLine.search_count([("journal_id", "=", self.bank_journal.id)]), 2)

    def test_imported_entries_without_chatter(self):
        """The lines' journal entries are created without chatter, as Odoo's own import does:
        no "created" note and no follower on each of a month's entries. The reconciliation
        keeps its chatter: the entry's item note, the invoice's payment status."""
        accountant = new_test_user(
            self.env,
            login="import_accountant",
            groups="base.group_user,account.group_account_manager,account.group_account_user",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        # With the chatter on (the test classes' context turns it off).
        self.env = self.env(user=accountant, context={})
        lines = self._import(self._generic_csv(), "sheet_mapping_generic_cn")
        self.env.cr.precommit.run()
        rent = lines.filtered(lambda line: line.amount > 0)
        other = lines - rent
        self.assertFalse(other.move_id.message_ids)
        self.assertFalse(lines.move_id.message_follower_ids)
        self.assertTrue(rent.move_id.message_ids, "the reconciliation's item note")
        self.assertTrue(
            all(message.sudo().tracking_value_ids for message in rent.move_id.message_ids),
            "no message on the entry but the reconciliation's tracking",
        )
        tracked = self.invoice.message_ids.sudo().tracking_value_ids.field_id.mapped("name")
        self.assertIn("payment_state", tracked)

    def test_file_without_transaction_ids_is_idempotent(self):
        content = (
            "交易日期,收入金额,支出金额,对方户名,对方账号,摘要\n"
            "2026-01-03,100.00,,王芳,,押金\n"
            "2026-01-03,100.00,,王芳,,押金\n"
        ).encode()
        mapping = self.env.ref("apartment_crm_reconcile.sheet_mapping_generic_cn").copy(
            {"name": "No ids", "transaction_id_column": False}
        )
        wizard = (
            self.env["account.statement.import"]
            .with_context(journal_id=self.bank_journal.id)
            .create(
                {
                    "statement_filename": "noid.csv",
                    "statement_file": base64.b64encode(content),
                    "sheet_mapping_id": mapping.id,
                }
            )
        )
        wizard.import_file_button()
        lines = self.StLine.search([("journal_id", "=", self.bank_journal.id)])
        # Two identical transfers of the same day stay two lines, with two ids.
        self.assertEqual(len(lines), 2)
        self.assertEqual(len(set(lines.mapped("unique_import_id"))), 2)
        with self.assertRaisesRegex(UserError, "already imported"):
            wizard.copy().import_file_button()
        self.assertEqual(self.StLine.search_count([("journal_id", "=", self.bank_journal.id)]), 2)

    def test_xlsx(self):
        book = Workbook()
        sheet = book.active
        sheet.append(
            ["交易日期", "收入金额", "支出金额", "对方户名", "对方账号", "摘要", "交易流水号"]
        )
        sheet.append(["2026-01-05", 4000.0, "", "ZHANG WEI", "", "rent Jan", "X1"])
        buffer = io.BytesIO()
        book.save(buffer)
        lines = self._import(buffer.getvalue(), "sheet_mapping_generic_cn", filename="bank.xlsx")
        self.assertRecordValues(
            lines, [{"amount": 4000, "rent_match_rule": "name_pinyin", "is_reconciled": True}]
        )

    def test_wechat_pay_bill(self):
        header = self.WECHAT_HEADER
        row = (
            "`2026-01-03 10:00:00,`wx8888,`1900000109,`0,`,`4200000001202601030001,"
            "`R202601030001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`NATIVE,`SUCCESS,`OTHERS,`CNY,"
            f"`4000.00,`0.00,`0,`0,`0.00,`0.00,`,`,`房租,`{self.reference},`24.00,`0.60%,"
            "`4000.00,`0.00,`"
        )
        footer = (
            "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,"
            "申请退款总金额\n`1,`4000.00,`0.00,`0.00,`24.00,`4000.00,`0.00"
        )
        content = f"{header}\n{row}\n{footer}\n".encode()
        lines = self._import(content, "sheet_mapping_wechat_pay", journal=self.wallet_journal)
        self.assertRecordValues(
            lines,
            [
                {
                    "amount": 4000,
                    "journal_id": self.wallet_journal.id,
                    "rent_match_rule": "reference",
                    "is_reconciled": True,
                }
            ],
        )
        self.assertIn(self.reference, lines.payment_ref)
        # The payer id is remembered for the tenant.
        payer = self.env["apartment.payer.account"].search([("partner_id", "=", self.tenant.id)])
        self.assertEqual(payer.account_number, "OUPF8UMUAJOM2PXB1Q9ZNJWES6O")

    def test_wechat_pay_refund_row_is_money_out(self):
        header = self.WECHAT_HEADER
        payment = (
            "`2026-01-03 10:00:00,`wx8888,`1900000109,`0,`,`4200000001202601030001,"
            "`R202601030001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`NATIVE,`SUCCESS,`OTHERS,`CNY,"
            "`4000.00,`0.00,`0,`0,`0.00,`0.00,`,`,`房租,`,`24.00,`0.60%,`4000.00,`0.00,`"
        )
        # The same order refunded in part two days later: same 微信订单号, its own refund id.
        refund = (
            "`2026-01-05 09:00:00,`wx8888,`1900000109,`0,`,`4200000001202601030001,"
            "`R202601030001,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`NATIVE,`REFUND,`OTHERS,`CNY,"
            "`0.00,`0.00,`50300000012026010500001,`RF202601050001,`1500.00,`0.00,`ORIGINAL,"
            "`SUCCESS,`房租,`,`-9.00,`0.60%,`4000.00,`1500.00,`"
        )
        footer = (
            "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,"
            "申请退款总金额\n`2,`4000.00,`1500.00,`0.00,`15.00,`4000.00,`1500.00"
        )
        content = f"{header}\n{payment}\n{refund}\n{footer}\n".encode()
        lines = self._import(content, "sheet_mapping_wechat_pay", journal=self.wallet_journal)
        self.assertEqual(sorted(lines.mapped("amount")), [-1500, 4000])
        refund_line = lines.filtered(lambda line: line.amount < 0)
        self.assertEqual(refund_line.date, date(2026, 1, 5))
        self.assertNotEqual(refund_line.rent_match_state, "auto")
        # Importing the bill again creates nothing (both rows keep their own import id).
        with self.assertRaisesRegex(UserError, "already imported"):
            self._import(content, "sheet_mapping_wechat_pay", journal=self.wallet_journal)
        self.assertEqual(self.StLine.search_count([("journal_id", "=", self.wallet_journal.id)]), 2)

    def test_alipay_account_details_gb18030(self):
        content = "\n".join(
            [
                "#支付宝账务明细查询",
                "#账号：[20880000000000000156]",
                "#起始日期：[2026年01月01日 00:00:00]   终止日期：[2026年02月01日 00:00:00]",
                "#-----------------------------------------账务明细列表--------------------------",
                "账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,"
                "支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注",
                "20260103200040011100000001,2026010322001400001,,房租,2026-01-03 09:15:00,"
                "zhan***@163.com,4000.00,,54000.00,支付宝,在线支付,张伟 1月",
                "#-----------------------------------------账务明细列表结束----------------------",
                "#收入合计：1笔，共4000.00元",
                "#支出合计：0笔，共0.00元",
                "#导出时间：[2026年02月01日 10:00:00]",
            ]
        ).encode("gb18030")
        lines = self._import(content, "sheet_mapping_alipay", journal=self.wallet_journal)
        self.assertRecordValues(
            lines, [{"amount": 4000, "rent_match_rule": "name_cjk", "is_reconciled": True}]
        )
        self.assertTrue(lines.unique_import_id)

    def test_icbc_and_cmb_mappings_read_money_in_as_positive(self):
        icbc = (
            "交易时间,对方单位名称,对方账号,借方发生额,贷方发生额,余额,摘要,用途,凭证号\n"
            "2026-01-03 11:00:00,李娜,6217000000000001,,4000.00,10000.00,转账,"
            f"{self.reference},V1\n"
            "2026-01-03 12:00:00,物业,6217000000000002,50.00,,9950.00,转账,水费,V2\n"
        ).encode("gb18030")
        lines = self._import(icbc, "sheet_mapping_icbc")
        self.assertEqual(sorted(lines.mapped("amount")), [-50, 4000])
        cmb = (
            "交易日,交易时间,借方金额,贷方金额,余额,摘要,用途,流水号,收(付)方名称,收(付)方帐号\n"
            "20260104,093000,,1000.00,11000.00,汇入,押金,C1,王芳,6214000000000003\n"
        ).encode("gb18030")
        lines = self._import(cmb, "sheet_mapping_cmb") - lines
        self.assertRecordValues(lines, [{"amount": 1000, "partner_name": "王芳"}])

    def test_import_queries_per_line_bounded(self):
        """Importing 3N lines costs at most a fixed number of queries per line more than N
        (the items' analytic distribution model, the balance check; OCA's currency and unique
        id look-ups). The entries are numbered in one pass (``_compute_name``): Odoo's
        look-up of the last number, the flush and the sequence-gap search per entry are gone,
        2.7 queries per line on the test database, 7.5 before. The reminder log's company and
        partner are no longer related fields on the invoice, which made Odoo search the logs
        of each new entry twice (9.5 before that)."""

        def count(tag, size):
            rows = "\n".join(
                f"2026-01-{n % 27 + 1:02d},{1000 + n}.00,,付款人{n},62220000{n:04d},转账 {n},"
                f"Q{tag}{n}"
                for n in range(size)
            )
            content = f"交易日期,收入金额,支出金额,对方户名,对方账号,摘要,交易流水号\n{rows}\n"
            wizard = (
                self.env["account.statement.import"]
                .with_context(journal_id=self.bank_journal.id, apartment_rent_no_match=True)
                .create(
                    {
                        "statement_filename": f"{tag}.csv",
                        "statement_file": base64.b64encode(content.encode("utf-8-sig")),
                        "sheet_mapping_id": self.env.ref(
                            "apartment_crm_reconcile.sheet_mapping_generic_cn"
                        ).id,
                    }
                )
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            wizard.import_file_button()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        few = count("few", 3)
        many = count("many", 9)
        per_line = (many - few) / (9 - 3)
        self.assertLessEqual(per_line, 4)

    def test_imported_entries_numbered_as_odoo_numbers_them(self):
        """The import names its entries in one pass (``_compute_name``): the numbers are
        those Odoo gives one entry at a time, the next ones of each sequence period of the
        journal (a year for a bank journal) in date order, and an entry made afterwards the
        Odoo way takes the number after them."""
        before = self._line(10, "before", day=date(2026, 1, 20))
        prefix = before.move_id.sequence_prefix
        start = before.move_id.sequence_number
        rows = [
            ("2026-01-25", "Z1"),
            ("2025-12-30", "Z2"),
            ("2026-01-05", "Z3"),
            ("2025-12-28", "Z4"),
            ("2026-01-05", "Z5"),
        ]
        body = "\n".join(
            f"{day},{n + 1}00.00,,付款人,,转账 {n},{tid}" for n, (day, tid) in enumerate(rows)
        )
        content = f"交易日期,收入金额,支出金额,对方户名,对方账号,摘要,交易流水号\n{body}\n"
        lines = self._import(content.encode("utf-8-sig"), "sheet_mapping_generic_cn") - before
        self.assertEqual(len(lines), 5)
        by_id = {re.search(r"-(Z\d)-", line.unique_import_id).group(1): line for line in lines}
        this_year = [by_id[tid].move_id for tid in ("Z3", "Z5", "Z1")]
        self.assertEqual(
            [(move.sequence_prefix, move.sequence_number) for move in this_year],
            [(prefix, start + 1), (prefix, start + 2), (prefix, start + 3)],
        )
        last_year = [by_id[tid].move_id for tid in ("Z4", "Z2")]
        self.assertEqual([move.sequence_number for move in last_year], [1, 2])
        self.assertIn("2025", last_year[0].sequence_prefix)
        self.assertEqual(last_year[0].sequence_prefix, last_year[1].sequence_prefix)
        # The items show their entry's number.
        self.assertEqual(set(by_id["Z1"].move_id.line_ids.mapped("move_name")), {this_year[2].name})
        after = self._line(10, "after", day=date(2026, 1, 28))
        self.assertEqual(after.move_id.sequence_number, start + 4)
        self.assertEqual(
            len(set((lines | before | after).move_id.mapped("name"))), 7, "no number twice"
        )
