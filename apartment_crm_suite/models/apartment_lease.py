# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data only: two years of history for the suite's demo tenants.

The capability addons' demo files describe today (current leases, this month's rent, open
tickets, the last Spring Festival); this builds what came before, in code because in XML it
would be thousands of lines: the rent invoices of the last 24 months of the ended leases and of
earlier leases renewed since, their payments (mostly on time, some late, a few never paid),
festival events on their lunar dates with the tenants who lived there then, resolved tickets
spread over the two years, and the recent troubles of a few tenants who are now at high churn
risk for reasons the tenant form shows (repeat repairs, an open complaint, a low rating).
Every date is relative to today; records are created in batches and invoices posted in bulk.
"""

from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

HISTORY_MONTHS = 24

# Earlier leases of current tenants, renewed since in the same unit: (lease whose tenant and
# unit they share, months the earlier lease ran before that lease started).
EARLIER_LEASES = [
    ("apartment_crm.lease_04_demo", 12),  # 王芳: second year in Riverside 203
    ("apartment_crm.lease_18_demo", 6),  # 林晓: first a 6-month trial, then two years
    ("apartment_crm.lease_22_demo", 8),  # Emma Schmidt
    ("apartment_crm.lease_09_demo", 12),  # 黄涛: renewed last spring
]

# How a tenant (the tenant of the lease) paid the rent of their history: days after the due
# date, and how many of the last invoices of an ended lease were never paid (moved out owing).
PAYMENT_HABITS = {
    "apartment_crm.lease_16_demo": (15, 2),  # 胡燕: always late, left owing two months
    "apartment_crm.lease_31_demo": (9, 1),  # Priya Sharma: late, one month unpaid
    "apartment_crm.lease_27_demo": (6, 0),  # Aiko Tanaka: a few days late
}
ON_TIME = (0, 0)

# Festivals of the lunar calendar (the Gregorian date of each year) and where they are held.
FESTIVALS = [
    (
        "Spring Festival Dumpling Party 春节包饺子",
        ["2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26"],
        "apartment_crm_event.venue_riverside_common_room_demo",
        50,
    ),
    (
        "Lantern Riddles Night 元宵猜灯谜",
        ["2024-02-24", "2025-02-12", "2026-03-03", "2027-02-20", "2028-02-09"],
        "apartment_crm_event.venue_garden_lounge_demo",
        30,
    ),
    (
        "Dragon Boat Zongzi Workshop 端午包粽子",
        ["2024-06-10", "2025-05-31", "2026-06-19", "2027-06-09", "2028-05-28"],
        "apartment_crm_event.venue_riverside_common_room_demo",
        30,
    ),
    (
        "Mid-Autumn Moon Night 中秋赏月",
        ["2024-09-17", "2025-10-06", "2026-09-25", "2027-09-15", "2028-10-03"],
        "apartment_crm_event.venue_riverside_rooftop_demo",
        40,
    ),
]

# Resolved tickets spread over the history: (a lease of the tenant, months ago, kind, name,
# rating).
PAST_TICKETS = [
    ("apartment_crm.lease_01_demo", 20, "repair", "厨房水龙头滴水 Dripping kitchen tap", "5"),
    ("apartment_crm.lease_04_demo", 17, "repair", "洗衣机不排水 Washing machine not draining", "4"),
    ("apartment_crm.lease_21_demo", 15, "request", "申请加装窗帘 Curtains for the bedroom", "5"),
    ("apartment_crm.lease_18_demo", 13, "repair", "门禁卡失灵 Access card not working", "4"),
    ("apartment_crm.lease_16_demo", 19, "complaint", "投诉：保洁不及时 Cleaning skipped", "2"),
    ("apartment_crm.lease_22_demo", 11, "repair", "Wi-Fi router keeps dropping 网络断线", "5"),
    ("apartment_crm.lease_03_demo", 9, "repair", "热水器打不着火 Water heater won't light", "4"),
    ("apartment_crm.lease_31_demo", 10, "complaint", "投诉：电梯噪音 Elevator noise at night", "3"),
    ("apartment_crm.lease_09_demo", 7, "repair", "空调遥控器丢失 Lost AC remote", "5"),
    ("apartment_crm.lease_29_demo", 5, "repair", "Bathroom fan broken 浴室排风扇坏了", "4"),
]

# Tenants whose recent troubles put them at high churn risk, and the tickets that tell it:
# (a lease of the tenant, days ago, kind, name, closed, rating).
TROUBLED_TENANTS = [
    ("apartment_crm.lease_11_demo", 40, "repair", "热水器漏水 Water heater leaking", True, "3"),
    (
        "apartment_crm.lease_11_demo",
        12,
        "repair",
        "热水器又坏了 Water heater broken again",
        False,
        False,
    ),
    (
        "apartment_crm.lease_11_demo",
        3,
        "complaint",
        "投诉：维修太慢 Complaint: repairs take too long",
        False,
        False,
    ),
    (
        "apartment_crm.lease_25_demo",
        50,
        "repair",
        "Mould on the bedroom wall 卧室墙面发霉",
        True,
        "1",
    ),
    (
        "apartment_crm.lease_25_demo",
        20,
        "repair",
        "Mould is back after the repair 墙面又发霉了",
        True,
        "2",
    ),
    (
        "apartment_crm.lease_25_demo",
        6,
        "complaint",
        "Complaint: nobody answers about the mould 投诉：发霉问题无人回复",
        False,
        False,
    ),
]


class ApartmentLease(models.Model):
    _inherit = "apartment.lease"

    @api.model
    def _suite_demo_build_history(self):
        """Demo data only (called by the suite's demo file): see the module docstring.
        Runs once: on an update of the demo it finds its records and does nothing."""
        if self.env.ref("apartment_crm.lease_04_demo", raise_if_not_found=False) is None:
            return True  # demo data of the core not loaded
        if self.env["ir.config_parameter"].sudo().get_param("apartment_crm_suite.demo_history"):
            return True
        today = fields.Date.context_today(self)
        since = today.replace(day=1) - relativedelta(months=HISTORY_MONTHS)
        self._suite_demo_earlier_leases()
        self._suite_demo_history_rent(since, today)
        self._suite_demo_festivals(since, today)
        self._suite_demo_tickets(today)
        self.env["ir.config_parameter"].sudo().set_param(
            "apartment_crm_suite.demo_history", fields.Date.to_string(today)
        )
        return True

    @api.model
    def _suite_demo_earlier_leases(self):
        vals_list = []
        for xmlid, months in EARLIER_LEASES:
            lease = self.env.ref(xmlid)
            vals_list.append(
                {
                    "partner_id": lease.partner_id.id,
                    "unit_id": lease.unit_id.id,
                    "date_start": lease.date_start - relativedelta(months=months),
                    "date_end": lease.date_start - timedelta(days=1),
                    "rent_amount": lease.rent_amount,
                    "deposit_amount": lease.deposit_amount,
                    "billing_period": "monthly",
                    "user_id": lease.user_id.id,
                    "state": "ended",
                }
            )
        return self.create(vals_list)

    @api.model
    def _suite_demo_history_rent(self, since, today):
        """Rent invoices of the periods since ``since`` that no lease invoice holds yet (the
        rent cron only invoices active leases), posted in one go, then paid by habit."""
        leases = self.search(
            [
                ("state", "in", ("active", "ended")),
                ("date_end", ">=", since),
                ("rent_amount", ">", 0),
            ],
            order="id",
        )
        invoiced = leases._get_rent_invoiced_periods()
        vals_list = []
        for lease in leases:
            for period in lease._get_periods_to_invoice(min(today, lease.date_end), invoiced):
                if period[0] >= since and period[0] < today.replace(day=1):
                    vals_list.append(lease._prepare_rent_invoice_vals(period))
        if not vals_list:
            return self.env["account.move"]
        moves = (
            self.env["account.move"].with_context(default_move_type="out_invoice").create(vals_list)
        )
        moves.action_post()
        habits = {
            self.env.ref(xmlid).partner_id.id: habit for xmlid, habit in PAYMENT_HABITS.items()
        }
        by_date = {}
        for lease, lease_moves in moves.grouped("lease_id").items():
            delay, unpaid = habits.get(lease.partner_id.id, ON_TIME)
            lease_moves = lease_moves.sorted("rent_period_start")
            if unpaid and lease.state == "ended":
                lease_moves = lease_moves[:-unpaid]
            for move in lease_moves:
                pay_date = min(move.invoice_date_due + timedelta(days=delay), today)
                by_date.setdefault(pay_date, []).append(move.id)
        Register = self.env["account.payment.register"]
        for pay_date, move_ids in sorted(by_date.items()):
            Register.with_context(active_model="account.move", active_ids=move_ids).create(
                {"payment_date": pay_date, "group_payment": False}
            )._create_payments()
        return moves

    @api.model
    def _suite_demo_festivals(self, since, today):
        """Festival events of the history on their lunar dates, attended by the tenants who
        lived in the building then. The last Spring Festival and Lantern Festival are in the
        events demo already."""
        tz = pytz.timezone("Asia/Shanghai")
        user = self.env.ref("apartment_crm.user_housekeeper_demo")
        done = self.env.ref("event.event_stage_done")
        existing = set(
            self.env["event.event"]
            .search([("date_begin", ">=", since)])
            .mapped(lambda event: (event.name, event.date_begin.date()))
        )
        events_vals = []
        for name, days, venue_xmlid, points in FESTIVALS:
            venue = self.env.ref(venue_xmlid)
            for day in days:
                day = date.fromisoformat(day)
                if not since <= day < today:
                    continue
                begin = tz.localize(datetime.combine(day, time(18, 0))).astimezone(pytz.utc)
                begin = begin.replace(tzinfo=None)
                if any(n == name and abs((d - day).days) < 2 for n, d in existing):
                    continue
                events_vals.append(
                    {
                        "name": name,
                        "date_begin": begin,
                        "date_end": begin + timedelta(hours=3),
                        "date_tz": "Asia/Shanghai",
                        "property_ids": [fields.Command.set(venue.property_id.ids)],
                        "venue_id": venue.id,
                        "seats_limited": True,
                        "seats_max": venue.capacity,
                        "attendance_points": points,
                        "user_id": user.id,
                        "stage_id": done.id,
                        # Past events: no confirmation mail (nor ticket PDF) to anyone.
                        "event_mail_ids": [fields.Command.clear()],
                    }
                )
        events = self.env["event.event"].create(events_vals)
        registrations = []
        leases = self.search([("state", "in", ("active", "ended"))], order="partner_id, id")
        for event in events:
            day = event.date_begin.date()
            tenants = leases.filtered(
                lambda lease, event=event, day=day: lease.property_id in event.property_ids
                and lease.date_start <= day <= lease.date_end
            ).partner_id
            # About two out of three come; the rest registered and did not show up.
            for index, tenant in enumerate(tenants):
                registrations.append(
                    {
                        "event_id": event.id,
                        "partner_id": tenant.id,
                        "state": "done" if (tenant.id + event.id + index) % 3 else "open",
                    }
                )
        self.env["event.registration"].create(registrations)
        return events

    @api.model
    def _suite_demo_tickets(self, today):
        """Resolved tickets spread over the history, and the recent troubles of two tenants."""
        now = fields.Datetime.now()
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        teams = {
            self.env.ref("apartment_crm.property_riverside_demo"): self.env.ref(
                "apartment_crm_sla.helpdesk_team_riverside_demo"
            ),
            self.env.ref("apartment_crm.property_garden_demo"): self.env.ref(
                "apartment_crm_sla.helpdesk_team_garden_demo"
            ),
        }
        rows = [
            (xmlid, now - relativedelta(months=months), kind, name, True, rating)
            for xmlid, months, kind, name, rating in PAST_TICKETS
        ] + [
            (xmlid, now - timedelta(days=days), kind, name, closed, rating)
            for xmlid, days, kind, name, closed, rating in TROUBLED_TENANTS
        ]
        vals_list = []
        for xmlid, opened, kind, name, closed, rating in rows:
            tenant = self.env.ref(xmlid).partner_id
            lease = self.search(
                [("partner_id", "=", tenant.id), ("date_start", "<=", opened.date())],
                order="date_start desc",
                limit=1,
            )
            vals = {
                "name": name,
                "description": f"<p>{name}</p>",
                "partner_id": tenant.id,
                "ticket_kind": kind,
                "team_id": teams[lease.property_id].id if lease.property_id in teams else False,
                "user_id": lease.user_id.id,
                "sla_start_date": opened,
                "sla_resolution_start_date": opened,
            }
            if lease:
                vals["lease_id"] = lease.id
            if closed:
                vals.update(
                    {
                        "first_response_date": opened + timedelta(minutes=25),
                        "resolved_date": opened + timedelta(hours=20),
                        "stage_id": done.id,
                    }
                )
                if rating:
                    vals.update({"rating_value": rating, "rating_date": opened + timedelta(days=2)})
            vals_list.append((opened, vals))
        tickets = (
            self.env["helpdesk.ticket"]
            .with_context(sla_skip_grading=True, mail_notrack=True, mail_create_nolog=True)
            .create([vals for __, vals in vals_list])
        )
        # Demo only: the tickets were opened in the past (the churn signals count tickets by
        # creation date), which the ORM never writes.
        tickets.flush_recordset()
        for ticket, (opened, __) in zip(tickets, vals_list, strict=True):
            self.env.cr.execute(
                SQL("UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s", opened, ticket.id)
            )
        tickets.invalidate_recordset(["create_date"])
        return tickets
