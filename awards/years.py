"""Appraisal years: which year holds a date, each year's period, and a year resolved once.

The one rule for "which appraisal year holds this date" lives here (`Calendar.year_of`, `year_of`,
`this_year`): the year whose period contains the date. Offices appraise from 1 January, 1 December
or 1 July; a year set up in the admin has its own period, and a year nobody set up counts like its
nearest set-up neighbour, so the periods always follow one another without a gap or an overlap.
Every page, export, PDF and the workbook read a year's period and a date's year through here.

A `Year` is one year resolved once: its row, rules, period, status and (when closed) snapshot.
Tallies, details, candidates, the workbook and the views take this value instead of asking the
database again, so one request sees one consistent year.
"""

import calendar as month_calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone

from correspondents.network import Scope, scope_of
from datacache.cache import cached

from .models import AppraisalYear, ScoringRules
from .scoring import Rules

ONE_DAY = datetime.timedelta(days=1)
YEARS_OFFERED = 11  # the dropdowns offer the current appraisal year and the ten before it


def _shifted(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; a month's last day stays its month's last day (28 or 29 February)."""
    year = day.year + years
    last = month_calendar.monthrange(day.year, day.month)[1]
    if day.day == last:
        return datetime.date(year, day.month, month_calendar.monthrange(year, day.month)[1])
    return datetime.date(year, day.month, min(day.day, month_calendar.monthrange(year, day.month)[1]))


@dataclass(frozen=True)
class Calendar:
    """The periods of the years set up (rows, by year): everything needed to say which year holds a
    date and what any year's period is. Small (a row a year) and immutable, so it is kept per data
    version."""

    periods: tuple[tuple[int, datetime.date, datetime.date], ...] = ()

    @classmethod
    def load(cls, office_id: int | None = None) -> "Calendar":
        """The calendar of an office (the root office's when none is named)."""
        office_id = office_id if office_id is not None else scope_of().office_id
        return cls(tuple(AppraisalYear.objects.filter(office_id=office_id).order_by("year")
                         .values_list("year", "period_start", "period_end")))

    def period(self, number: int) -> tuple[datetime.date, datetime.date]:
        """A year's first and last day. A year without a row follows the nearest row before it (the
        day after the previous year ends, to the same day a year on), or, with none before, the
        nearest after it; it never overlaps a row, and it ends where the next row starts."""
        rows = {year: (start, end) for year, start, end in self.periods}
        if number in rows:
            return rows[number]
        before = [year for year in rows if year < number]
        after = [year for year in rows if year > number]
        if not before and not after:
            return datetime.date(number, 1, 1), datetime.date(number, 12, 31)
        if before:
            anchor = max(before)
            following = min(after) if after else None
            end = rows[anchor][1]
            for year in range(anchor + 1, number + 1):
                start = end + ONE_DAY
                end = _shifted(rows[anchor][1], year - anchor)
                if following is not None and (year + 1 == following or end >= rows[following][0]):
                    end = rows[following][0] - ONE_DAY
            return start, end
        anchor = min(after)
        start = rows[anchor][0]
        for year in range(anchor - 1, number - 1, -1):
            end = start - ONE_DAY
            start = _shifted(rows[anchor][0], year - anchor)
        return start, end

    def year_of(self, day: datetime.date) -> int:
        """The appraisal year whose period contains the day."""
        for year, start, end in self.periods:
            if start <= day <= end:
                return year
        for distance in range(0, 4):
            for year in {day.year - distance, day.year + distance}:
                start, end = self.period(year)
                if start <= day <= end:
                    return year
        return day.year  # only a calendar of absurd periods gets here

    def this_year(self, today: datetime.date | None = None) -> int:
        """"This year": the appraisal year holding today (on 5 December under a December–November
        calendar, next year's number)."""
        return self.year_of(today or timezone.localdate())

    def offered(self, today: datetime.date | None = None) -> list[int]:
        """The years the dropdowns offer and the views accept, newest first: this year, the ten before
        it, and any other year that was set up (a closed year of long ago stays reachable)."""
        current = self.this_year(today)
        years = set(range(current - YEARS_OFFERED + 1, current + 1))
        years.update(year for year, _, _ in self.periods if year <= current + 1)
        return sorted(years, reverse=True)

    def parse(self, raw: str | None, today: datetime.date | None = None) -> int:
        """The one reading of a `?year=` parameter: an offered year, else this year."""
        raw = (raw or "").strip()
        if raw.isdigit() and int(raw) in self.offered(today):
            return int(raw)
        return self.this_year(today)


def year_calendar(office: int | None = None) -> Calendar:
    """An office's calendar (the root's when none is named) as of the current data version (no query
    on a warm cache within a request)."""
    office = office if office is not None else scope_of().office_id
    # Kept under the office's whole version (not its years' alone): the pages that read it read that
    # version anyway, and a calendar is one small query to load again.
    return cached("calendar", (office,), lambda: Calendar.load(office), immutable=True, scope=scope_of(office))


def year_of(day: datetime.date, *, office: int | None = None) -> int:
    return year_calendar(office).year_of(day)


def this_year(today: datetime.date | None = None, *, office: int | None = None) -> int:
    return year_calendar(office).this_year(today)


def period_of(number: int, *, office: int | None = None) -> tuple[datetime.date, datetime.date]:
    return year_calendar(office).period(number)


@dataclass(frozen=True)
class Year:
    number: int
    rules: Rules  # with the office's scope
    start: datetime.date
    end: datetime.date
    row: AppraisalYear | None = None  # None: nobody has set this year up (defaults apply)

    @property
    def scope(self) -> Scope:
        return self.rules.scope

    @property
    def is_closed(self) -> bool:
        return self.row is not None and self.row.is_closed

    @property
    def snapshot(self) -> dict | None:
        """What was frozen when the year was closed; None while it is open (tallies are live)."""
        return self.row.snapshot if self.is_closed and self.row.snapshot else None

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order: December first for a period
        that starts in December."""
        months = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of a day in the office's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def instants(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The days start to end as a range of instants [first, after): compared as is, an index on a
    timestamp serves it (a date function of each row would not)."""
    return day_start(start), day_start(end + ONE_DAY)


def resolve_year(number: int, *, office: int | None = None) -> Year:
    """One query: an office's year (the root office's when none is named) with its rules; a year
    without a row gets the default rules and the period the office's calendar gives it."""
    scope = scope_of(office)
    row = (AppraisalYear.objects.select_related("scoring_rules")
           .filter(office_id=scope.office_id, year=number).first())
    if row is None:
        start, end = period_of(number, office=scope.office_id)
        return Year(number, Rules.defaults(scope), start, end)
    try:
        rules = Rules.of(row.scoring_rules, scope)
    except ScoringRules.DoesNotExist:
        rules = Rules.defaults(scope)
    return Year(number, rules, row.period_start, row.period_end, row)


def resolve_year_of(day: datetime.date, *, office: int | None = None) -> Year:
    return resolve_year(year_of(day, office=office), office=office)
