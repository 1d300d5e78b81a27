"""Writing spreadsheets that offices open in Excel, WPS and LibreOffice.

One writer for every file the product produces: bold frozen headers, column widths that fit
Chinese text, native numbers and dates, and text that no spreadsheet will run as a formula.
"""

import unicodedata
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

POINTS_FORMAT = "0.00"
PERCENT_FORMAT = "0.00%"
DATE_FORMAT = "yyyy-mm-dd"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60


def display_width(text: str) -> int:
    """Columns a text needs: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def measured_widths(rows: Iterable[list], count: int) -> list[int]:
    widths = [0] * count
    for row in rows:
        for index, value in enumerate(row):
            if isinstance(value, str):
                widths[index] = max(widths[index], display_width(value))
            elif value is not None:
                widths[index] = max(widths[index], len(str(value)))
    return widths


class SheetWriter:
    """One sheet of a write-only workbook: the header row first, then rows of values."""

    def __init__(self, book: Workbook, title: str, headers: list[str], widths: list[int]):
        self.sheet = book.create_sheet(title)
        self.sheet.freeze_panes = "A2"
        for index, (header, width) in enumerate(zip(headers, widths), start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = min(
                MAX_WIDTH, max(width, display_width(header)) + 2
            )
        bold = Font(bold=True)
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(self.sheet, value=header)
            cell.font = bold
            cell.alignment = Alignment(horizontal="center")
            header_cells.append(cell)
        self.sheet.append(header_cells)

    def cell(self, value, number_format: str | None = None):
        formula_like = is_formula_like(value)
        if not formula_like and not number_format:
            return value  # a plain value needs no cell object: most of a big sheet
        cell = WriteOnlyCell(self.sheet, value=value)
        if formula_like:
            cell.data_type = "s"  # text, never a formula, whatever it starts with
        if number_format:
            cell.number_format = number_format
        return cell

    def append(self, cells: list) -> None:
        self.sheet.append(cells)

    def append_values(self, values: list, formats: dict[int, str] | None = None) -> None:
        formats = formats or {}
        self.append([self.cell(value, formats.get(index)) for index, value in enumerate(values)])
