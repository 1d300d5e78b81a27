"""An import is all or nothing: every row is checked first, and if any row is wrong nothing is
saved. Importing the same file twice adds nothing the second time."""

from collections.abc import Generator
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from sheets.reading import read_sheet

from ..calendar import appraisal_calendar
from ..models import hold_write_lock
from .checking import Plan, RowError, plan_rows_stepwise, run_steps
from .columns import HEADERS
from .saving import save_plan

# How the import page names a group of errors of one kind, given how many different values it has.
GROUP_TITLES = {
    "unknown_person": "系统中没有这些通讯员（{n} 位）",
    "unknown_outlet": "系统中没有这些媒体（{n} 个）",
    "unknown_unit": "系统中没有这些单位（{n} 个）",
    "ambiguous_person": "这些姓名有多位同名通讯员，无法确定是哪一位（{n} 个）",
}


@dataclass
class ErrorValue:
    value: str
    rows: list[int]
    suggestion: str = ""
    written: str = ""  # how the page lists it, when not by value

    @property
    def line(self) -> str:
        return self.written or f"“{self.value}”（第 {'、'.join(map(str, self.rows))} 行）"


@dataclass
class ErrorGroup:
    """Errors of one cause: offices fix a file by kind of mistake, not row by row."""

    title: str
    count: int  # errors in the group
    values: list[ErrorValue]
    by_value: bool  # one line per distinct value (a name to add) rather than per row


def group_errors(errors: list[RowError]) -> list[ErrorGroup]:
    groups: dict[tuple, list[RowError]] = {}
    for error in errors:
        key = (error.kind,) if error.kind in GROUP_TITLES or error.kind == "formula" else (error.column, error.message)
        groups.setdefault(key, []).append(error)
    result = []
    for key, members in groups.items():
        kind = members[0].kind
        if kind in GROUP_TITLES:
            values: dict[str, ErrorValue] = {}
            for error in members:
                entry = values.setdefault(error.value, ErrorValue(error.value, [], error.suggestion))
                entry.rows.append(error.row)
            title = GROUP_TITLES[kind].format(n=len(values))
            result.append(ErrorGroup(title, len(members), list(values.values()), True))
            continue
        if kind == "formula":
            title = f"这些单元格是公式，请改成文字（{len(members)} 处）"
            rows = [ErrorValue(e.value, [e.row], written=f"第 {e.row} 行“{e.column}”列：{e.value}") for e in members]
        else:
            title = f"“{members[0].column}”列：{members[0].message}（{len(members)} 处）" if members[0].column \
                else f"{members[0].message}（{len(members)} 处）"
            rows = [ErrorValue(e.value, [e.row], written=f"第 {e.row} 行：“{e.value}”" if e.value else f"第 {e.row} 行（空）")
                    for e in members]
        result.append(ErrorGroup(title, len(members), rows, False))
    return sorted(result, key=lambda group: -group.count)


@dataclass
class ImportReport:
    rows: int = 0
    new_contributions: int = 0
    matched_contributions: list[str] = field(default_factory=list)
    new_placements: int = 0
    existing_placements: int = 0
    errors: list[RowError] = field(default_factory=list)
    other_years: dict[int, list[int]] = field(default_factory=dict)
    saved: bool = False

    @classmethod
    def of(cls, plan: Plan) -> "ImportReport":
        return cls(rows=plan.rows, new_contributions=len(plan.pieces),
                   matched_contributions=list(plan.matched.values()), new_placements=len(plan.placements),
                   existing_placements=plan.existing_placements, errors=list(plan.errors),
                   other_years=dict(plan.other_years))

    def error_groups(self) -> list[ErrorGroup]:
        return group_errors(self.errors)

    def warnings(self) -> list[str]:
        """What a dry run points out without refusing: rows dated in another year than this one."""
        if not self.other_years:
            return []
        this_year = appraisal_calendar().this_year()
        count = sum(len(rows) for rows in self.other_years.values())
        years = "、".join(f"{year} 年度 {len(rows)} 行" for year, rows in sorted(self.other_years.items()))
        first = sorted(row for rows in self.other_years.values() for row in rows)[:20]
        more = "等" if count > len(first) else ""
        return [f"有 {count} 行的刊发日期不在本年度（{this_year} 年度）：{years}（第 {'、'.join(map(str, first))} 行{more}）。"
                "请确认日期无误；这些用稿计入各自年度的统计。"]

    def summary(self) -> str:
        return (
            f"共 {self.rows} 行：新建稿件 {self.new_contributions} 篇，匹配已有稿件 {len(self.matched_contributions)} 篇，"
            f"新增用稿记录 {self.new_placements} 条，已存在而跳过 {self.existing_placements} 条。"
        )


def rows_by_header(headers: list[str], body: list[tuple[int, list]]) -> list[tuple[int, dict]]:
    index = {header: headers.index(header) for header in HEADERS}
    return [
        (number, {header: values[index[header]] if index[header] < len(values) else None for header in HEADERS})
        for number, values in body
    ]


@dataclass
class Progress:
    """How far a running import is, for the page that shows it."""

    done: int
    total: int
    stage: str  # "checking" or "saving"


def import_placements(*, name: str, data: bytes, actor: User | None, dry_run: bool = False) -> ImportReport:
    """Check every row, then save all of them or none. Raises SheetError for an unreadable file.

    The rows are matched against the database inside the transaction that writes them, so what
    was checked is what is written."""
    return run_steps(import_placements_stepwise(name=name, data=data, actor=actor, dry_run=dry_run))


def read_placement_file(*, name: str, data: bytes) -> list[tuple[int, dict]]:
    """The file's rows by header. Raises SheetError (wrong type, too big, too many rows, bad headers).
    Always called before any transaction opens: a slow or hostile file never holds the write lock."""
    headers, body = read_sheet(name, data, expected=HEADERS)
    return rows_by_header(headers, body)


def import_placements_stepwise(*, name: str, data: bytes, actor: User | None,
                               dry_run: bool = False) -> Generator[Progress, None, ImportReport]:
    """import_placements, yielding its Progress as it goes (the whole of it is one transaction; a
    caller that stops iterating half-way rolls it back)."""
    rows = read_placement_file(name=name, data=data)
    return (yield from import_rows_stepwise(rows=rows, actor=actor, dry_run=dry_run))


def import_rows_stepwise(*, rows: list[tuple[int, dict]], actor: User | None,
                         dry_run: bool = False) -> Generator[Progress, None, ImportReport]:
    """Check the rows read from a file, then save all of them or none, in one transaction."""
    if dry_run:
        plan = yield from _checking(plan_rows_stepwise(rows, actor=actor))
        return ImportReport.of(plan)
    report = ImportReport(rows=len(rows))
    try:
        with transaction.atomic():
            # One import at a time, and no year closed meanwhile: the rows are matched against what
            # the previous import committed, so the same file twice adds nothing the second time.
            hold_write_lock()
            plan = yield from _checking(plan_rows_stepwise(rows, actor=actor))
            report = ImportReport.of(plan)
            if report.errors or not plan.placements:
                return report
            yield Progress(len(plan.placements), len(plan.placements), "saving")
            save_plan(plan, actor=actor)
    except ValidationError as error:  # something changed between the check and the save
        report.errors.append(RowError(0, "", "", "；".join(error.messages)))
        return report
    report.saved = True
    return report


def _checking(steps):
    while True:
        try:
            done, total = next(steps)
        except StopIteration as finished:
            return finished.value
        yield Progress(done, total, "checking")
