"""An import is all or nothing: every row is checked first, and if any row is wrong nothing is
saved. Importing the same file twice adds nothing the second time."""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from sheets.reading import read_sheet

from ..models import hold_write_lock
from .checking import Plan, RowError, plan_rows
from .columns import HEADERS
from .saving import save_plan


@dataclass
class ImportReport:
    rows: int = 0
    new_contributions: int = 0
    matched_contributions: list[str] = field(default_factory=list)
    new_placements: int = 0
    existing_placements: int = 0
    errors: list[RowError] = field(default_factory=list)
    saved: bool = False

    @classmethod
    def of(cls, plan: Plan) -> "ImportReport":
        return cls(rows=plan.rows, new_contributions=len(plan.pieces),
                   matched_contributions=list(plan.matched.values()), new_placements=len(plan.placements),
                   existing_placements=plan.existing_placements, errors=list(plan.errors))

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


def import_placements(*, name: str, data: bytes, actor: User | None, dry_run: bool = False) -> ImportReport:
    """Check every row, then save all of them or none. Raises SheetError for an unreadable file.

    The rows are matched against the database inside the transaction that writes them, so what
    was checked is what is written."""
    headers, body = read_sheet(name, data, expected=HEADERS)
    rows = rows_by_header(headers, body)
    if dry_run:
        return ImportReport.of(plan_rows(rows))
    report = ImportReport(rows=len(rows))
    try:
        with transaction.atomic():
            # One import at a time, and no year closed meanwhile: the rows are matched against what
            # the previous import committed, so the same file twice adds nothing the second time.
            hold_write_lock()
            plan = plan_rows(rows)
            report = ImportReport.of(plan)
            if report.errors or not plan.placements:
                return report
            save_plan(plan, actor=actor)
    except ValidationError as error:  # something changed between the check and the save
        report.errors.append(RowError(0, "", "", "；".join(error.messages)))
        return report
    report.saved = True
    return report
