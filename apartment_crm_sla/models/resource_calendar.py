# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Minute-level SLA arithmetic on working calendars.

All datetimes here are naive UTC (as Odoo stores them). A calendar's working intervals (its
attendances minus its leaves, in its own time zone) are fetched once per calendar for a whole
batch of tickets, then each ticket walks them in Python, skipping its own pause intervals.
"""

from bisect import bisect_right
from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import models

# Two adjacent attendance intervals closer than this are merged (a 24/7 calendar ends its day
# at 23:59:59.999999).
_MERGE_GAP = timedelta(seconds=1)
_MAX_ROUNDS = 6


def _subtract(start, stop, pauses):
    """Yield the parts of [start, stop) outside the sorted (start, stop) pause pairs."""
    for pause_start, pause_stop in pauses:
        if pause_stop <= start:
            continue
        if pause_start >= stop:
            break
        if pause_start > start:
            yield start, pause_start
        start = max(start, pause_stop)
        if start >= stop:
            return
    if start < stop:
        yield start, stop


def _minutes(delta):
    return delta.total_seconds() / 60.0


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _sla_intervals(self, start, stop):
        """Working intervals between two naive UTC datetimes: a sorted list of naive UTC pairs."""
        self.ensure_one()
        intervals = self._work_intervals_batch(
            pytz.utc.localize(start), pytz.utc.localize(stop), tz=pytz.timezone(self.tz or "UTC")
        )[False]
        result = []
        for int_start, int_stop, _records in intervals:
            int_start = int_start.astimezone(pytz.utc).replace(tzinfo=None)
            int_stop = int_stop.astimezone(pytz.utc).replace(tzinfo=None)
            if result and int_start - result[-1][1] <= _MERGE_GAP:
                result[-1] = (result[-1][0], max(result[-1][1], int_stop))
            else:
                result.append((int_start, int_stop))
        return result

    def _sla_plan_batch(self, requests):
        """Deadlines of many clocks at once.

        :param requests: list of (key, calendar, start, minutes, pauses); pauses sorted
            (start, stop) naive UTC pairs during which the clock does not run.
        :return: {key: naive UTC deadline, or False when the calendar has no working time}
        """
        result = {}
        by_calendar = defaultdict(list)
        for key, calendar, start, minutes, pauses in requests:
            if minutes <= 0:
                result[key] = start
            else:
                by_calendar[calendar].append((key, start, minutes, pauses))
        for calendar, todo in by_calendar.items():
            paused = max(sum((_minutes(b - a) for a, b in p), 0.0) for _k, _s, _m, p in todo)
            span = timedelta(minutes=max(m for _k, _s, m, _p in todo) * 5 + paused) + timedelta(
                days=7
            )
            for _round in range(_MAX_ROUNDS):
                lo = min(s for _k, s, _m, _p in todo)
                hi = max(s for _k, s, _m, _p in todo) + span
                intervals = calendar._sla_intervals(lo, hi)
                starts = [a for a, _b in intervals]
                left = []
                for key, start, minutes, pauses in todo:
                    deadline = self._sla_plan_one(intervals, starts, start, minutes, pauses)
                    if deadline:
                        result[key] = deadline
                    else:
                        left.append((key, start, minutes, pauses))
                todo = left
                if not todo:
                    break
                span *= 4
            for key, *_rest in todo:
                result[key] = False
        return result

    def _sla_plan_one(self, intervals, starts, start, minutes, pauses):
        remaining = float(minutes)
        index = max(bisect_right(starts, start) - 1, 0)
        for int_start, int_stop in intervals[index:]:
            if int_stop <= start:
                continue
            for seg_start, seg_stop in _subtract(max(int_start, start), int_stop, pauses):
                available = _minutes(seg_stop - seg_start)
                if available >= remaining:
                    return seg_start + timedelta(minutes=remaining)
                remaining -= available
        return False

    def _sla_consumed_batch(self, requests):
        """Working minutes elapsed on many clocks at once.

        :param requests: list of (key, calendar, start, stop, pauses)
        :return: {key: minutes (float)}
        """
        result = {}
        by_calendar = defaultdict(list)
        for key, calendar, start, stop, pauses in requests:
            if stop <= start:
                result[key] = 0.0
            else:
                by_calendar[calendar].append((key, start, stop, pauses))
        for calendar, todo in by_calendar.items():
            intervals = calendar._sla_intervals(
                min(s for _k, s, _e, _p in todo), max(e for _k, _s, e, _p in todo)
            )
            starts = [a for a, _b in intervals]
            for key, start, stop, pauses in todo:
                total = 0.0
                index = max(bisect_right(starts, start) - 1, 0)
                for int_start, int_stop in intervals[index:]:
                    if int_start >= stop:
                        break
                    lo, hi = max(int_start, start), min(int_stop, stop)
                    for seg_start, seg_stop in _subtract(lo, hi, pauses):
                        total += _minutes(seg_stop - seg_start)
                result[key] = total
        return result
