"""A checked file's errors as a workbook: its own rows that are wrong, as they were written, each
with what is wrong with it, so the office fixes the file it has rather than a list it must map back."""

from sheets.reading import cell_text, read_sheet
from sheets.writing import PrintedWorkbook

from .checking import RowError, plan_rows
from .columns import HEADERS
from .export import WIDTHS
from .importing import rows_by_header


def explained(error: RowError) -> str:
    where = f"“{error.column}”列" if error.column else ""
    hint = f"（是否是“{error.suggestion}”？）" if error.suggestion else ""
    value = f"“{error.value}”" if error.value and error.value not in error.message else ""
    return f"{where}{value}{error.message}{hint}"


def write_error_workbook(*, name: str, data: bytes, target, actor=None) -> int:
    """Check the file again (the database may have changed since) and write its wrong rows.
    Returns the number of rows written."""
    headers, body = read_sheet(name, data, expected=HEADERS)
    rows = rows_by_header(headers, body)
    plan = plan_rows(rows, actor=actor)
    problems: dict[int, list[str]] = {}
    for error in plan.errors:
        problems.setdefault(error.row, []).append(explained(error))
    book = PrintedWorkbook(f"导入错误清单 · {name}")
    sheet = book.add_sheet("错误清单", ["原行号", *HEADERS, "错误说明"], [8, *WIDTHS, 60])
    for number, row in rows:
        if number in problems:
            sheet.append_values([number, *(cell_text(row[header]) for header in HEADERS), "；".join(problems[number])])
    book.save(target)
    return len(problems)
