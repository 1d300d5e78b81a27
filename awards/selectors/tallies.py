"""Tallies of an appraisal year, computed by the database.

A correspondent counts each placement of each contribution they co-authored once and earns its
points times their share; a unit counts each placement of the contributions credited to it once,
with full points. External placements count by the outlet's level, internal ones (机关刊物) apart;
合计 counts both. Pieces (稿件, distinct contributions) are counted beside placements (用稿).
Rank: by points, descending, equal points sharing a rank (1, 2, 2, 4); ties are listed by national
count, then provincial count, then name.
"""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import BooleanField, Case, Count, Q, Sum, Value, When

from contributions.models import Placement
from correspondents.models import Correspondent, Unit
from correspondents.network import Scope
from outlets.models import Level

from ..scoring import POINTS_SCALE, SHARED_POINTS_SCALE, Rules, counted_points, share_in_hundredths, to_points
from ..years import Year

LEVELS = Level.values  # national, provincial, municipal, county
COUNTED = [*LEVELS, "internal"]


@dataclass
class LevelCounts:
    """Placements counted by the outlet's level (external outlets) and 内部刊物 (internal ones),
    and the pieces they are of; every tally, month and total row is one of these."""

    national: int = 0
    provincial: int = 0
    municipal: int = 0
    county: int = 0
    internal: int = 0
    pieces: int = 0

    @property
    def external(self) -> int:
        return self.national + self.provincial + self.municipal + self.county

    @property
    def total(self) -> int:
        """合计: placements in external and internal outlets."""
        return self.external + self.internal

    def add(self, other: "LevelCounts") -> None:
        for name in [*COUNTED, "pieces"]:
            setattr(self, name, getattr(self, name) + getattr(other, name))


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
    raw_points: int = 0  # exact, in the tally's scale: roll-ups add these and round once
    rank: int = 0
    unit: str = ""
    team: str = ""
    kind: str = ""  # the correspondent's or the unit's kind
    parent_id: int | None = None  # a unit's parent unit (a township's county)
    target: int = 0  # 任务数: a correspondent's quota or a unit's annual target; 0 = none
    completion: Decimal | None = None  # achieved ÷ target; None when there is no target
    by_pieces: bool = False  # the target counts pieces (不累计 years) rather than placements (累计)

    @property
    def achieved(self) -> int:
        """What the target is measured in: what the year counts (pieces in 不累计, placements in 累计)."""
        return self.pieces if self.by_pieces else self.total

    @property
    def target_unit(self) -> str:
        return "篇" if self.by_pieces else "次"

    @property
    def completion_percent(self) -> str:
        return "" if self.completion is None else f"{self.completion * 100:.1f}%"

    def complete(self, *, by_pieces: bool = False) -> "TallyRow":
        self.by_pieces = by_pieces
        self.completion = (Decimal(self.achieved) / self.target).quantize(Decimal("0.0001")) if self.target else None
        return self

    def as_json(self) -> dict:
        data = asdict(self)
        data["points"] = str(self.points)
        data["completion"] = None if self.completion is None else str(self.completion)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "TallyRow":
        data = dict(data)
        if "quota" in data:  # snapshots of years closed before units had targets
            data["target"] = data.pop("quota")
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
    counties: list[TallyRow] = field(default_factory=list)  # county-level units with their townships
    frozen: bool = False  # read from the snapshot of a closed year


def total_row(rows: list[TallyRow], scale: int, name: str = "合计") -> TallyRow:
    """The 合计 line of a ranking: every count added up (a person's column counts a co-written piece
    once per author), the exact points added and rounded once."""
    total = TallyRow(name=name)
    for row in rows:
        total.add(row)
        total.raw_points += row.raw_points
    if any(row.points and not row.raw_points for row in rows):  # a snapshot from before exact totals
        total.points = sum((row.points for row in rows), Decimal("0.00"))
    else:
        total.points = to_points(total.raw_points, scale)
    return total


def internal_to(office_id: int, path: str = "") -> Q:
    """A placement in an outlet the office owns: 内部刊物 for that office (any other counts its level)."""
    return Q(**{f"{path}outlet__owner_id": office_id})


def internal_flag(office_id: int, path: str = "") -> Case:
    """internal_to as a value to group by."""
    return Case(When(internal_to(office_id, path), then=Value(True)), default=Value(False),
                output_field=BooleanField())


def level_counts(office_id: int, path: str = "") -> dict:
    """Aggregates counting placements by the outlet's level, those in the office's own outlets apart
    (内部刊物), and distinct pieces."""
    counts = {level: Count("pk", filter=Q(**{f"{path}outlet__level": level}) & ~internal_to(office_id, path))
              for level in LEVELS}
    counts["internal"] = Count("pk", filter=internal_to(office_id, path))
    counts["pieces"] = Count(f"{path}contribution", distinct=True)
    return counts


def in_network(placements, scope: Scope):
    """The placements an office counts: those of pieces credited to a unit of its network."""
    return placements.filter(**scope.units_filter("contribution__credited_unit"))


def _counts_of(aggregate: dict) -> dict:
    return {name: aggregate.get(name, 0) for name in [*COUNTED, "pieces"]}


def ranked(rows: list[TallyRow]) -> list[TallyRow]:
    rows.sort(key=lambda row: (-row.points, -row.national, -row.provincial, row.name, row.id))
    rank = 0
    previous_points = None
    for position, row in enumerate(rows, start=1):
        if row.points != previous_points:
            rank = position
            previous_points = row.points
        row.rank = rank
    return rows


# The tallies' SQL, compiled once per rules, period and network: building the scoring expression
# through the ORM cost more than the database's own work for a county (4 ms against 0.3 ms).
_compiled: dict[tuple, tuple[str, tuple, list[str]]] = {}
_COMPILED_ENTRIES = 512


def _rows(key: tuple, build) -> list[dict]:
    """The rows of the aggregate `build()` returns (a values().annotate() queryset), its SQL compiled
    once per key."""
    entry = _compiled.get(key)
    if entry is None:
        queryset = build()
        sql, params = queryset.query.sql_with_params()
        entry = (sql, tuple(params), [*queryset.query.values_select, *queryset.query.annotation_select])
        if len(_compiled) >= _COMPILED_ENTRIES:
            _compiled.clear()
        _compiled[key] = entry
    sql, params, columns = entry
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # Every column is a whole number (an id, a count, a sum of integers); PostgreSQL gives a
        # sum of bigints as numeric, which the ORM would have turned back into an int.
        return [{column: None if value is None else int(value) for column, value in zip(columns, row)}
                for row in cursor.fetchall()]


def unit_tallies(rules: Rules, start: datetime.date, end: datetime.date, *,
                 scoring_period: tuple[datetime.date, datetime.date] | None = None) -> list[TallyRow]:
    """Every active unit (and any other with placements) with its placements between start and end.

    `scoring_period` is the period whose 不累计 rule decides which placement of a piece scores (the
    appraisal year, for a month); by default the period counted."""
    aggregates = _rows(("units", connection.alias, repr(rules), start, end, scoring_period), lambda: (
        in_network(Placement.objects.in_period(start, end), rules.scope)
        .values("contribution__credited_unit")
        .annotate(**level_counts(rules.office_id),
                  raw_points=Sum(counted_points(rules, *(scoring_period or (start, end)))))
        .order_by()
    ))
    by_unit = {row["contribution__credited_unit"]: row for row in aggregates}
    rows = []
    # Every unit is read and the inactive ones without placements are left out here: an IN list of
    # the placed ids made the database work harder than reading the whole (small) table.
    for pk, name, target, kind, parent_id, active in Unit.objects.order_by().filter(
            **rules.scope.units_filter("pk")).values_list("pk", "name", "annual_target", "kind", "parent_id", "active"):
        if not active and pk not in by_unit:
            continue
        counts = by_unit.get(pk, {})
        raw = counts.get("raw_points") or 0
        rows.append(TallyRow(id=pk, name=name, **_counts_of(counts), raw_points=raw, kind=kind, parent_id=parent_id,
                             points=to_points(raw, POINTS_SCALE), target=target or 0
                             ).complete(by_pieces=rules.best_only))
    return ranked(rows)


def correspondent_tallies(rules: Rules, start: datetime.date, end: datetime.date) -> list[TallyRow]:
    """Every active correspondent (and any other with placements) with their placements between start and end."""
    aggregates = _rows(("people", connection.alias, repr(rules), start, end), lambda: (
        in_network(Placement.objects.in_period(start, end), rules.scope)
        .values("contribution__authorships__correspondent")
        .annotate(
            **level_counts(rules.office_id),
            raw_points=Sum(counted_points(rules, start, end) * share_in_hundredths("contribution__authorships__share")),
        )
        .order_by()
    ))
    by_person = {row["contribution__authorships__correspondent"]: row for row in aggregates}
    people = Correspondent.objects.order_by()
    if rules.scope.network is not None:  # the network's people, and those elsewhere now who placed here
        people = people.filter(Q(**rules.scope.units_filter("unit")) | Q(pk__in=sorted(pk for pk in by_person if pk is not None)))
    rows = []
    for pk, name, unit_name, team_name, kind, quota, active, unit_id in people.values_list(
            "pk", "name", "unit__name", "team__name", "kind", "annual_quota", "active", "unit_id"):
        if not active and pk not in by_person:
            continue
        counts = by_person.get(pk, {})
        raw = counts.get("raw_points") or 0
        rows.append(TallyRow(id=pk, name=name, unit=unit_name, team=team_name or "", kind=kind, target=quota,
                             **_counts_of(counts), raw_points=raw,
                             points=to_points(raw, SHARED_POINTS_SCALE)).complete(by_pieces=rules.best_only))
    return ranked(rows)


def county_rollup(units: list[TallyRow]) -> list[TallyRow]:
    """Each county-level unit (县市区人大常委会) of the unit ranking with the units whose parent it is
    (its townships) added in: counts and exact points summed, then ranked among the counties."""
    children: dict[int, list[TallyRow]] = {}
    for row in units:
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row)
    rows = []
    for own in units:
        if own.kind != Unit.Kind.COUNTY_CONGRESS:
            continue
        row = TallyRow(id=own.id, name=f"{own.name}（含所属乡镇）", kind=own.kind, target=own.target)
        for member in [own, *children.get(own.id, [])]:
            row.add(member)
            row.raw_points += member.raw_points
        row.points = to_points(row.raw_points, POINTS_SCALE)
        rows.append(row.complete(by_pieces=own.by_pieces))
    return ranked(rows)


def year_tallies(year: Year, *, units: bool = True, people: bool = True) -> YearTallies:
    """The rankings of a year: live for an open (or unconfigured) year, frozen for a closed one.
    A page that shows only one ranking asks only for it."""
    frozen = year.snapshot
    tallies = YearTallies(year=year.number, period_start=year.start, period_end=year.end)
    if frozen is not None:
        tallies.frozen = True
        if units:
            tallies.units = [TallyRow.from_json(row) for row in frozen["units"]]
            tallies.counties = [TallyRow.from_json(row) for row in frozen.get("counties", [])]
        if people:
            tallies.people = [TallyRow.from_json(row) for row in frozen["people"]]
        return tallies
    if units:
        tallies.units = unit_tallies(year.rules, year.start, year.end)
        tallies.counties = county_rollup(tallies.units)
    if people:
        tallies.people = correspondent_tallies(year.rules, year.start, year.end)
    return tallies
