"""Each row of a placement sheet checked against the database, and the plan of what to write."""

import datetime
import difflib
import re
from collections.abc import Generator
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from correspondents.models import Correspondent, Unit
from correspondents.network import acting_office, scope_of
from correspondents.selectors import AmbiguousName, UnknownName, correspondents_by_name
from outlets.models import Column, Outlet
from sheets.reading import Formula, cell_date, cell_text
from sheets.text import single_line

from ..calendar import appraisal_calendar
from ..models import Contribution, Genre, Placement, Prominence, not_in_future
from ..services.placements import check_placement_date
from ..states import PLACEABLE
from .columns import HEADERS

AUTHOR_SEPARATORS = re.compile(r"[、，,]")
GENRE_BY_LABEL = {label: value for value, label in Genre.choices}
PROMINENCE_BY_LABEL = {label: value for value, label in Prominence.choices}
BATCH = 500


@dataclass
class RowError:
    row: int
    column: str
    value: str
    message: str
    kind: str = ""  # for grouping on the import page: unknown_person, unknown_outlet, formula, …
    suggestion: str = ""  # a known name this value probably means

    def __str__(self) -> str:
        where = f"第 {self.row} 行“{self.column}”列" if self.column else f"第 {self.row} 行"
        shown = f"“{self.value}”" if self.value else "（空）"
        return f"{where} {shown}：{self.message}"


@dataclass
class NewPiece:
    """A contribution the import creates: found in print, never submitted through the system."""

    title: str
    genre: str
    credited_unit_id: int
    author_ids: list[int]
    contribution: Contribution | None = None  # set once saved


@dataclass
class NewPlacement:
    outlet_id: int
    column_id: int | None
    published_on: datetime.date
    page: str
    prominence: str
    url: str
    contribution_id: int | None = None  # an existing contribution…
    piece: NewPiece | None = None  # …or one created by the same import


@dataclass
class Plan:
    rows: int = 0
    pieces: dict[tuple[str, int], NewPiece] = field(default_factory=dict)
    placements: list[NewPlacement] = field(default_factory=list)
    matched: dict[int, str] = field(default_factory=dict)  # existing contribution id → title
    states: dict[int, str] = field(default_factory=dict)  # existing contribution id → its state
    existing_placements: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Dated outside the current year: not errors, but worth a second look in the dry run.
    other_years: dict[int, list[int]] = field(default_factory=dict)  # year → sheet rows


def author_names(value) -> list[str]:
    return [name.strip() for name in AUTHOR_SEPARATORS.split(cell_text(value)) if name.strip()]


class Lookups:
    """Everything a row is checked against, read once for the whole file."""

    def __init__(self, rows: list[dict], within: frozenset | None = None):
        self.units = dict(Unit.objects.values_list("name", "pk"))
        # Units of other offices' networks: known, but not this office's to import for.
        self.outside = set() if within is None else {name for name, pk in self.units.items() if pk not in within}
        self.outlets = {}
        for pk, name, aliases in Outlet.objects.values_list("pk", "name", "aliases"):
            self.outlets[name] = pk
            for alias in aliases.splitlines():
                self.outlets.setdefault(alias.strip(), pk)
        self._names: dict[str, list[str]] = {}
        self._suggested: dict[tuple[str, str], str] = {}
        self.columns = {(outlet, name): pk for pk, outlet, name in Column.objects.values_list("pk", "outlet_id", "name")}
        self.people = correspondents_by_name(name for row in rows for name in author_names(row["作者"]))
        titles = sorted({single_line(cell_text(row["标题"])) for row in rows})
        self.contributions: dict[tuple[str, int], tuple[int, str]] = {}
        for start in range(0, len(titles), BATCH):
            for pk, title, unit_id, state in Contribution.objects.filter(title__in=titles[start:start + BATCH]).values_list(
                "pk", "title", "credited_unit_id", "state"
            ):
                self.contributions.setdefault((title, unit_id), (pk, state))
        ids = [pk for pk, _ in self.contributions.values()]
        self.placements: set[tuple[int, int, datetime.date]] = set()
        for start in range(0, len(ids), BATCH):
            self.placements.update(
                Placement.objects.filter(contribution_id__in=ids[start:start + BATCH])
                .values_list("contribution_id", "outlet_id", "published_on")
            )
        self._date_refusals: dict[tuple[datetime.date, int | None], str] = {}
        self.calendar = appraisal_calendar()
        self.this_year = self.calendar.this_year()

    def suggestion(self, kind: str, value: str) -> str:
        """The known name a mistyped one probably means ("" when none is close)."""
        if (kind, value) in self._suggested:
            return self._suggested[(kind, value)]
        if kind not in self._names:
            if kind == "unknown_outlet":
                self._names[kind] = list(Outlet.objects.values_list("name", flat=True))
            elif kind == "unknown_unit":
                self._names[kind] = list(self.units)
            else:
                self._names[kind] = list(Correspondent.objects.active().values_list("name", "unit__name"))
        if kind == "unknown_person":
            self._suggested[(kind, value)] = closest_person(value, self._names[kind])
        else:
            self._suggested[(kind, value)] = closest_name(value, self._names[kind])
        return self._suggested[(kind, value)]

    def date_refusal(self, day: datetime.date, unit_id: int | None) -> str:
        """Why placements may not be dated this day ("" if they may), asked once per date."""
        key = (day, unit_id)
        if key not in self._date_refusals:
            try:
                not_in_future(day)
                check_placement_date(day, unit_id)
                self._date_refusals[key] = ""
            except ValidationError as error:
                self._date_refusals[key] = "；".join(error.messages)
        return self._date_refusals[key]


@dataclass
class CheckedRow:
    title: str
    unit_id: int | None
    outlet_id: int | None
    column_id: int | None
    genre: str | None
    prominence: str | None
    published_on: datetime.date | None
    page: str
    url: str
    author_ids: list[int]


BRACKETS = str.maketrans("", "", "《》〈〉<>“”\"' 　")


def closest_person(value: str, people: list[tuple[str, str]]) -> str:
    """"姓名（单位）" of the correspondent a mistyped name probably means: the same name but one
    character (张小明 for 张晓明), or close by difflib's measure; "" when none or several are."""
    close = {(name, unit) for name, unit in people
             if len(name) == len(value) and sum(a != b for a, b in zip(name, value)) == 1}
    if not close:
        names = difflib.get_close_matches(value, [name for name, _ in people], n=1, cutoff=0.75)
        close = {(name, unit) for name, unit in people if names and name == names[0]}
    return f"{next(iter(close))[0]}（{next(iter(close))[1]}）" if len(close) == 1 else ""


def closest_name(value: str, known: list[str]) -> str:
    """A known name that differs only slightly from `value`: the same without brackets or spaces, one
    containing the other, or close by difflib's measure."""
    bare = value.translate(BRACKETS)
    if not bare:
        return ""
    for name in known:
        if name.translate(BRACKETS) == bare:
            return name
    containing = [name for name in known if bare in name.translate(BRACKETS) or name.translate(BRACKETS) in bare]
    if len(containing) == 1:
        return containing[0]
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.75)
    return close[0] if close else ""


def check_row(number: int, row: dict, lookups: Lookups, errors: list[RowError]) -> CheckedRow:
    """Read one row into values, adding a RowError for every cell that is wrong."""

    def fail(column: str, message: str, value: str | None = None, kind: str = "") -> None:
        shown = cell_text(row[column]) if value is None else value
        suggestion = lookups.suggestion(kind, shown) if kind.startswith("unknown_") else ""
        errors.append(RowError(number, column, shown, message, kind, suggestion))

    formulas = [column for column in HEADERS if isinstance(row[column], Formula)]
    for column in formulas:
        fail(column, "是公式，请改成文字（在 Excel/WPS 中复制该列，“选择性粘贴”为数值）。", kind="formula")
    if formulas:
        return CheckedRow("", None, None, None, None, None, None, "", "", [])

    title = single_line(cell_text(row["标题"]))
    if not title:
        fail("标题", "标题不能为空。")
    elif len(title) > 300:
        fail("标题", "标题超过 300 字。")
    unit_id = lookups.units.get(cell_text(row["单位"]))
    if unit_id is None:
        fail("单位", "系统中没有这个单位，请先在“单位”中添加，或检查名称。", kind="unknown_unit")
    elif cell_text(row["单位"]) in lookups.outside:
        fail("单位", "这个单位不属于本机构，不能导入它的用稿记录。", kind="other_office")
        unit_id = None
    outlet_id = lookups.outlets.get(cell_text(row["媒体"]))
    if outlet_id is None:
        fail("媒体", "系统中没有这个媒体，请先在“媒体”中添加（或把这个写法加为已有媒体的“其他名称”），或检查名称。",
             kind="unknown_outlet")
    column_id = None
    if cell_text(row["栏目"]) and outlet_id is not None:
        column_id = lookups.columns.get((outlet_id, cell_text(row["栏目"])))
        if column_id is None:
            fail("栏目", "该媒体下没有这个栏目。")
    genre = GENRE_BY_LABEL.get(cell_text(row["体裁"]) or Genre.NEWS.label)
    if genre is None:
        fail("体裁", f"应为：{'、'.join(Genre.labels)}。")
    prominence = PROMINENCE_BY_LABEL.get(cell_text(row["位置"]) or Prominence.REGULAR.label)
    if prominence is None:
        fail("位置", f"应为：{'、'.join(Prominence.labels)}。")
    published_on = cell_date(row["刊发日期"])
    if published_on is None:
        fail("刊发日期", "日期无法识别，请写成 2024-03-05 或 2024/3/5。")
    elif refusal := lookups.date_refusal(published_on, unit_id):
        fail("刊发日期", refusal, kind="closed_year")
    url = cell_text(row["链接"])
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            fail("链接", "链接应以 http:// 或 https:// 开头。")
    page = single_line(cell_text(row["版面"]))
    if len(page) > 50:
        fail("版面", "版面超过 50 字。")
    author_ids = []
    names = author_names(row["作者"])
    if not names:
        fail("作者", "至少要有一位作者。")
    for name in names:
        try:
            author_ids.append(lookups.people.pick(name, unit_id=unit_id).id)
        except UnknownName:
            fail("作者", "系统中没有这位通讯员，请先在“通讯员”中添加。", value=name, kind="unknown_person")
        except AmbiguousName:
            fail("作者", "有多位同名通讯员且都不在本行单位，无法确定是哪一位。", value=name, kind="ambiguous_person")
    if len(set(author_ids)) != len(author_ids):
        fail("作者", "同一位作者写了两次。")
    return CheckedRow(title, unit_id, outlet_id, column_id, genre, prominence, published_on, page, url, author_ids)


PROGRESS_EVERY = 1000


def plan_rows(rows: list[tuple[int, dict]], *, actor: User | None = None) -> Plan:
    """Check every row; plan the new contributions and placements. Writes nothing."""
    return run_steps(plan_rows_stepwise(rows, actor=actor))


def run_steps(steps: Generator):
    """Drive a stepwise computation to its end and return its result."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def plan_rows_stepwise(rows: list[tuple[int, dict]], *, actor: User | None = None
                       ) -> Generator[tuple[int, int], None, Plan]:
    """plan_rows, yielding (rows checked, rows) every PROGRESS_EVERY rows: a long import shows progress.
    Rows of units outside the actor's office's network are errors."""
    plan = Plan(rows=len(rows))
    lookups = Lookups([row for _, row in rows], within=scope_of(acting_office(actor)).network)
    planned: set[tuple] = set()
    for done, (number, row) in enumerate(rows):
        if done and done % PROGRESS_EVERY == 0:
            yield done, len(rows)
        errors: list[RowError] = []
        checked = check_row(number, row, lookups, errors)
        if errors:
            plan.errors.extend(errors)
            continue
        year = lookups.calendar.year_of(checked.published_on)
        if year != lookups.this_year:
            plan.other_years.setdefault(year, []).append(number)
        key = (checked.title, checked.unit_id)
        placement = NewPlacement(outlet_id=checked.outlet_id, column_id=checked.column_id,
                                 published_on=checked.published_on, page=checked.page,
                                 prominence=checked.prominence, url=checked.url)
        existing = lookups.contributions.get(key)
        if existing is not None:
            contribution_id, state = existing
            if state not in PLACEABLE:
                plan.errors.append(RowError(number, "标题", checked.title,
                                            "这篇稿件在系统中是“未采用”状态，不能导入用稿记录。"))
                continue
            placement_key = (contribution_id, checked.outlet_id, checked.published_on)
            if placement_key in lookups.placements or placement_key in planned:
                plan.existing_placements += 1
                continue
            placement.contribution_id = contribution_id
            plan.matched[contribution_id] = checked.title
            plan.states[contribution_id] = state
        else:
            placement_key = (key, checked.outlet_id, checked.published_on)
            if placement_key in planned:
                plan.existing_placements += 1
                continue
            placement.piece = plan.pieces.setdefault(key, NewPiece(
                title=checked.title, genre=checked.genre, credited_unit_id=checked.unit_id,
                author_ids=checked.author_ids))
        plan.placements.append(placement)
        planned.add(placement_key)
    return plan
