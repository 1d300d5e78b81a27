"""How an agreement is kept: its period cut into weeks, months or quarters, the placements logged in
its column (or the column's own 栏目) counted into each, and the periods that ran short named. One
query for all the agreements of a page, whatever their number and length."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from contributions.models import Placement

from .models import Agreement, Cycle


@dataclass
class Period:
    start: datetime.date
    end: datetime.date
    label: str
    expected: int
    ran: int = 0
    due: bool = True  # the period has ended: it counts (a period still running is not yet short)

    @property
    def short(self) -> bool:
        return self.due and self.ran < self.expected


@dataclass
class Delivery:
    agreement: Agreement
    periods: list[Period] = field(default_factory=list)

    @property
    def due_periods(self) -> list[Period]:
        return [period for period in self.periods if period.due]

    @property
    def expected(self) -> int:
        return sum(period.expected for period in self.due_periods)

    @property
    def ran(self) -> int:
        return sum(min(period.ran, period.expected) for period in self.due_periods)

    @property
    def missed(self) -> list[Period]:
        return [period for period in self.periods if period.short]

    @property
    def expected_in_all(self) -> int:
        return sum(period.expected for period in self.periods)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def cut(cycle: str, start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, datetime.date, str]]:
    """The weeks (Monday to Sunday), months or quarters that the period touches, clipped to it."""
    pieces = []
    if cycle == Cycle.WEEKLY:
        first = start - datetime.timedelta(days=start.weekday())
        while first <= end:
            last = first + datetime.timedelta(days=6)
            week = first.isocalendar()
            pieces.append((max(first, start), min(last, end), f"{week.year}年第{week.week}周"))
            first = last + datetime.timedelta(days=1)
    elif cycle == Cycle.MONTHLY:
        first = start.replace(day=1)
        while first <= end:
            after = _next_month(first)
            pieces.append((max(first, start), min(after - datetime.timedelta(days=1), end), f"{first.year}年{first.month}月"))
            first = after
    else:
        first = start.replace(month=(start.month - 1) // 3 * 3 + 1, day=1)
        while first <= end:
            after = _next_month(_next_month(_next_month(first)))
            pieces.append((max(first, start), min(after - datetime.timedelta(days=1), end),
                           f"{first.year}年第{(first.month - 1) // 3 + 1}季度"))
            first = after
    return pieces


def deliveries_of(agreements: list[Agreement], today: datetime.date) -> list[Delivery]:
    if not agreements:
        return []
    columns = {agreement.column_id for agreement in agreements}
    first = min(agreement.starts_on for agreement in agreements)
    last = max(agreement.ends_on for agreement in agreements)
    logged = (Placement.objects.filter(Q(column_id__in=columns) | Q(column__parent_id__in=columns),
                                       published_on__range=(first, last))
              .values_list("column_id", "column__parent_id", "published_on"))
    days: dict[int, list[datetime.date]] = {column: [] for column in columns}
    for column, parent, day in logged:
        for owner in {column, parent} & columns:
            days[owner].append(day)
    found = []
    for agreement in agreements:
        ran = days[agreement.column_id]
        periods = [Period(start, end, label, agreement.per_cycle, sum(1 for day in ran if start <= day <= end),
                          due=end < today)
                   for start, end, label in cut(agreement.cycle, agreement.starts_on, agreement.ends_on)]
        found.append(Delivery(agreement, periods))
    return found
