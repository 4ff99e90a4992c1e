"""Rent reconciliation: a realistic month of bank transfers imported and matched.

    .venv/bin/python bench/bench_reconcile.py [--size 2000] [--db bench_reconcile] [--seed 7]
        [--background [--runners 2]] [--profile PREFIX] [--pg-statements]

Creates N tenants with Chinese names (common family and given names: namesakes happen), N
active leases and their open rent invoices (some tenants owe two months), the payer accounts
learned in earlier months, then one month of transfers written as a bank CSV (the shipped
generic mapping) with the truth of each line: 60 % with the lease's payment reference (some
with a typo), the others with a name (Chinese, pinyin, homophones, typos), an invoice number or
nothing but a known account; two months in one transfer, partial payments, overpayments,
parents paying from their own account, 2 % unrelated lines. Imports the file through the OCA
wizard (parse, create, match, reconcile) and prints seconds, queries per line and the share
matched automatically correctly / wrongly, left for review and unmatched, against the truth.
With --background the file is imported as a large file is: queued in chunks by the wizard,
then created and matched by the two runner crons in two processes (two cron workers), timed
from the upload to the last line matched.
"""

import argparse
import base64
import contextlib
import cProfile
import os
import random
import re
import subprocess
import sys
import time
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import ensure_database, measure, odoo_env, parser  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀兰", "霞", "平", "刚", "桂英", "子涵", "浩然", "雨桐", "欣怡", "梓萱", "一诺",
    "宇轩", "思远", "佳怡", "晨曦", "嘉怡", "俊杰", "志强", "晓东", "婷婷", "海燕", "建华", "雪",
    "丹", "琳", "颖", "倩", "博", "鹏", "辉", "斌", "宁", "凯", "晶", "慧", "玲", "彬", "瑶",
    "诗涵", "梦琪", "紫涵", "天宇", "子轩", "浩宇", "雨萱", "若曦", "明轩", "文博", "佳琪",
]  # fmt: skip
PARENT_GIVEN = ["建国", "国强", "秀英", "淑珍", "德华", "玉兰", "志刚", "桂芳", "国庆", "卫东"]
HOMOPHONES = dict(zip("伟芳娜敏静丽强磊军杰涛明超平", "维方纳民靜莉墙垒君洁滔铭潮萍", strict=True))
COMPANIES = ["上海华信贸易有限公司", "北京京东世纪贸易", "深圳市腾达科技", "国网上海电力",
             "中国移动", "顺丰速运", "美团外卖", "招商银行 利息"]  # fmt: skip


def pinyin_of(name):
    from pypinyin import lazy_pinyin

    return lazy_pinyin(name)


def setup_company(env):
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    bank = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    product = env["product.product"].search([("name", "=", "Bench Rent")], limit=1)
    if not product:
        product = env["product.product"].create(
            {"name": "Bench Rent", "type": "service", "taxes_id": [(5, 0, 0)]}
        )
    company.write(
        {
            "rent_product_id": product.id,
            "rent_journal_id": journal.id,
            "rent_billing_day": 1,
            "rent_auto_post": True,
            "rent_reconcile_threshold": 90,
        }
    )
    return company, bank


def tenant_name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


# Long on purpose: the whole population of the month, one block per kind of record.
def create_population(env, size, month, tag, rng):
    """N tenants, units in N/100 buildings, N active leases; 5 % of the tenants owe the
    previous month too. Returns a list of tenant dicts."""
    prev = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    props = env["apartment.property"].create(
        [{"name": f"Bench {tag} {i}", "code": f"R{tag}-{i}"} for i in range(max(size // 100, 1))]
    )
    units = env["apartment.unit"].create(
        [
            {"name": f"{tag}-{i}", "property_id": props[i % len(props)].id, "list_rent": 3000}
            for i in range(size)
        ]
    )
    names = [tenant_name(rng) for _i in range(size)]
    partners = env["res.partner"].create([{"name": name} for name in names])
    owes_two = [rng.random() < 0.05 for _i in range(size)]
    leases = env["apartment.lease"].create(
        [
            {
                "partner_id": partners[i].id,
                "unit_id": units[i].id,
                "date_start": prev if owes_two[i] else month,
                "date_end": date(month.year + 1, month.month, 1),
                "rent_amount": rng.randrange(2500, 8001, 100),
            }
            for i in range(size)
        ]
    )
    leases.write({"state": "active"})
    invoices = leases._generate_rent_invoices(month, raise_errors=False)
    by_lease = {}
    for invoice in invoices.sorted(lambda move: (move.invoice_date, move.id)):
        by_lease.setdefault(invoice.lease_id.id, []).append(invoice)
    tenants = []
    for i, lease in enumerate(leases):
        parent = rng.random() < 0.06
        tenants.append(
            {
                "partner": partners[i],
                "name": names[i],
                "lease": lease,
                "reference": lease.payment_reference,
                "invoices": by_lease[lease.id],
                "rent": lease.rent_amount,
                "account": f"6222{tag:0>4}{i:08d}",
                "parent": (names[i][0] + rng.choice(PARENT_GIVEN)) if parent else None,
                "parent_account": f"6217{tag:0>4}{i:08d}" if parent else None,
            }
        )
    # Accounts learned from earlier months: 70 % of the tenants' own, 80 % of the parents'.
    learned = []
    for tenant in tenants:
        if rng.random() < 0.7:
            learned.append((tenant["account"], tenant["partner"].id, tenant["name"]))
        if tenant["parent"] and rng.random() < 0.8:
            learned.append((tenant["parent_account"], tenant["partner"].id, tenant["parent"]))
    env["apartment.payer.account"].create(
        [
            {"account_number": acc, "partner_id": pid, "holder_name": holder, "match_count": 3}
            for acc, pid, holder in learned
        ]
    )
    return tenants


def typo_reference(reference, rng):
    digits = list(reference[2:])
    position = rng.randrange(len(digits))
    digits[position] = str((int(digits[position]) + rng.randrange(1, 10)) % 10)
    return "AP" + "".join(digits)


def pinyin_name(name, rng, typo=False):
    syllables = pinyin_of(name)
    family, given = syllables[0], "".join(syllables[1:])
    text = f"{family} {given}" if rng.random() < 0.6 else f"{given} {family}"
    if typo:
        chars = list(text)
        letters = [i for i, c in enumerate(chars) if c.isalpha()]
        i = rng.choice(letters[1:])
        chars[i] = rng.choice("aeiounghz")
        text = "".join(chars)
    return text.upper() if rng.random() < 0.5 else text.title()


# Long on purpose: one branch per kind of transfer, each with its truth.
def month_lines(tenants, month, rng, tag):
    """[(csv row, truth)]: truth is (partner id, {invoice ids} it may pay) or None."""
    lines = []
    day = lambda: date(month.year, month.month, rng.randrange(1, 28))  # noqa: E731
    for n, tenant in enumerate(tenants):
        invoices = tenant["invoices"]
        amount = sum(inv.amount_residual for inv in invoices)  # two months when owed
        kind = rng.random()
        if kind < 0.03:
            amount = round(tenant["rent"] * rng.choice((0.3, 0.5)), 2)  # partial
        elif kind < 0.04:
            amount += rng.choice((100, 200, 500))  # overpayment
        elif len(invoices) > 1 and rng.random() < 0.3:
            amount = invoices[0].amount_residual  # pays only the older month
        payer_name, account = tenant["name"], tenant["account"]
        if tenant["parent"]:
            payer_name, account = tenant["parent"], tenant["parent_account"]
        elif rng.random() < 0.25:
            payer_name = pinyin_name(tenant["name"], rng)
        unit = tenant["lease"].unit_id.name
        month_word = f"{month.month}月"
        if rng.random() < 0.60:
            reference = tenant["reference"]
            if rng.random() < 0.05:
                reference = typo_reference(reference, rng)
            elif rng.random() < 0.2:
                reference = f"{reference[:2].lower()} {reference[2:5]} {reference[5:]}"
            memo = rng.choice(
                [f"{reference}", f"房租 {reference}", f"{unit} {tenant['name']} {reference}"]
            )
        else:
            style = rng.random()
            name = tenant["name"]
            if style < 0.1:
                memo = f"{invoices[-1].name} {name}"
            elif style < 0.3:
                typo_name = "".join(HOMOPHONES.get(c, c) for c in name)
                memo = f"{unit} {typo_name} {month_word}租金"
            elif style < 0.45:
                memo = f"rent {pinyin_name(name, rng, typo=rng.random() < 0.5)}"
            elif style < 0.75:
                memo = f"{unit} {name} {month_word}租金"
            else:
                memo = rng.choice(["房租", "转账", "租金", ""])
        row = [
            day().isoformat(),
            f"{amount:.2f}",
            "",
            payer_name,
            account,
            memo or "/",
            f"T{tag}x{n}",
        ]
        lines.append((row, (tenant["partner"].id, {inv.id for inv in invoices})))
    for n in range(max(len(tenants) // 50, 1)):  # 2 % unrelated
        amount = rng.randrange(100, 20000) if rng.random() < 0.25 else rng.uniform(10, 20000)
        company = rng.choice(COMPANIES)
        row = [
            day().isoformat(),
            f"{amount:.2f}",
            "",
            company,
            f"9{n:010d}",
            "货款/退款",
            f"U{tag}x{n}",
        ]
        lines.append((row, None))
    rng.shuffle(lines)
    return lines


def to_csv(lines):
    header = "交易日期,收入金额,支出金额,对方户名,对方账号,摘要,交易流水号"
    body = "\n".join(",".join(row) for row, _truth in lines)
    return f"{header}\n{body}\n".encode("utf-8-sig")


def reconciled_invoices(line):
    lines = line.move_id.line_ids.filtered(lambda aml: aml.account_type == "asset_receivable")
    partials = lines.matched_debit_ids | lines.matched_credit_ids
    return (partials.debit_move_id | partials.credit_move_id).move_id - line.move_id


# Long on purpose: the outcome table against the truth.
def score(env, truth_by_id):
    lines = env["account.bank.statement.line"].search(
        [("unique_import_id", "in", list(truth_by_id))]
    )
    stats = dict.fromkeys(
        ("auto_ok", "auto_wrong", "review", "review_ok", "unmatched", "unrelated_ok", "other"), 0
    )
    rent_lines = 0
    for line in lines:
        truth = truth_by_id[line.unique_import_id]
        if truth is None:
            stats["unrelated_ok" if line.rent_match_state != "auto" else "auto_wrong"] += 1
            continue
        rent_lines += 1
        partner_id, invoice_ids = truth
        if line.rent_match_state == "auto":
            invoices = reconciled_invoices(line)
            ok = line.partner_id.id == partner_id and set(invoices.ids) <= invoice_ids
            stats["auto_ok" if ok else "auto_wrong"] += 1
        elif line.rent_match_state == "review":
            stats["review"] += 1
            stats["review_ok"] += line.rent_match_partner_id.id == partner_id
        elif line.is_reconciled:
            stats["other"] += 1
        else:
            stats["unmatched"] += 1
    return len(lines), rent_lines, stats


@contextlib.contextmanager
def profiled(prefix, step):
    """cProfile the block into <prefix>.<step> when --profile is given."""
    if not prefix:
        yield
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        profile.dump_stats(f"{prefix}.{step}")


@contextlib.contextmanager
def pg_statements(env, enabled, top=25):
    """Print the statements of the block that took the most time in all (needs the server's
    pg_stat_statements library: shared_preload_libraries = 'pg_stat_statements')."""
    if not enabled:
        yield
        return
    env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    env.cr.execute("SELECT pg_stat_statements_reset()")
    try:
        yield
    finally:
        env.flush_all()
        env.cr.execute(
            """SELECT calls, total_exec_time, mean_exec_time, rows, left(query, 160)
                 FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                ORDER BY total_exec_time DESC LIMIT %s""",
            [top],
        )
        print(f"{'calls':>8} {'total ms':>10} {'mean ms':>8} {'rows':>8}  query")
        for calls, total, mean, rows, query in env.cr.fetchall():
            query = " ".join(query.split())
            print(f"{calls:>8} {total:>10.0f} {mean:>8.3f} {rows:>8}  {query}")


RUNNERS = (
    "apartment_crm_reconcile.ir_cron_statement_import_runner_1",
    "apartment_crm_reconcile.ir_cron_statement_import_runner_2",
)


def run_chunks(db, number):
    """One runner cron, called as Odoo's scheduler calls it (its progress record, a commit per
    call) until it reports nothing done: what a cron worker process does."""
    calls = lines = 0
    with odoo_env(db) as env:
        cron = env.ref(RUNNERS[number - 1])
        while True:
            job, progress = cron.with_context(cron_id=cron.id)._add_progress()
            env.cr.commit()
            env["apartment.statement.import.chunk"].with_context(
                cron_id=cron.id, ir_cron_progress_id=progress.id
            )._cron_import_chunks()
            env.cr.commit()
            calls += 1
            lines += progress.done
            if not progress.done:
                break
    print(f"  runner {number}: {calls} calls, {lines} lines", flush=True)


def import_in_background(env, args, wizard, lines, results):
    """The wizard queues the file; ``--runners`` processes run the runner crons at once
    (Odoo's cron workers); the matching cron then takes what the chunks left (the lines to
    reconcile one by one beyond a chunk's savepoints). Timed from the upload to the last
    line matched."""
    env["ir.config_parameter"].sudo().set_param(
        "apartment_crm_reconcile.import_background_lines", str(min(len(lines) - 1, 2000))
    )
    start = time.perf_counter()
    with measure(env, f"queue: {len(lines)} lines (parse, chunks)", results, len(lines)):
        wizard.with_context(apartment_rent_no_match=False).import_file_button()
    env.cr.commit()
    runners = [
        subprocess.Popen(  # noqa: S603 -- this script, with its own arguments
            [sys.executable, os.path.abspath(__file__), "--db", args.db, "--runner", str(n)]
        )
        for n in range(1, args.runners + 1)
    ]
    for runner in runners:
        runner.wait()
    created = time.perf_counter()
    print(f"{'  runners: lines created and matched':<45} {created - start:9.2f} s", flush=True)
    env.invalidate_all()
    with measure(env, "  matching cron: what the chunks left", results, len(lines)):
        env["account.bank.statement.line"]._cron_rent_match()
    env.cr.commit()
    total = time.perf_counter() - start
    results["background"] = {"seconds": total}
    print(
        f"{'import + match in the background':<45} {len(lines):>7} items {total:9.2f} s "
        f"{1000 * total / len(lines):8.2f} ms/item (wall clock, {args.runners} runners)",
        flush=True,
    )


def main():
    p = parser(__doc__.splitlines()[0])
    p.set_defaults(db="bench_reconcile")
    p.add_argument("--size", type=int, default=2000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument(
        "--profile",
        metavar="PREFIX",
        help="write cProfile stats of the import and of the matching to PREFIX.import / .match",
    )
    p.add_argument(
        "--pg-statements",
        action="store_true",
        help="print the costliest SQL statements of the import and of the matching "
        "(PostgreSQL's pg_stat_statements must be loaded)",
    )
    p.add_argument(
        "--background",
        action="store_true",
        help="import as a large file is imported: queued in chunks, created and matched by the "
        "runner crons in --runners processes at once",
    )
    p.add_argument("--runners", type=int, default=2, choices=(1, 2))
    p.add_argument("--runner", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.runner:
        run_chunks(args.db, args.runner)
        return
    ensure_database(args.db, ("apartment_crm_reconcile",))
    rng = random.Random(args.seed + args.size)
    results = {}
    with odoo_env(args.db) as env:
        company, bank = setup_company(env)
        # A fresh month per run keeps runs independent in a reused database.
        runs = env["apartment.lease"].with_context(active_test=False).search_count([])
        month = date(2031 + runs // 50000, 1 + (runs // 1000) % 12, 1)
        # Digits only (the transaction ids are T<tag>x<n>), unique per run.
        tag = f"{int(time.time()) % 1000000}"
        print(f"setting up {args.size} leases for {month:%Y-%m} ...", flush=True)
        tenants = create_population(env, args.size, month, tag, rng)
        lines = month_lines(tenants, month, rng, tag)
        env.cr.commit()
        env.invalidate_all()
        wizard = (
            env["account.statement.import"]
            .with_context(journal_id=bank.id, apartment_rent_no_match=True)
            .create(
                {
                    "statement_filename": f"bench-{tag}.csv",
                    "statement_file": base64.b64encode(to_csv(lines)),
                    "sheet_mapping_id": env.ref(
                        "apartment_crm_reconcile.sheet_mapping_generic_cn"
                    ).id,
                }
            )
        )
        if args.background:
            import_in_background(env, args, wizard, lines, results)
        else:
            # In the request whatever the size (a file above the limit goes to the background).
            env["ir.config_parameter"].sudo().set_param(
                "apartment_crm_reconcile.import_background_lines", str(max(len(lines), 2000))
            )
            # The wizard matches at once; timed apart here: the import (parse, create the lines
            # and their entries), then the matching and the reconciliations.
            with (
                measure(
                    env, f"import: {len(lines)} lines ({args.size} leases)", results, len(lines)
                ),
                profiled(args.profile, "import"),
                pg_statements(env, args.pg_statements),
            ):
                wizard.import_file_button()
            env.cr.commit()
            imported = env["account.bank.statement.line"].search(
                [("statement_id.name", "ilike", f"bench-{tag}.csv")]
            )
            env.invalidate_all()
            imported = imported.browse(imported.ids)
            with (
                measure(env, f"match + reconcile: {len(lines)} lines", results, len(lines)),
                profiled(args.profile, "match"),
                pg_statements(env, args.pg_statements),
            ):
                imported._rent_match()
            # The engine alone (index and proposals, no write) on the same lines again.
            env.invalidate_all()
            with measure(env, "  the engine alone, same lines", results, len(lines)):
                env["apartment.reconcile.matcher"]._match_lines(imported)
            env.cr.commit()
        # unique_import_id as the OCA import writes it: <journal id>-<transaction id>-<time>
        created = env["account.bank.statement.line"].search_fetch(
            [("statement_id.name", "ilike", f"bench-{tag}.csv")], ["unique_import_id"]
        )
        by_transaction = {}
        for row, truth in lines:
            by_transaction[row[6]] = truth
        truth_by_id = {
            line.unique_import_id: by_transaction[
                re.search(r"-([TU]\d+x\d+)-", line.unique_import_id).group(1)
            ]
            for line in created
        }
        total, rent_lines, stats = score(env, truth_by_id)
        share = lambda n: 100.0 * n / max(rent_lines, 1)  # noqa: E731
        print(
            f"lines {total} (rent {rent_lines}, unrelated {total - rent_lines}): "
            f"auto correct {stats['auto_ok']} ({share(stats['auto_ok']):.1f} %), "
            f"auto WRONG {stats['auto_wrong']}, review {stats['review']} "
            f"({share(stats['review']):.1f} %, proposal right {stats['review_ok']}), "
            f"unmatched {stats['unmatched']} ({share(stats['unmatched']):.1f} %), "
            f"other models {stats['other']}, unrelated left alone {stats['unrelated_ok']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
