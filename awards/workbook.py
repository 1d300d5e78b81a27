"""The year-end workbook: four sheets whose names and headers the specification fixes.

Written with openpyxl in write-only mode, so memory stays bounded however many placements the
year has; the formula-safe cells and column widths come from sheets.writing.
"""

from typing import BinaryIO

from openpyxl import Workbook

from sheets.writing import DATE_FORMAT, PERCENT_FORMAT, POINTS_FORMAT, SheetWriter, measured_widths

from .selectors import PlacementDetail, TallyRow, award_rows, placement_details, year_tallies
from .years import Year

UNIT_SHEET = ("单位汇总", ["排名", "单位", "国家级", "省级", "市级", "县级", "合计", "积分"])
PEOPLE_SHEET = ("个人汇总", ["排名", "姓名", "单位", "小组", "国家级", "省级", "市级", "县级", "合计", "积分", "任务数", "完成率"])
AWARD_SHEET = ("获奖名单", ["奖项", "等次", "获奖对象", "单位", "说明"])
DETAIL_SHEET = ("用稿明细", ["刊发日期", "标题", "作者", "单位", "体裁", "媒体", "级别", "栏目", "版面", "位置", "积分"])
# Detail widths are fixed rather than measured: the rows stream past once and cannot be read twice.
DETAIL_WIDTHS = [10, 50, 16, 24, 8, 20, 6, 14, 10, 8, 6]


def default_filename(year: int) -> str:
    return f"人大宣传年度统计-{year}.xlsx"


def _points(value) -> float:
    # Exact to the cent already; Excel stores numbers as doubles, which hold two decimals exactly enough.
    return float(value)


def write_unit_sheet(book: Workbook, units: list[TallyRow], title: str = UNIT_SHEET[0]) -> None:
    headers = UNIT_SHEET[1]
    values = [[u.rank, u.name, u.national, u.provincial, u.municipal, u.county, u.total, _points(u.points)]
              for u in units]
    sheet = SheetWriter(book, title, headers, measured_widths(values, len(headers)))
    for row in values:
        sheet.append_values(row, {7: POINTS_FORMAT})


def write_people_sheet(book: Workbook, people: list[TallyRow]) -> None:
    title, headers = PEOPLE_SHEET
    values = [
        [p.rank, p.name, p.unit, p.team, p.national, p.provincial, p.municipal, p.county, p.total,
         _points(p.points), p.quota, None if p.completion is None else float(p.completion)]
        for p in people
    ]
    sheet = SheetWriter(book, title, headers, measured_widths(values, len(headers)))
    for row in values:
        sheet.append_values(row, {9: POINTS_FORMAT, 11: PERCENT_FORMAT})


def write_award_sheet(book: Workbook, year: Year) -> None:
    title, headers = AWARD_SHEET
    rows = [row.as_json() for row in award_rows(year)]
    sheet = SheetWriter(book, title, headers, measured_widths(rows, len(headers)))
    for row in rows:
        sheet.append_values(row)


def _detail_values(detail: PlacementDetail) -> list:
    return [detail.published_on, detail.title, detail.authors, detail.unit, detail.genre, detail.outlet,
            detail.level, detail.column, detail.page, detail.prominence, _points(detail.points)]


DETAIL_FORMATS = {0: DATE_FORMAT, 10: POINTS_FORMAT}


def write_detail_sheet(book: Workbook, details, title: str = DETAIL_SHEET[0]) -> int:
    sheet = SheetWriter(book, title, DETAIL_SHEET[1], DETAIL_WIDTHS)
    count = 0
    for detail in details:
        sheet.append_values(_detail_values(detail), DETAIL_FORMATS)
        count += 1
    return count


def write_year_workbook(year: Year, target: BinaryIO | str) -> None:
    """Write the year-end workbook of `year` to a path or a binary file object."""
    book = Workbook(write_only=True)
    tallies = year_tallies(year)
    write_unit_sheet(book, tallies.units)
    write_people_sheet(book, tallies.people)
    write_award_sheet(book, year)
    write_detail_sheet(book, placement_details(year))
    book.save(target)


BULLETIN_UNIT_SHEET = "各单位用稿"
BULLETIN_NOTABLE_SHEET = "国家级省级用稿"


def write_bulletin_workbook(target: BinaryIO | str, *, units: list[TallyRow], notable: list) -> None:
    """The monthly bulletin: each unit's placements by level with the month's ranking, and the
    pieces placed at national and provincial level."""
    book = Workbook(write_only=True)
    write_unit_sheet(book, units, BULLETIN_UNIT_SHEET)
    write_detail_sheet(book, notable, BULLETIN_NOTABLE_SHEET)
    book.save(target)
