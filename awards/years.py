"""An appraisal year resolved once: its row, rules, period, status and (when closed) snapshot.

Tallies, details, candidates, the workbook and the views all take this value instead of asking
the database again, so one request sees one consistent year: a year closed half-way through an
export cannot mix live tallies with frozen details.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import AppraisalYear, ScoringRules, default_period
from .scoring import Rules


@dataclass(frozen=True)
class Year:
    number: int
    rules: Rules
    start: datetime.date
    end: datetime.date
    row: AppraisalYear | None = None  # None: nobody has set this year up (defaults apply)

    @property
    def is_closed(self) -> bool:
        return self.row is not None and self.row.is_closed

    @property
    def snapshot(self) -> dict | None:
        """What was frozen when the year was closed; None while it is open (tallies are live)."""
        return self.row.snapshot if self.is_closed and self.row.snapshot else None

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of a day in the office's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def instants(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The days start to end as a range of instants [first, after): compared as is, an index on a
    timestamp serves it (a date function of each row would not)."""
    return day_start(start), day_start(end + datetime.timedelta(days=1))


def resolve_year(number: int) -> Year:
    """One query: the year's row with its rules; a year without a row gets the defaults."""
    row = AppraisalYear.objects.select_related("scoring_rules").filter(year=number).first()
    if row is None:
        start, end = default_period(number)
        return Year(number, Rules.defaults(), start, end)
    try:
        rules = Rules.of(row.scoring_rules)
    except ScoringRules.DoesNotExist:
        rules = Rules.defaults()
    return Year(number, rules, row.period_start, row.period_end, row)
