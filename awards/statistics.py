"""Statistics for the desk: all computed by the database, a fixed number of queries per page."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek

from contributions.models import Placement, State, Transition
from correspondents.models import Team, Unit
from correspondents.network import Scope
from outlets.models import Level, Outlet

from .selectors import INTERNAL_LABEL, LevelCounts
from .selectors.tallies import in_network, internal_flag
from .years import Year, instants, year_calendar


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def same_day_last_year(day: datetime.date) -> datetime.date:
    if day.month == 2 and day.day == 29:
        return datetime.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def level_key(level: str, internal: bool) -> str:
    """The column a placement counts in: its outlet's level, or 内部刊物 for an internal outlet."""
    return "internal" if internal else level


@dataclass
class MonthRow(LevelCounts):
    month: int = 0
    year: int = 0  # the calendar year of the month (a December–November period starts in the year before)


def monthly_counts(year: Year, *, unit_id: int | None = None) -> list[MonthRow]:
    """Placements (用稿) per month of the appraisal year's period, in order (December first for a
    period that starts in December), by level and 内部刊物 (of one unit's pieces, or all): one grouped
    query, months as date ranges so the date index serves them (a per-row month function would not)."""
    months = year.months()
    rows = [MonthRow(month=month, year=calendar_year) for calendar_year, month in months]
    counts = {}
    for index, (calendar_year, month) in enumerate(months):
        start, end = month_bounds(calendar_year, month)
        counts[f"m{index}"] = Count("pk", filter=Q(published_on__gte=max(start, year.start),
                                                   published_on__lte=min(end, year.end)))
    placements = in_network(Placement.objects.in_period(year.start, year.end), year.scope)
    if unit_id is not None:
        placements = placements.filter(contribution__credited_unit_id=unit_id)
    aggregates = (
        placements.annotate(internal=internal_flag(year.rules.office_id)).values("outlet__level", "internal")
        .annotate(**counts)
        .order_by()
    )
    for aggregate in aggregates:
        key = level_key(aggregate["outlet__level"], aggregate["internal"])
        for index, row in enumerate(rows):
            setattr(row, key, getattr(row, key) + aggregate[f"m{index}"])
    return rows


@dataclass
class Flow:
    """How much the office received, accepted and placed in a period: 稿件 (pieces) and 用稿 (placements)."""

    received: int
    accepted: int
    placed_pieces: int
    placements: int


def flow(start: datetime.date, end: datetime.date, placed: LevelCounts, scope: Scope) -> Flow:
    """Pieces of the office's network submitted (上报) and accepted (录用) between start and end, beside
    the pieces placed and the placements of the same period (the units' tallies added up, passed in)."""
    first, after = instants(start, end)  # the (to_state, created_at) index serves the range
    moves = Transition.objects.filter(to_state__in=[State.SUBMITTED, State.ACCEPTED], created_at__gte=first,
                                      created_at__lt=after,
                                      **scope.units_filter("contribution__credited_unit")).aggregate(
        received=Count("contribution", distinct=True, filter=Q(to_state=State.SUBMITTED)),
        accepted=Count("contribution", distinct=True, filter=Q(to_state=State.ACCEPTED)),
    )
    return Flow(moves["received"], moves["accepted"], placed.pieces, placed.total)


@dataclass
class MediumTable:
    """Placements of a year by level (and 内部刊物) and by medium: offices compare 网站 with 报刊."""

    media: list[tuple[str, str]]
    rows: list[tuple[str, list[int], int]]  # label, counts by medium, row total
    totals: list[int]
    total: int


def level_medium_table(year: Year) -> MediumTable:
    counts: dict[tuple[str, str], int] = {}
    placements = in_network(Placement.objects.in_period(year.start, year.end), year.scope)
    for row in (placements.annotate(internal=internal_flag(year.rules.office_id))
                .values("outlet__level", "internal", "outlet__medium").annotate(count=Count("pk")).order_by()):
        key = (level_key(row["outlet__level"], row["internal"]), row["outlet__medium"])
        counts[key] = counts.get(key, 0) + row["count"]
    media = list(Outlet.Medium.choices)
    labels = [*Level.choices, ("internal", INTERNAL_LABEL)]
    rows = []
    for key, label in labels:
        values = [counts.get((key, medium), 0) for medium, _ in media]
        rows.append((label, values, sum(values)))
    totals = [sum(row[1][index] for row in rows) for index in range(len(media))]
    return MediumTable(media, rows, totals, sum(totals))


@dataclass
class YearToDate:
    name: str
    this_year: int
    last_year: int
    level: str = ""

    @property
    def change(self) -> int:
        return self.this_year - self.last_year


@dataclass
class YearToDateCounts:
    """Placements from the start of this appraisal year to today and last year to the same date, by (unit, outlet):
    two index range scans that the unit and the outlet comparisons both read."""

    today: datetime.date
    last_day: datetime.date
    year: int  # the appraisal year holding today
    scope: Scope
    this_year: dict[tuple[int, int], int]
    last_year: dict[tuple[int, int], int]

    def by(self, position: int) -> tuple[dict[int, int], dict[int, int]]:
        def total(counts):
            summed: dict[int, int] = {}
            for key, count in counts.items():
                summed[key[position]] = summed.get(key[position], 0) + count
            return summed

        return total(self.this_year), total(self.last_year)


def year_to_date_counts(today: datetime.date, scope: Scope) -> YearToDateCounts:
    """The office's network from the start of the appraisal year holding today, against the year
    before from its start to the same day a year ago."""
    last_day = same_day_last_year(today)
    calendar = year_calendar(scope.office_id)
    current = calendar.year_of(today)
    this_start, last_start = calendar.period(current)[0], calendar.period(current - 1)[0]
    group = ("contribution__credited_unit", "outlet")

    def per(start: datetime.date, end: datetime.date) -> dict[tuple[int, int], int]:
        # One range per query, so each is an index range scan (an OR of two ranges is not).
        return {(unit, outlet): count for unit, outlet, count in
                in_network(Placement.objects.in_period(start, end), scope)
                .values(*group).annotate(count=Count("pk")).order_by().values_list(*group, "count")}

    return YearToDateCounts(today, last_day, current, scope, per(this_start, today),
                            per(last_start, last_day))


def year_to_date(counts: YearToDateCounts) -> tuple[list[YearToDate], YearToDate]:
    """Placements per unit from the start of this appraisal year to today, beside last year to the same date."""
    this_year, last_year = counts.by(0)
    placed = set(this_year) | set(last_year)
    rows = [
        YearToDate(name, this_year.get(pk, 0), last_year.get(pk, 0))
        for pk, name in Unit.objects.filter(Q(active=True) | Q(pk__in=placed)).values_list("pk", "name")
        if pk in placed or counts.scope.holds(pk)
    ]
    rows.sort(key=lambda row: (-row.this_year, -row.last_year, row.name))
    total = YearToDate("合计", sum(r.this_year for r in rows), sum(r.last_year for r in rows))
    return rows, total


def outlets_year_to_date(counts: YearToDateCounts) -> list[YearToDate]:
    """Placements per outlet this year to date beside last year to the same date."""
    this_year, last_year = counts.by(1)
    rows = [
        YearToDate(name, this_year.get(pk, 0), last_year.get(pk, 0),
                   INTERNAL_LABEL if owner == counts.scope.office_id else Level(level).label)
        for pk, name, level, owner in Outlet.objects.filter(pk__in=set(this_year) | set(last_year))
        .values_list("pk", "name", "level", "owner_id")
    ]
    rows.sort(key=lambda row: (-row.this_year, -row.last_year, row.name))
    return rows


@dataclass
class TeamWeeks:
    team: str
    target: int | None
    counts: list[int] = field(default_factory=list)  # oldest week first, this week last


def team_weeks(today: datetime.date, scope: Scope, weeks: int = 9, *, by_pieces: bool = False
               ) -> tuple[list[datetime.date], list[TeamWeeks]]:
    """Placements per team per ISO week (Monday to Sunday), this week and the eight before it; pieces
    placed instead when the year counts pieces (不累计), as the weekly target then does.

    A placement (or piece) counts once for a team however many of the team's members wrote it.
    """
    this_monday = today - datetime.timedelta(days=today.weekday())
    mondays = [this_monday - datetime.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    aggregates = (
        in_network(Placement.objects.filter(published_on__gte=mondays[0], published_on__lte=today,
                                            contribution__authorships__correspondent__team__isnull=False), scope)
        .annotate(week=TruncWeek("published_on"))
        .values("contribution__authorships__correspondent__team", "week")
        .annotate(count=Count("contribution" if by_pieces else "pk", distinct=True))
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
        if scope.network is None or any(team == pk for team, _ in counts)
    ]
    return mondays, teams


def top_outlets(year: Year, limit: int | None = 10, *, unit_id: int | None = None) -> list[dict]:
    """The outlets that ran most placements in the appraisal year (of one unit's pieces, or all)."""
    levels = dict(Level.choices)
    placements = in_network(Placement.objects.in_period(year.start, year.end), year.scope)
    if unit_id is not None:
        placements = placements.filter(contribution__credited_unit_id=unit_id)
    rows = list(
        placements.values("outlet__name", "outlet__level", "outlet__owner_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "outlet__name")[:limit]
    )
    for row in rows:
        row["level"] = INTERNAL_LABEL if row["outlet__owner_id"] == year.rules.office_id else levels[row["outlet__level"]]
    return rows
