"""Tallies of an appraisal year, computed by the database.

A correspondent counts each placement of each contribution they co-authored once and earns its
points times their share; a unit counts each placement of the contributions credited to it once,
with full points. Rank: by points, descending, equal points sharing a rank (1, 2, 2, 4); ties are
listed by national count, then provincial count, then name.
"""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from contributions.models import PAPER_GENRES, Authorship, Contribution, Genre, Placement, Prominence
from correspondents.models import Correspondent, Unit
from outlets.models import Level

from .models import Award
from .scoring import POINTS_SCALE, SHARED_POINTS_SCALE, Rules, placement_points, share_in_hundredths, to_points
from .years import Year, resolve_year

LEVELS = Level.values  # national, provincial, municipal, county


@dataclass
class LevelCounts:
    """Placements counted by the outlet's level; every tally, month and total row is one of these."""

    national: int = 0
    provincial: int = 0
    municipal: int = 0
    county: int = 0

    @property
    def total(self) -> int:
        return self.national + self.provincial + self.municipal + self.county

    def add(self, other: "LevelCounts") -> None:
        for level in LEVELS:
            setattr(self, level, getattr(self, level) + getattr(other, level))


def summed(rows) -> LevelCounts:
    """The counts of many rows added up: the 合计 line of a table."""
    total = LevelCounts()
    for row in rows:
        total.add(row)
    return total


@dataclass
class TallyRow(LevelCounts):
    id: int = 0
    name: str = ""
    points: Decimal = Decimal("0.00")
    rank: int = 0
    unit: str = ""
    team: str = ""
    quota: int = 0
    completion: Decimal | None = None  # placements ÷ quota; None when there is no quota

    @property
    def completion_percent(self) -> str:
        return "" if self.completion is None else f"{self.completion * 100:.1f}%"

    def as_json(self) -> dict:
        data = asdict(self)
        data["points"] = str(self.points)
        data["completion"] = None if self.completion is None else str(self.completion)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "TallyRow":
        data = dict(data)
        data["points"] = Decimal(data["points"])
        data["completion"] = None if data["completion"] is None else Decimal(data["completion"])
        return cls(**data)


@dataclass
class YearTallies:
    year: int
    period_start: datetime.date
    period_end: datetime.date
    units: list[TallyRow] = field(default_factory=list)
    people: list[TallyRow] = field(default_factory=list)
    frozen: bool = False  # read from the snapshot of a closed year


def _level_counts(path: str) -> dict:
    return {level: Count("pk", filter=Q(**{f"{path}outlet__level": level})) for level in LEVELS}


def _ranked(rows: list[TallyRow]) -> list[TallyRow]:
    rows.sort(key=lambda row: (-row.points, -row.national, -row.provincial, row.name, row.id))
    rank = 0
    previous_points = None
    for position, row in enumerate(rows, start=1):
        if row.points != previous_points:
            rank = position
            previous_points = row.points
        row.rank = rank
    return rows


def unit_tallies(rules: Rules, start: datetime.date, end: datetime.date) -> list[TallyRow]:
    """Every active unit (and any other with placements) with its placements between start and end."""
    aggregates = (
        Placement.objects.in_period(start, end)
        .values("contribution__credited_unit")
        .annotate(**_level_counts(""), raw_points=Sum(placement_points(rules)))
        .order_by()
    )
    by_unit = {row["contribution__credited_unit"]: row for row in aggregates}
    units = Unit.objects.filter(Q(active=True) | Q(pk__in=by_unit.keys())).values_list("pk", "name")
    rows = []
    for pk, name in units:
        counts = by_unit.get(pk, {})
        rows.append(TallyRow(
            id=pk, name=name,
            **{level: counts.get(level, 0) for level in LEVELS},
            points=to_points(counts.get("raw_points"), POINTS_SCALE),
        ))
    return _ranked(rows)


def correspondent_tallies(rules: Rules, start: datetime.date, end: datetime.date) -> list[TallyRow]:
    """Every active correspondent (and any other with placements) with their placements between start and end."""
    aggregates = (
        Placement.objects.in_period(start, end)
        .values("contribution__authorships__correspondent")
        .annotate(
            **_level_counts(""),
            raw_points=Sum(placement_points(rules) * share_in_hundredths("contribution__authorships__share")),
        )
        .order_by()
    )
    by_person = {row["contribution__authorships__correspondent"]: row for row in aggregates}
    people = Correspondent.objects.filter(Q(active=True) | Q(pk__in=[k for k in by_person if k])).values_list(
        "pk", "name", "unit__name", "team__name", "annual_quota"
    )
    rows = []
    for pk, name, unit_name, team_name, quota in people:
        counts = by_person.get(pk, {})
        row = TallyRow(
            id=pk, name=name, unit=unit_name, team=team_name or "", quota=quota,
            **{level: counts.get(level, 0) for level in LEVELS},
            points=to_points(counts.get("raw_points"), SHARED_POINTS_SCALE),
        )
        row.completion = (Decimal(row.total) / quota).quantize(Decimal("0.0001")) if quota else None
        rows.append(row)
    return _ranked(rows)


def year_tallies(year: Year, *, units: bool = True, people: bool = True) -> YearTallies:
    """The rankings of a year: live for an open (or unconfigured) year, frozen for a closed one.
    A page that shows only one ranking asks only for it."""
    frozen = year.snapshot
    if frozen is not None:
        return YearTallies(
            year=year.number, period_start=year.start, period_end=year.end, frozen=True,
            units=[TallyRow.from_json(row) for row in frozen["units"]] if units else [],
            people=[TallyRow.from_json(row) for row in frozen["people"]] if people else [],
        )
    return YearTallies(
        year=year.number, period_start=year.start, period_end=year.end,
        units=unit_tallies(year.rules, year.start, year.end) if units else [],
        people=correspondent_tallies(year.rules, year.start, year.end) if people else [],
    )


@dataclass
class PlacementDetail:
    published_on: datetime.date
    title: str
    authors: str
    unit: str
    genre: str
    outlet: str
    level: str
    column: str
    page: str
    prominence: str
    points: Decimal

    def as_json(self) -> list:
        return [self.published_on.isoformat(), self.title, self.authors, self.unit, self.genre, self.outlet,
                self.level, self.column, self.page, self.prominence, str(self.points)]

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


def placement_details_in(start: datetime.date, end: datetime.date, *, rules: Rules, levels: list[str] | None = None):
    """Placement details of any period (a month's bulletin, a year's workbook), oldest first."""
    placements = Placement.objects.in_period(start, end)
    if levels:
        placements = placements.filter(outlet__level__in=levels)
    authors: dict[int, list[str]] = {}
    for contribution_id, name in (
        Authorship.objects.filter(contribution__placements__in=placements)
        .order_by("contribution_id", "position")
        .values_list("contribution_id", "correspondent__name")
        .distinct()
    ):
        authors.setdefault(contribution_id, []).append(name)
    genres, prominences, level_labels = dict(Genre.choices), dict(Prominence.choices), dict(Level.choices)
    rows = (
        placements.order_by("published_on", "id")
        .annotate(raw_points=placement_points(rules))
        .values_list(
            "published_on", "contribution_id", "contribution__title", "contribution__credited_unit__name",
            "contribution__genre", "outlet__name", "outlet__level", "column__name", "page", "prominence",
            "raw_points",
        )
    )
    for (published_on, contribution_id, title, unit, genre, outlet, level, column, page, prominence,
         raw_points) in rows.iterator(chunk_size=2000):
        yield PlacementDetail(
            published_on=published_on, title=title, authors="、".join(authors.get(contribution_id, [])),
            unit=unit, genre=genres[genre], outlet=outlet, level=level_labels[level], column=column or "",
            page=page, prominence=prominences[prominence], points=to_points(raw_points, POINTS_SCALE),
        )


@dataclass
class WorkCandidate:
    id: int
    title: str
    unit: str
    genre: str
    placements: int
    points: Decimal


def work_candidates(year: Year, *, papers_only: bool = False, limit: int = 50) -> list[WorkCandidate]:
    """The year's placed contributions ranked by points, for 好新闻奖 and (theory and research) 优秀论文.

    Grouped by contribution id alone, then the few winners' titles are read: grouping by title and
    unit name as well made the database sort far wider rows.
    """
    placements = Placement.objects.in_period(year.start, year.end)
    if papers_only:
        placements = placements.filter(contribution__genre__in=PAPER_GENRES)
    ranked = list(
        placements.values("contribution")
        .annotate(count=Count("pk"), raw_points=Sum(placement_points(year.rules)))
        .order_by("-raw_points", "contribution")[:limit]
    )
    details = {
        pk: (title, unit, genre)
        for pk, title, unit, genre in Contribution.objects.filter(pk__in=[row["contribution"] for row in ranked])
        .values_list("pk", "title", "credited_unit__name", "genre")
    }
    genres = dict(Genre.choices)
    return [
        WorkCandidate(
            id=row["contribution"], title=details[row["contribution"]][0], unit=details[row["contribution"]][1],
            genre=genres[details[row["contribution"]][2]], placements=row["count"],
            points=to_points(row["raw_points"], POINTS_SCALE),
        )
        for row in ranked
    ]


def points_of_placements(placements) -> dict[int, Decimal]:
    """Points of a few placements, each by its year's rules, through placement_points() like the
    tallies: two queries per year among them (a page of a piece's placements spans one or two)."""
    by_year: dict[int, list[int]] = {}
    for placement in placements:
        by_year.setdefault(placement.published_on.year, []).append(placement.pk)
    points = {}
    for number, ids in by_year.items():
        rules = resolve_year(number).rules
        points.update(
            (pk, to_points(raw, POINTS_SCALE))
            for pk, raw in Placement.objects.filter(pk__in=ids)
            .annotate(raw_points=placement_points(rules)).values_list("pk", "raw_points")
        )
    return points


@dataclass
class AwardRow:
    """One line of the award list, as the 获奖名单 sheet prints it; `id` is None once frozen."""

    category: str
    grade: str
    recipient: str
    unit: str
    citation: str
    id: int | None = None

    def as_json(self) -> list:
        return [self.category, self.grade, self.recipient, self.unit, self.citation]


def award_rows(year: Year) -> list[AwardRow]:
    """The year's awards: frozen with a closed year (whatever happens to the rows later), live otherwise."""
    frozen = year.snapshot
    if frozen is not None and "awards" in frozen:
        return [AwardRow(*row) for row in frozen["awards"]]
    if year.row is None:
        return []
    rows = []
    for award in Award.objects.filter(appraisal_year=year.row).select_related(
        "unit", "correspondent__unit", "contribution__credited_unit"
    ).order_by("category", "grade", "id"):
        if award.unit:
            recipient, unit = award.unit.name, award.unit.name
        elif award.correspondent:
            recipient, unit = award.correspondent.name, award.correspondent.unit.name
        else:
            recipient, unit = award.contribution.title, award.contribution.credited_unit.name
        rows.append(AwardRow(award.get_category_display(), award.get_grade_display() if award.grade else "",
                             recipient, unit, award.citation, award.pk))
    return rows
