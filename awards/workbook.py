"""The year-end workbook: the four sheets whose names and headers the specification fixes, then the
county roll-up; and the monthly bulletin's workbook.

Written with openpyxl in write-only mode, so memory stays bounded however many placements the
year has; cells, borders and the printed page come from sheets.writing.
"""

from typing import BinaryIO

from django.utils import timezone

from planning.progress import completion_in
from sheets.writing import (
    DATE_FORMAT,
    PERCENT_FORMAT,
    POINTS_FORMAT,
    PrintedWorkbook,
    measured_widths,
)

from .rewards import reward_table
from .scoring import POINTS_SCALE, SHARED_POINTS_SCALE
from .selectors import (
    PlacementDetail,
    TallyRow,
    award_rows,
    placement_details,
    total_row,
    year_tallies,
)
from .years import Year

UNIT_HEADERS = ["排名", "单位", "稿件", "国家级", "省级", "市级", "县级", "内部刊物", "合计", "积分", "任务数", "完成率"]
PEOPLE_HEADERS = ["排名", "姓名", "单位", "小组", "稿件", "国家级", "省级", "市级", "县级", "内部刊物", "合计", "积分",
                  "任务数", "完成率"]
PEOPLE_TOTAL = "合计（人次）"  # a co-written piece counts once for each of its authors
AWARD_HEADERS = ["奖项", "等次", "获奖对象", "单位", "说明"]
DETAIL_HEADERS = ["刊发日期", "标题", "作者", "单位", "体裁", "媒体", "级别", "栏目", "版面", "位置", "积分", "领导批示"]
UNIT_SHEET, PEOPLE_SHEET, AWARD_SHEET, DETAIL_SHEET = "单位汇总", "个人汇总", "获奖名单", "用稿明细"
COUNTY_SHEET = "县市区汇总（含乡镇）"
ASSIGNMENT_SHEET = "约稿完成情况"
REWARD_SHEET = "奖励发放表"
REWARD_HEADERS = ["姓名/单位", "积分", "积分奖励", "获奖奖励", "合计（元）", "签领"]
MONEY_FORMAT = "#,##0.00"
ASSIGNMENT_HEADERS = ["单位", "约稿", "按时交稿", "逾期交稿", "逾期未交", "未到期", "按时率"]
# Detail widths are fixed rather than measured: the rows stream past once and cannot be read twice.
DETAIL_WIDTHS = [10, 44, 14, 20, 8, 18, 8, 12, 8, 8, 6, 8]
DETAIL_FORMATS = {0: DATE_FORMAT, 10: POINTS_FORMAT}


def default_filename(year: int, office: str = "") -> str:
    """人大宣传年度统计-2025.xlsx; an office below the top one is named: 人大宣传年度统计-枝江市人大常委会办公室-2025.xlsx."""
    return f"人大宣传年度统计-{office + '-' if office else ''}{year}.xlsx"


def own_name(year: Year) -> str:
    """The office's name on its papers; empty for the top office (whose papers stay as they were)."""
    return "" if year.scope.network is None else year.scope.name


def year_title(year: Year) -> str:
    return f"{own_name(year)}{year.number}年度人大宣传工作统计"


def target_measure(rules) -> str:
    """What a year's targets (任务数) count: what the year counts, placements in 累计 years, pieces in 不累计."""
    return "稿件篇数" if rules.best_only else "用稿次数"


def counted(pieces: int, placements: int) -> str:
    """Pieces and placements are different numbers: say which is which."""
    return f"稿件 {pieces} 篇（用稿 {placements} 次）"


def _points(value) -> float:
    # Exact to the cent already; Excel stores numbers as doubles, which hold two decimals exactly enough.
    return float(value)


def _completion(row: TallyRow) -> float | None:
    return None if row.completion is None else float(row.completion)


def _counts(row: TallyRow) -> list:
    return [row.pieces, row.national, row.provincial, row.municipal, row.county, row.internal, row.total]


def write_unit_sheet(book: PrintedWorkbook, units: list[TallyRow], name: str = UNIT_SHEET) -> None:
    values = [[u.rank, u.name, *_counts(u), _points(u.points), u.target or None, _completion(u)] for u in units]
    total = total_row(units, POINTS_SCALE)
    values.append([None, total.name, *_counts(total), _points(total.points), None, None])
    sheet = book.add_sheet(name, UNIT_HEADERS, measured_widths(values, len(UNIT_HEADERS)),
                           subtitle=counted(total.pieces, total.total))
    for row in values:
        sheet.append_values(row, {9: POINTS_FORMAT, 11: PERCENT_FORMAT})


def write_people_sheet(book: PrintedWorkbook, people: list[TallyRow]) -> None:
    values = [[p.rank, p.name, p.unit, p.team, *_counts(p), _points(p.points), p.target, _completion(p)]
              for p in people]
    total = total_row(people, SHARED_POINTS_SCALE, PEOPLE_TOTAL)
    values.append([None, total.name, None, None, *_counts(total), _points(total.points), None, None])
    sheet = book.add_sheet(PEOPLE_SHEET, PEOPLE_HEADERS, measured_widths(values, len(PEOPLE_HEADERS)))
    for row in values:
        sheet.append_values(row, {11: POINTS_FORMAT, 13: PERCENT_FORMAT})


def write_award_sheet(book: PrintedWorkbook, year: Year) -> None:
    rows = [row.as_json() for row in award_rows(year)]
    sheet = book.add_sheet(AWARD_SHEET, AWARD_HEADERS, measured_widths(rows, len(AWARD_HEADERS)))
    for row in rows:
        sheet.append_values(row)


def _detail_values(detail: PlacementDetail) -> list:
    return [detail.published_on, detail.title, detail.authors, detail.unit, detail.genre, detail.outlet,
            detail.level, detail.column, detail.page, detail.prominence, _points(detail.points), detail.instruction]


def write_detail_sheet(book: PrintedWorkbook, details, name: str = DETAIL_SHEET) -> int:
    sheet = book.add_sheet(name, DETAIL_HEADERS, DETAIL_WIDTHS)
    count = 0
    for detail in details:
        sheet.append_values(_detail_values(detail), DETAIL_FORMATS)
        count += 1
    return count


def write_year_workbook(year: Year, target: BinaryIO | str) -> None:
    """Write the year-end workbook of `year` to a path or a binary file object."""
    book = PrintedWorkbook(year_title(year))
    tallies = year_tallies(year)
    write_unit_sheet(book, tallies.units)
    write_people_sheet(book, tallies.people)
    write_award_sheet(book, year)
    write_detail_sheet(book, placement_details(year))
    write_unit_sheet(book, tallies.counties, COUNTY_SHEET)
    write_assignment_sheet(book, year)
    write_reward_sheet(book, year)
    book.save(target)


def reward_note(table) -> str:
    """The 奖励标准 in one line, for the sheet's and the PDF's subtitle."""
    rules = table.rules
    if rules is None:
        return "本年度未设奖励标准"
    parts = [f"个人每分 {rules.per_point_person} 元", f"单位每分 {rules.per_point_unit} 元"]
    if rules.person_cap is not None:
        parts.append(f"个人上限 {rules.person_cap} 元（标 * 者按上限发放）")
    return "，".join(parts)


def write_reward_sheet(book: PrintedWorkbook, year: Year) -> None:
    """奖励发放表: people, then units, each with its money and an empty 签领 cell for the signature."""
    table = reward_table(year)
    values = [["个人", None, None, None, None, None]]
    values += [[f"{line.name}（{line.unit}）{' *' if line.capped else ''}", _points(line.points),
                float(line.for_points), float(line.for_awards), float(line.total), None] for line in table.people]
    values += [["单位", None, None, None, None, None]]
    values += [[line.name, _points(line.points), float(line.for_points), float(line.for_awards), float(line.total), None]
               for line in table.units]
    values.append(["合计", None, None, None, float(table.total), None])
    widths = measured_widths(values, len(REWARD_HEADERS))
    widths[-1] = 16  # room to sign
    sheet = book.add_sheet(REWARD_SHEET, REWARD_HEADERS, widths, subtitle=reward_note(table))
    for row in values:
        sheet.append_values(row, {1: POINTS_FORMAT, 2: MONEY_FORMAT, 3: MONEY_FORMAT, 4: MONEY_FORMAT})


def write_assignment_sheet(book: PrintedWorkbook, year: Year) -> None:
    """Commissioned pieces due in the year, by unit: assigned, delivered on time, late, missing."""
    today = timezone.localdate()
    rows = completion_in(year.start, year.end, today, office=year.scope.office_id)
    values = [[row["name"], row["assigned"], row["on_time"], row["late"], row["missing"], row["waiting"],
               row["on_time"] / (row["assigned"] - row["waiting"]) if row["assigned"] > row["waiting"] else None]
              for row in rows]
    sheet = book.add_sheet(ASSIGNMENT_SHEET, ASSIGNMENT_HEADERS, measured_widths(values, len(ASSIGNMENT_HEADERS)),
                           subtitle=f"截至{today:%Y年%m月%d日}")
    for row in values:
        sheet.append_values(row, {6: PERCENT_FORMAT})


BULLETIN_UNIT_SHEET = "各单位用稿"
BULLETIN_NOTABLE_SHEET = "国家级省级用稿"


def write_bulletin_workbook(target: BinaryIO | str, *, title: str, units: list[TallyRow], notable: list) -> None:
    """The monthly bulletin: each unit's placements by level with the month's ranking, and the
    pieces placed at national and provincial level."""
    book = PrintedWorkbook(title)
    write_unit_sheet(book, units, BULLETIN_UNIT_SHEET)
    write_detail_sheet(book, notable, BULLETIN_NOTABLE_SHEET)
    book.save(target)
