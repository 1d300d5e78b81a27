"""Statistics for the desk: all computed by the database, a fixed number of queries per page."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek

from contributions.models import Placement
from correspondents.models import Team, Unit
from outlets.models import Level

from .selectors import LevelCounts


@dataclass
class MonthRow(LevelCounts):
    month: int = 0


def monthly_counts(year: int) -> list[MonthRow]:
    """Placements per month and level: one grouped query, months as date ranges so the date
    index serves them (a per-row month function would not)."""
    rows = {month: MonthRow(month=month) for month in range(1, 13)}
    months = {f"m{month}": Count("pk", filter=Q(published_on__gte=start, published_on__lte=end))
              for month, (start, end) in ((m, month_bounds(year, m)) for m in range(1, 13))}
    aggregates = (
        Placement.objects.in_period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        .values("outlet__level")
        .annotate(**months)
        .order_by()
    )
    for aggregate in aggregates:
        for month in range(1, 13):
            setattr(rows[month], aggregate["outlet__level"], aggregate[f"m{month}"])
    return list(rows.values())


def same_day_last_year(day: datetime.date) -> datetime.date:
    if day.month == 2 and day.day == 29:
        return datetime.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


@dataclass
class YearToDate:
    unit: str
    this_year: int
    last_year: int

    @property
    def change(self) -> int:
        return self.this_year - self.last_year


def year_to_date(today: datetime.date) -> tuple[list[YearToDate], YearToDate, datetime.date]:
    """Placements per unit from 1 January to today, beside last year to the same date."""
    last_day = same_day_last_year(today)

    def per_unit(start: datetime.date, end: datetime.date) -> dict[int, int]:
        # One range per query, so each is an index range scan (an OR of two ranges is not).
        return dict(
            Placement.objects.in_period(start, end).values("contribution__credited_unit")
            .annotate(count=Count("pk")).order_by().values_list("contribution__credited_unit", "count")
        )

    this_year = per_unit(datetime.date(today.year, 1, 1), today)
    last_year = per_unit(datetime.date(today.year - 1, 1, 1), last_day)
    placed = set(this_year) | set(last_year)
    rows = [
        YearToDate(name, this_year.get(pk, 0), last_year.get(pk, 0))
        for pk, name in Unit.objects.filter(Q(active=True) | Q(pk__in=placed)).values_list("pk", "name")
    ]
    rows.sort(key=lambda row: (-row.this_year, -row.last_year, row.unit))
    total = YearToDate("合计", sum(r.this_year for r in rows), sum(r.last_year for r in rows))
    return rows, total, last_day


@dataclass
class TeamWeeks:
    team: str
    target: int | None
    counts: list[int] = field(default_factory=list)  # oldest week first, this week last


def team_weeks(today: datetime.date, weeks: int = 9) -> tuple[list[datetime.date], list[TeamWeeks]]:
    """Placements per team per ISO week (Monday to Sunday), this week and the eight before it.

    A placement counts once for a team however many of the team's members wrote it.
    """
    this_monday = today - datetime.timedelta(days=today.weekday())
    mondays = [this_monday - datetime.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    aggregates = (
        Placement.objects.filter(published_on__gte=mondays[0], published_on__lte=today,
                                 contribution__authorships__correspondent__team__isnull=False)
        .annotate(week=TruncWeek("published_on"))
        .values("contribution__authorships__correspondent__team", "week")
        .annotate(count=Count("pk", distinct=True))
        .order_by()
    )
    counts: dict[tuple[int, datetime.date], int] = {}
    for row in aggregates:
        week = row["week"]
        week = week.date() if isinstance(week, datetime.datetime) else week
        counts[(row["contribution__authorships__correspondent__team"], week)] = row["count"]
    teams = [
        TeamWeeks(name, target, [counts.get((pk, monday), 0) for monday in mondays])
        for pk, name, target in Team.objects.order_by("name").values_list("pk", "name", "weekly_target")
    ]
    return mondays, teams


def top_outlets(year: int, limit: int = 10) -> list[dict]:
    levels = dict(Level.choices)
    rows = list(
        Placement.objects.in_period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        .values("outlet__name", "outlet__level")
        .annotate(count=Count("pk"))
        .order_by("-count", "outlet__name")[:limit]
    )
    for row in rows:
        row["level"] = levels[row["outlet__level"]]
    return rows


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
