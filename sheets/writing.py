"""Writing spreadsheets that offices open in Excel, WPS and LibreOffice, and print.

One writer for every file the product produces: bold frozen headers, column widths that fit
Chinese text, native numbers and dates, text that no spreadsheet will run as a formula, thin
borders, and a page set up for A4 (landscape when the sheet is wider than a portrait page, all
columns on one page width, the header row repeated, the sheet's title in the page header and page
numbers in the footer). Row 1 stays the column header, so programs still read the sheet.
"""

import unicodedata
from collections.abc import Iterable
from copy import copy
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

POINTS_FORMAT = "0.00"
PERCENT_FORMAT = "0.00%"
DATE_FORMAT = "yyyy-mm-dd"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60
# Column widths (in characters) that fit across an A4 page in portrait at a readable scale.
PORTRAIT_WIDTH = 100
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


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


def header_text(text: str) -> str:
    """Text for a printed page header or footer, where & starts a code."""
    return text.replace("&", "&&")


class SheetWriter:
    """One sheet of a write-only workbook: the header row first, then rows of values."""

    def __init__(self, book: Workbook, title: str, headers: list[str], widths: list[int], *, print_title: str = ""):
        self.sheet = book.create_sheet(title)
        self.sheet.freeze_panes = "A2"
        self.columns = len(headers)
        self.rows = 1
        self._styles = {}
        self.column_widths = [min(MAX_WIDTH, max(width, display_width(header)) + 2)
                              for header, width in zip(headers, widths)]
        for index, width in enumerate(self.column_widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self._set_up_printing(print_title or title)
        bold = Font(bold=True)
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(self.sheet, value=header)
            cell.font = bold
            cell.alignment = Alignment(horizontal="center")
            cell.border = BORDER
            header_cells.append(cell)
        self.sheet.append(header_cells)

    def _set_up_printing(self, title: str) -> None:
        sheet = self.sheet
        sheet.page_setup.paperSize = 9  # A4
        sheet.page_setup.orientation = "landscape" if sum(self.column_widths) > PORTRAIT_WIDTH else "portrait"
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
        sheet.print_title_rows = "1:1"
        sheet.print_options.horizontalCentered = True
        sheet.page_margins.top = sheet.page_margins.bottom = 0.8
        sheet.oddHeader.center.text = header_text(title)
        sheet.oddHeader.center.size = 12
        sheet.oddFooter.center.text = "第 &P 页，共 &N 页"

    def cell(self, value, number_format: str | None = None):
        """A cell that needs more than a plain value: a number format, or text kept from becoming a formula."""
        cell = WriteOnlyCell(self.sheet)
        # A copy of a styled cell's style array: registering a style for every cell made the
        # year-end workbook 3× slower than writing plain values (openpyxl's own copy does the same).
        cell._style = copy(self._style(number_format))
        cell.value = value
        if is_formula_like(value):
            cell.data_type = "s"  # text, never a formula, whatever it starts with
        return cell

    def _style(self, number_format: str | None):
        if number_format not in self._styles:
            model = WriteOnlyCell(self.sheet)
            if number_format:
                model.number_format = number_format
            self._styles[number_format] = model._style
        return self._styles[number_format]

    def append(self, cells: list) -> None:
        self.sheet.append(cells)
        self.rows += 1

    def append_values(self, values: list, formats: dict[int, str] | None = None) -> None:
        """Plain values go in as they are (openpyxl's fast path); only formatted cells and text that
        looks like a formula become styled cells."""
        formats = formats or {}
        self.append([
            self.cell(value, formats.get(index)) if index in formats or is_formula_like(value) else value
            for index, value in enumerate(values)
        ])

    def finish(self) -> None:
        table = f"A1:{get_column_letter(self.columns)}{self.rows}"
        self.sheet.print_area = table
        # The table's rules: one conditional format over the whole range rather than a border on each
        # of a few hundred thousand cells (Excel, WPS and LibreOffice show and print it alike).
        self.sheet.conditional_formatting.add(
            table, Rule(type="expression", formula=["TRUE"], dxf=DifferentialStyle(border=BORDER)))


class PrintedWorkbook:
    """A write-only workbook whose sheets are all set up for printing before it is saved."""

    def __init__(self, title: str = ""):
        self.book = Workbook(write_only=True)
        self.title = title  # e.g. "2024年度人大宣传工作统计", before " · " and the sheet's name
        self.sheets: list[SheetWriter] = []

    def add_sheet(self, name: str, headers: list[str], widths: list[int], *, subtitle: str = "") -> SheetWriter:
        print_title = " · ".join(part for part in [self.title, name, subtitle] if part)
        sheet = SheetWriter(self.book, name, headers, widths, print_title=print_title)
        self.sheets.append(sheet)
        return sheet

    def save(self, target: BinaryIO | str) -> None:
        for sheet in self.sheets:
            sheet.finish()
        self.book.save(target)
