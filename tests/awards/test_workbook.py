import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command

from awards.models import Award
from awards.services import appraisal_year_get_or_create
from awards.workbook import write_year_workbook
from awards.years import resolve_year
from tests.factories import ContributionFactory, PlacementFactory

from . import worked_example
from .worked_example import EXPECTED_PEOPLE, EXPECTED_UNITS

pytestmark = pytest.mark.django_db

SHEETS = {
    "单位汇总": ["排名", "单位", "稿件", "国家级", "省级", "市级", "县级", "内部刊物", "合计", "积分", "任务数", "完成率"],
    "个人汇总": ["排名", "姓名", "单位", "小组", "稿件", "国家级", "省级", "市级", "县级", "内部刊物", "合计", "积分",
                 "任务数", "完成率"],
    "获奖名单": ["奖项", "等次", "获奖对象", "单位", "说明"],
    "用稿明细": ["刊发日期", "标题", "作者", "单位", "体裁", "媒体", "级别", "栏目", "版面", "位置", "积分", "领导批示"],
    "县市区汇总（含乡镇）": ["排名", "单位", "稿件", "国家级", "省级", "市级", "县级", "内部刊物", "合计", "积分", "任务数",
                           "完成率"],
    "约稿完成情况": ["单位", "约稿", "按时交稿", "逾期交稿", "逾期未交", "未到期", "按时率"],
    "奖励发放表": ["姓名/单位", "积分", "积分奖励", "获奖奖励", "合计（元）", "签领"],
}


def workbook(year=2025) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    write_year_workbook(resolve_year(year), buffer)
    buffer.seek(0)
    return openpyxl.load_workbook(buffer)


def test_the_workbook_has_the_four_sheets_in_order_with_exact_bold_frozen_headers():
    worked_example.build()
    book = workbook()
    assert book.sheetnames == list(SHEETS)
    for name, headers in SHEETS.items():
        sheet = book[name]
        assert [cell.value for cell in sheet[1]] == headers
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"


def test_the_unit_and_people_sheets_carry_the_hand_computed_numbers_as_numbers():
    worked_example.build()
    book = workbook()
    units = [list(row) for row in book["单位汇总"].iter_rows(min_row=2, values_only=True)]
    assert units[:-1] == [[rank, name, pieces, n, p, m, k, internal, total, float(points), None, None]
                          for name, n, p, m, k, internal, total, pieces, points, rank in EXPECTED_UNITS]
    # The foot: 6 pieces (X1–X6), N1 P3 M3 K3, 10 placements, 36 + 19 = 55.00 points.
    assert units[-1] == [None, "合计", 6, 1, 3, 3, 3, 0, 10, 55.0, None, None]
    people_sheet = book["个人汇总"]
    people = [list(row) for row in people_sheet.iter_rows(min_row=2, values_only=True)]
    assert people[:-1] == [
        [rank, name, unit, None, pieces, n, p, m, k, internal, total, float(points), quota,
         None if done is None else float(done)]
        for name, unit, n, p, m, k, internal, total, pieces, points, quota, done, rank in EXPECTED_PEOPLE
    ]
    # By person: a co-written piece counts for each author (9 = 3 + 3 + 3 pieces; 16 placements);
    # the points add up to the units' 55.00 because the shares of every piece add up to 1.
    assert people[-1] == [None, "合计（人次）", None, None, 9, 1, 6, 5, 4, 0, 16, 55.0, None, None]
    assert people_sheet["L2"].number_format == "0.00"
    assert people_sheet["N2"].number_format == "0.00%"
    assert people_sheet["N2"].data_type == "n"
    assert people_sheet["N3"].value is None  # quota 0 leaves the completion blank


def test_the_detail_sheet_has_real_dates_and_the_points_of_each_placement():
    worked_example.build()
    sheet = workbook()["用稿明细"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 10
    first = rows[0]
    assert first[0] == datetime.datetime(2025, 1, 1)
    assert sheet["A2"].is_date and sheet["A2"].number_format == "yyyy-mm-dd"
    # The whole table is ruled for printing, the header as much as the last row: one conditional
    # format over the range (a border on every cell tripled the time to write the workbook).
    (ruled,) = [rules for rules in sheet.conditional_formatting if str(rules.sqref) == "A1:L11"]
    (rule,) = ruled.rules
    assert rule.formula == ["TRUE"] and rule.dxf.border.left.style == rule.dxf.border.bottom.style == "thin"
    assert sheet["A1"].border.bottom.style == "thin"
    assert first[1:] == ("稿件X1", "王丽华", "枝江市人大常委会", "消息", "中国人大网", "国家级", None, "第1版", "头版头条", 20,
                         None)
    assert sum(Decimal(str(row[10])) for row in rows) == Decimal("55.00")


def test_the_award_sheet_lists_the_years_awards():
    data = worked_example.build()
    year = appraisal_year_get_or_create(year=2025)
    Award.objects.create(appraisal_year=year, category=Award.Category.ADVANCED_UNIT, unit=data["units"]["A"],
                         citation="用稿 5 篇")
    Award.objects.create(appraisal_year=year, category=Award.Category.EXCELLENT_PAPER,
                         contribution=data["pieces"]["X2"], grade=Award.Grade.FIRST)
    rows = list(workbook()["获奖名单"].iter_rows(min_row=2, values_only=True))
    assert rows == [
        ("先进单位", None, "枝江市人大常委会", "枝江市人大常委会", "用稿 5 篇"),
        ("优秀论文", "一等奖", "稿件X2", "枝江市人大常委会", None),
    ]


@pytest.mark.parametrize("title", ["=HYPERLINK(\"http://evil\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB"])
def test_formula_like_titles_come_out_as_text(title):
    piece = ContributionFactory(title=title, state="published")
    PlacementFactory(contribution=piece, published_on=datetime.date(2025, 6, 6))
    cell = workbook()["用稿明细"]["B2"]
    assert cell.data_type != "f"
    assert cell.value == title


def test_columns_are_wide_enough_for_chinese_names():
    worked_example.build()
    sheet = workbook()["单位汇总"]
    # "枝江市人大常委会" is 8 wide characters: 16 columns of width.
    assert sheet.column_dimensions["B"].width >= 16


def test_export_tallies_command_writes_the_default_file_name(tmp_path, monkeypatch):
    worked_example.build()
    monkeypatch.chdir(tmp_path)
    call_command("export_tallies", "2025", stdout=io.StringIO())
    assert (tmp_path / "人大宣传年度统计-2025.xlsx").exists()
    target = tmp_path / "out.xlsx"
    call_command("export_tallies", "2025", "-o", str(target), stdout=io.StringIO())
    assert openpyxl.load_workbook(target).sheetnames == list(SHEETS)


def test_export_queries_do_not_grow_with_the_placements(django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(count, start):
        for i in range(count):
            PlacementFactory(published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=(start + i) % 365))

    add(10, 0)
    with CaptureQueriesContext(connection) as ten:
        write_year_workbook(resolve_year(2025), io.BytesIO())
    add(990, 10)
    with django_assert_max_num_queries(len(ten)):
        write_year_workbook(resolve_year(2025), io.BytesIO())


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice（soffice）未安装，跳过用 LibreOffice 打开工作簿的检查。")
def test_libreoffice_opens_the_workbook_and_shows_the_same_numbers(tmp_path):
    worked_example.build()
    path = tmp_path / "year.xlsx"
    write_year_workbook(resolve_year(2025), str(path))
    # CSV of every sheet (-1), UTF-8 (76), cells as shown (so formats count too).
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", csv_filter, "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    units = (tmp_path / "year-单位汇总.csv").read_text(encoding="utf-8").splitlines()
    people = (tmp_path / "year-个人汇总.csv").read_text(encoding="utf-8").splitlines()
    details = (tmp_path / "year-用稿明细.csv").read_text(encoding="utf-8").splitlines()
    assert units[0] == "排名,单位,稿件,国家级,省级,市级,县级,内部刊物,合计,积分,任务数,完成率"
    assert units[1:] == ["1,枝江市人大常委会,3,1,1,1,2,0,5,36.00,,", "2,宜都市人大常委会,3,0,2,2,1,0,5,19.00,,",
                         "3,当阳市人大常委会,0,0,0,0,0,0,0,0.00,,", ",合计,6,1,3,3,3,0,10,55.00,,"]
    assert people[1] == "1,王丽华,枝江市人大常委会,,3,1,2,2,1,0,6,31.96,4,150.00%"
    assert people[2] == "2,陈志强,枝江市人大常委会,,3,0,2,1,2,0,5,11.96,0,"
    assert details[1] == "2025-01-01,稿件X1,王丽华,枝江市人大常委会,消息,中国人大网,国家级,,第1版,头版头条,20.00,"
