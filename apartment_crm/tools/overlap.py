# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime
from typing import NamedTuple

from odoo.models import BaseModel
from odoo.tools import SQL


class OverlapRow(NamedTuple):
    """One holding of a resource over a range: a record about to be written or a stored one."""

    index: int | None  # position among the candidates being written; None for a stored record
    record: BaseModel  # the record (empty for a record not created yet)
    resource_id: int
    start: date | datetime
    end: date | datetime
    name: str | None


class OverlapGuard(NamedTuple):
    """ "Live rows of one table must not hold one resource over overlapping ranges."

    Checked before the INSERT/UPDATE, for the whole batch in one query, so the message can name
    the other record; the model's SQL exclusion constraint stays the guard against two
    transactions passing the check at the same moment.
    """

    table: str
    resource: str  # column of the resource (unit_id, venue_id)
    start: str  # columns of the range
    end: str
    live: SQL  # condition on the stored row, aliased ``other``, that makes it hold the resource
    depends: tuple  # the fields ``live`` reads (flushed before the query)
    closed: bool  # True: [start, end] (dates, both days included); False: [start, end)

    def overlaps(self, row, other):
        """Whether two rows hold the same resource over overlapping ranges."""
        if row.resource_id != other.resource_id:
            return False
        if self.closed:
            return row.start <= other.end and other.start <= row.end
        return row.start < other.end and other.start < row.end

    def find_in_batch(self, rows):
        """Pairs (row, earlier overlapping row of the same resource) within the rows."""
        overlaps = []
        latest = {}  # resource -> the row ending last so far
        for row in sorted(rows, key=lambda r: (r.resource_id, r.start)):
            previous = latest.get(row.resource_id)
            if previous and self.overlaps(row, previous):
                overlaps.append((row, previous))
            if not previous or row.end > previous.end:
                latest[row.resource_id] = row
        return overlaps

    def find_stored(self, model, rows):
        """{row index: the stored live row (sudo record) overlapping it, the earliest}, in one
        query for all the rows; the rows' own records are left out."""
        if not rows:
            return {}
        model.flush_model([self.resource, self.start, self.end, *self.depends])
        model.env.cr.execute(self._get_stored_overlaps_query(rows))
        found = {}
        for index, other_id in model.env.cr.fetchall():
            other = model.sudo().browse(other_id)
            found[index] = OverlapRow(
                None, other, other[self.resource].id, other[self.start], other[self.end], None
            )
        return found

    def _get_stored_overlaps_query(self, rows):
        """(candidate index, id of the earliest stored live row overlapping it) per row."""
        values = SQL(", ").join(
            SQL("(%s, %s::int, %s, %s)", row.index, row.resource_id, row.start, row.end)
            for row in rows
        )
        other_start = SQL.identifier("other", self.start)
        other_end = SQL.identifier("other", self.end)
        if self.closed:
            overlap = SQL(
                "%s <= candidate.range_end AND %s >= candidate.range_start", other_start, other_end
            )
        else:
            overlap = SQL(
                "%s < candidate.range_end AND %s > candidate.range_start", other_start, other_end
            )
        return SQL(
            """
            SELECT DISTINCT ON (candidate.idx) candidate.idx, other.id
              FROM (VALUES %(values)s) AS candidate(idx, resource_id, range_start, range_end)
              JOIN %(table)s other
                ON %(resource)s = candidate.resource_id
               AND %(live)s
               AND %(overlap)s
               AND other.id != ALL(%(own_ids)s)
             ORDER BY candidate.idx, %(other_start)s
            """,
            values=values,
            table=SQL.identifier(self.table),
            resource=SQL.identifier("other", self.resource),
            live=self.live,
            overlap=overlap,
            own_ids=[row.record.id for row in rows if row.record] or [0],
            other_start=other_start,
        )

    def first_overlap(self, model, rows):
        """(row, other row) of the first overlap of the rows, within them or with the stored
        rows; None when they are free."""
        for pair in self.find_in_batch(rows):
            return pair
        stored = self.find_stored(model, rows)
        for row in rows:
            if row.index in stored:
                return row, stored[row.index]
        return None

    @staticmethod
    def can_read(model, other):
        """Whether the real user (also under sudo) may read the other row's record: a message
        names it only then, so that it never tells a user about a record they cannot see. The
        rows of the batch are the user's own."""
        if other.index is not None or not other.record:
            return True
        return other.record.with_env(model.env(su=False)).has_access("read")
