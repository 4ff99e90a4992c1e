"""Benchmark: one building notice sent to 5,000 tenants of one building.

    .venv/bin/python bench/bench_notice.py [--db bench_notice] [--size 5000]

A database without demo data holding the building notices and their SMS bridge (created once
when missing; the data set is kept for the next runs): one building of ``--size`` units, each
with a tenant and an active lease, ten housekeepers; the tenants prefer e-mail (70 %),
WeChat (15 %), the phone (10 %) or SMS (5 %), half of them read Chinese. Measures *Send Now*:
the recipients created, the e-mails queued in Odoo's mail queue (``mail.mail`` outgoing,
nothing sent synchronously), one activity per housekeeper for the WeChat / phone tenants and
the SMS queued (``sms.sms`` outgoing), all in one batch. Everything measured is rolled back.
"""

import sys
from datetime import date, timedelta

from common import ensure_database, measure, odoo_env, parser

CHANNELS = ["email"] * 14 + ["wechat"] * 3 + ["phone"] * 2 + ["sms"]


def create_data(env, size):
    env["res.lang"]._activate_lang("zh_CN")
    group = env.ref("apartment_crm.group_apartment_user")
    housekeepers = env["res.users"].create(
        [
            {
                "name": f"Bench notice housekeeper {i}",
                "login": f"bench_notice_hk{i}",
                "groups_id": [(6, 0, group.ids)],
            }
            for i in range(10)
        ]
    )
    building = env["apartment.property"].create({"name": "Bench Notice Tower", "code": "B-NOT"})
    units = env["apartment.unit"].create(
        [
            {
                "name": f"N{i:05d}",
                "property_id": building.id,
                "floor": 1 + i // 100,
                "list_rent": 4000,
            }
            for i in range(size)
        ]
    )
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench notice tenant {i}",
                "email": f"notice{i}@example.com",
                "mobile": f"+86 138 {i:08d}",
                "lang": "zh_CN" if i % 2 else "en_US",
                "preferred_channel": CHANNELS[i % len(CHANNELS)],
            }
            for i in range(size)
        ]
    )
    start = date.today() - timedelta(days=30)
    env["apartment.lease"].create(
        [
            {
                "partner_id": partner.id,
                "unit_id": unit.id,
                "date_start": start,
                "date_end": start + timedelta(days=364),
                "rent_amount": 4000,
                "user_id": housekeepers[i % 10].id,
                "state": "active",
            }
            for i, (partner, unit) in enumerate(zip(partners, units, strict=True))
        ]
    )
    return building


def main():
    p = parser(__doc__)
    p.set_defaults(db="bench_notice")
    p.add_argument("--size", type=int, default=5000)
    args = p.parse_args()
    ensure_database(args.db, modules=("apartment_crm_notice_sms",))
    with odoo_env(args.db) as env:
        building = env["apartment.property"].search([("code", "=", "B-NOT")], limit=1)
        if not building:
            building = create_data(env, args.size)
            env.cr.commit()  # keep the data set for the next runs
        tenants = env["apartment.lease"].search_count(
            [("property_id", "=", building.id), ("state", "=", "active")]
        )
        print(f"{tenants} tenants in {building.name}", flush=True)
        notice = env["apartment.notice"].create(
            {
                "name": "Water cut on Tuesday",
                "body": "<p>Water is cut from 9:00 to 12:00.</p>",
                "property_ids": [(6, 0, building.ids)],
            }
        )
        notice.with_context(lang="zh_CN").write(
            {"name": "周二停水", "body": "<p>9:00 至 12:00 停水。</p>"}
        )
        results = {}
        env.invalidate_all()
        with measure(env, "notice: send to one building", results, tenants):
            notice.action_send()
        recipients = notice.recipient_ids
        mails = recipients.mail_id
        print(
            f"{len(recipients)} recipients: {notice.emailed_count} e-mails queued "
            f"(states {sorted(set(mails.mapped('state')))}), {notice.sms_count} SMS queued "
            f"(states {sorted(set(recipients.sms_id.mapped('state')))}), "
            f"{notice.activity_count} tenants in {len(recipients.activity_id)} housekeeper "
            f"activities, {notice.portal_count} portal only",
            flush=True,
        )
        env.cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
