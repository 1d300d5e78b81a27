"""Pages of placements in (published_on, id) order reached by a cursor rather than an offset, so a
deep page costs what the first costs (the desk's placement list, a correspondent's placements)."""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.http import HttpRequest

PAGE_SIZE = 50


@dataclass
class KeysetPage:
    """A page of a list in (published_on, id) order, reached by a cursor rather than an offset, so
    page 500 costs what page 1 costs."""

    rows: list
    count: int
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _cursor(row) -> str:
    return f"{row.published_on:%Y-%m-%d}.{row.pk}"


def _parse_cursor(raw: str) -> tuple[datetime.date, int] | None:
    try:
        day, pk = raw.split(".")
        return datetime.date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def _row_compared(table: str, operator: str, cursor: tuple[datetime.date, int]) -> RawSQL:
    # A row comparison: one index range on (published_on, id). Django's tuple lookup spells an OR of
    # two conditions on SQLite, which its planner took a slow plan for.
    return RawSQL(f'("{table}"."published_on", "{table}"."id") {operator} (%s, %s)', cursor,
                  output_field=BooleanField())


def cursors(request: HttpRequest) -> tuple[str, str]:
    """The raw ?after= and ?before= of a request ("" when absent)."""
    return request.GET.get("after", ""), request.GET.get("before", "")


def keyset_page(request: HttpRequest, queryset, *, newest_first: bool = True, size: int = PAGE_SIZE,
                count: int | None = None) -> KeysetPage:
    """?after=<date>.<id> for the next page, ?before=… for the previous one, nothing for the first.
    `count`, when the caller knows it already (from a tally), saves counting the rows."""
    after, before = cursors(request)
    return keyset_page_at(queryset, after=after, before=before, newest_first=newest_first, size=size, count=count)


def keyset_page_at(queryset, *, after: str = "", before: str = "", newest_first: bool = True,
                   size: int = PAGE_SIZE, count: int | None = None) -> KeysetPage:
    """The page after (or before) a cursor, as keyset_page reads it from a request."""
    table = queryset.model._meta.db_table
    order = ("-published_on", "-id") if newest_first else ("published_on", "id")
    reverse = ("published_on", "id") if newest_first else ("-published_on", "-id")
    count = queryset.count() if count is None else count
    after = _parse_cursor(after)
    before = _parse_cursor(before) if after is None else None
    if before is not None:
        rows = list(queryset.filter(_row_compared(table, ">" if newest_first else "<", before))
                    .order_by(*reverse)[:size + 1])
        more_before = len(rows) > size
        rows = list(reversed(rows[:size]))
        return KeysetPage(rows, count, _cursor(rows[-1]) if rows else None,
                          _cursor(rows[0]) if rows and more_before else None)
    if after is not None:
        queryset = queryset.filter(_row_compared(table, "<" if newest_first else ">", after))
    rows = list(queryset.order_by(*order)[:size + 1])
    more_after = len(rows) > size
    rows = rows[:size]
    return KeysetPage(rows, count, _cursor(rows[-1]) if rows and more_after else None,
                      _cursor(rows[0]) if rows and after is not None else None)
