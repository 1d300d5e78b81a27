"""The year-end workbook: four sheets whose names and headers the specification fixes.

Written with openpyxl in write-only mode, so memory stays bounded however many placements the
year has. Text that a spreadsheet could take for a formula is written as a plain string cell.
"""

import unicodedata
from collections.abc import Iterable
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .models import AppraisalYear
from .selectors import TallyRow, placement_details, year_tallies

UNIT_SHEET = ("单位汇总", ["排名", "单位", "国家级", "省级", "市级", "县级", "合计", "积分"])
PEOPLE_SHEET = ("个人汇总", ["排名", "姓名", "单位", "小组", "国家级", "省级", "市级", "县级", "合计", "积分", "任务数", "完成率"])
AWARD_SHEET = ("获奖名单", ["奖项", "等次", "获奖对象", "单位", "说明"])
DETAIL_SHEET = ("用稿明细", ["刊发日期", "标题", "作者", "单位", "体裁", "媒体", "级别", "栏目", "版面", "位置", "积分"])

POINTS_FORMAT = "0.00"
PERCENT_FORMAT = "0.00%"
DATE_FORMAT = "yyyy-mm-dd"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60


def default_filename(year: int) -> str:
    return f"人大宣传年度统计-{year}.xlsx"


def display_width(text: str) -> int:
    """Columns a text needs: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class SheetWriter:
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
        formula_like = isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)
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


def _widths(rows: Iterable[list], count: int) -> list[int]:
    widths = [0] * count
    for row in rows:
        for index, value in enumerate(row):
            if isinstance(value, str):
                widths[index] = max(widths[index], display_width(value))
            elif value is not None:
                widths[index] = max(widths[index], len(str(value)))
    return widths


def _points(value) -> float:
    # Exact to the cent already; Excel stores numbers as doubles, which hold two decimals exactly enough.
    return float(value)


def write_unit_sheet(book: Workbook, units: list[TallyRow], title: str = UNIT_SHEET[0]) -> None:
    headers = UNIT_SHEET[1]
    values = [[u.rank, u.name, u.national, u.provincial, u.municipal, u.county, u.total, u.points] for u in units]
    sheet = SheetWriter(book, title, headers, _widths(values, len(headers)))
    for row in values:
        sheet.append([sheet.cell(v) for v in row[:7]] + [sheet.cell(_points(row[7]), POINTS_FORMAT)])


def write_people_sheet(book: Workbook, people: list[TallyRow]) -> None:
    title, headers = PEOPLE_SHEET
    values = [
        [p.rank, p.name, p.unit, p.team, p.national, p.provincial, p.municipal, p.county, p.total,
         p.points, p.quota, p.completion]
        for p in people
    ]
    sheet = SheetWriter(book, title, headers, _widths(values, len(headers)))
    for row in values:
        cells = [sheet.cell(v) for v in row[:9]]
        cells.append(sheet.cell(_points(row[9]), POINTS_FORMAT))
        cells.append(sheet.cell(row[10]))
        cells.append(sheet.cell(None if row[11] is None else float(row[11]), PERCENT_FORMAT))
        sheet.append(cells)


def award_rows(appraisal_year: AppraisalYear | None) -> list[list]:
    if appraisal_year is None:
        return []
    awards = appraisal_year.awards.select_related(
        "unit", "correspondent__unit", "contribution__credited_unit"
    ).order_by("category", "grade", "id")
    rows = []
    for award in awards:
        if award.unit:
            recipient, unit = award.unit.name, award.unit.name
        elif award.correspondent:
            recipient, unit = award.correspondent.name, award.correspondent.unit.name
        else:
            recipient, unit = award.contribution.title, award.contribution.credited_unit.name
        rows.append([award.get_category_display(), award.get_grade_display() if award.grade else "",
                     recipient, unit, award.citation])
    return rows


def write_award_sheet(book: Workbook, appraisal_year: AppraisalYear | None) -> None:
    title, headers = AWARD_SHEET
    rows = award_rows(appraisal_year)
    sheet = SheetWriter(book, title, headers, _widths(rows, len(headers)))
    for row in rows:
        sheet.append([sheet.cell(v) for v in row])


# Detail widths are fixed rather than measured: the rows stream past once and cannot be read twice.
DETAIL_WIDTHS = [10, 50, 16, 24, 8, 20, 6, 14, 10, 8, 6]


def write_detail_sheet(book: Workbook, year: int) -> int:
    title, headers = DETAIL_SHEET
    sheet = SheetWriter(book, title, headers, DETAIL_WIDTHS)
    count = 0
    for detail in placement_details(year):
        sheet.append(_detail_cells(sheet, detail))
        count += 1
    return count


def _detail_cells(sheet: SheetWriter, d) -> list:
    return [
        sheet.cell(d.published_on, DATE_FORMAT), sheet.cell(d.title), sheet.cell(d.authors),
        sheet.cell(d.unit), sheet.cell(d.genre), sheet.cell(d.outlet), sheet.cell(d.level),
        sheet.cell(d.column), sheet.cell(d.page), sheet.cell(d.prominence),
        sheet.cell(_points(d.points), POINTS_FORMAT),
    ]


def write_year_workbook(year: int, target: BinaryIO | str) -> None:
    """Write the year-end workbook of `year` to a path or a binary file object."""
    book = Workbook(write_only=True)
    tallies = year_tallies(year)
    write_unit_sheet(book, tallies.units)
    write_people_sheet(book, tallies.people)
    write_award_sheet(book, AppraisalYear.objects.filter(year=year).first())
    write_detail_sheet(book, year)
    book.save(target)




BULLETIN_UNIT_SHEET = ("各单位用稿", UNIT_SHEET[1])
BULLETIN_NOTABLE_SHEET = ("国家级省级用稿", DETAIL_SHEET[1])


def write_bulletin_workbook(target: BinaryIO | str, *, units: list[TallyRow], notable: list) -> None:
    """The monthly bulletin: each unit's placements by level with the month's ranking, and the
    pieces placed at national and provincial level."""
    book = Workbook(write_only=True)
    write_unit_sheet(book, units, BULLETIN_UNIT_SHEET[0])
    title, headers = BULLETIN_NOTABLE_SHEET
    sheet = SheetWriter(book, title, headers, DETAIL_WIDTHS)
    for detail in notable:
        sheet.append(_detail_cells(sheet, detail))
    book.save(target)
