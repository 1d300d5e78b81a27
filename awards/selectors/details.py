"""Each placement with its labels and points: the detail sheet, the bulletin, a piece's page."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from contributions.models import Authorship, Genre, Instruction, Placement, Prominence
from outlets.models import Level

from ..scoring import POINTS_SCALE, Rules, counted_points, to_points
from ..years import Year, resolve_year, year_calendar
from .tallies import in_network, internal_to

INTERNAL_LABEL = "内部刊物"


@dataclass
class PlacementDetail:
    published_on: datetime.date
    title: str
    authors: str
    unit: str
    genre: str
    outlet: str
    level: str  # the outlet's level, or 内部刊物
    column: str
    page: str
    prominence: str
    points: Decimal
    instruction: str = ""  # 领导批示, by the leader's level

    def as_json(self) -> list:
        return [self.published_on.isoformat(), self.title, self.authors, self.unit, self.genre, self.outlet,
                self.level, self.column, self.page, self.prominence, str(self.points), self.instruction]

    @classmethod
    def from_json(cls, row: list) -> "PlacementDetail":
        values = list(row)
        values[0] = datetime.date.fromisoformat(values[0])
        values[10] = Decimal(values[10])
        return cls(*values)


def placement_details(year: Year):
    """The year's placements, oldest first, with labels and points: rows for the detail sheet.

    A generator over a server-side iteration, so a year of 20,000 placements is never all in memory.
    """
    frozen = year.snapshot
    if frozen is not None:
        for row in frozen["details"]:
            yield PlacementDetail.from_json(row)
        return
    yield from placement_details_in(year.start, year.end, rules=year.rules)


def placement_details_in(start: datetime.date, end: datetime.date, *, rules: Rules, levels: list[str] | None = None,
                         scoring_period: tuple[datetime.date, datetime.date] | None = None):
    """Placement details of any period (a month's bulletin, a year's workbook), oldest first.

    `scoring_period` is the period whose 不累计 rule decides which placement of a piece scores (the
    appraisal year, for a month's bulletin); by default the period shown."""
    office = rules.office_id
    placements = in_network(Placement.objects.in_period(start, end), rules.scope)
    if levels:
        placements = placements.filter(outlet__level__in=levels).exclude(internal_to(office))
    authors: dict[int, list[str]] = {}
    # The pieces' ids, not a join through their placements: with stale statistics PostgreSQL once
    # planned that join as nested loops and spent minutes on a thousand placements.
    for contribution_id, name in (
        Authorship.objects.filter(contribution_id__in=placements.values("contribution_id"))
        .order_by("contribution_id", "position")
        .values_list("contribution_id", "correspondent__name")
    ):
        authors.setdefault(contribution_id, []).append(name)
    genres, prominences, level_labels = dict(Genre.choices), dict(Prominence.choices), dict(Level.choices)
    instructions = dict(Instruction.choices) | {"": ""}
    rows = (
        placements.order_by("published_on", "id")
        .annotate(raw_points=counted_points(rules, *(scoring_period or (start, end))))
        .values_list(
            "published_on", "contribution_id", "contribution__title", "contribution__credited_unit__name",
            "contribution__genre", "outlet__name", "outlet__level", "outlet__owner_id", "column__name", "page",
            "prominence", "instruction", "raw_points",
        )
    )
    for (published_on, contribution_id, title, unit, genre, outlet, level, owner, column, page, prominence,
         instruction, raw_points) in rows.iterator(chunk_size=2000):
        yield PlacementDetail(
            published_on=published_on, title=title, authors="、".join(authors.get(contribution_id, [])),
            unit=unit, genre=genres[genre], outlet=outlet,
            level=INTERNAL_LABEL if owner == office else level_labels[level],
            column=column or "", page=page, prominence=prominences[prominence],
            points=to_points(raw_points, POINTS_SCALE), instruction=instructions.get(instruction, ""),
        )


def points_of_placements(placements, *, office: int | None = None) -> dict[int, Decimal]:
    """What each of a few placements adds to its appraisal year's tallies of an office (the root's
    when none is named): its points, 0 for a piece's other placements in 不累计 mode, through the
    tallies' own expression and the office's rules of the year: two queries per appraisal year."""
    calendar = year_calendar(office)
    by_year: dict[int, list[int]] = {}
    for placement in placements:
        by_year.setdefault(calendar.year_of(placement.published_on), []).append(placement.pk)
    points = {}
    for number, ids in by_year.items():
        year = resolve_year(number, office=office)
        points.update(
            (pk, to_points(raw, POINTS_SCALE))
            for pk, raw in Placement.objects.filter(pk__in=ids)
            .annotate(raw_points=counted_points(year.rules, year.start, year.end)).values_list("pk", "raw_points")
        )
    return points
