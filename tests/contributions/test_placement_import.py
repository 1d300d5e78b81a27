import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from awards.models import AppraisalYear
from awards.services import appraisal_year_close, appraisal_year_get_or_create
from contributions.models import Contribution, Placement, State, Transition
from contributions.placement_sheets import HEADERS, SheetError, import_placements, write_placements_workbook
from correspondents.models import Correspondent, Unit
from outlets.models import Column, Outlet
from tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    zhijiang = Unit.objects.create(name="枝江市人大常委会")
    yidu = Unit.objects.create(name="宜都市人大常委会")
    people = {
        "王丽华": Correspondent.objects.create(name="王丽华", unit=zhijiang),
        "陈志强": Correspondent.objects.create(name="陈志强", unit=zhijiang),
        "刘海燕": Correspondent.objects.create(name="刘海燕", unit=yidu),
        # Two people of one name in two units: the row's unit decides.
        "张伟@枝江": Correspondent.objects.create(name="张伟", unit=zhijiang),
        "张伟@宜都": Correspondent.objects.create(name="张伟", unit=yidu),
    }
    daily = Outlet.objects.create(name="《三峡日报》", level="municipal", medium="newspaper")
    Column.objects.create(outlet=daily, name="人大论坛")
    Outlet.objects.create(name="湖北人大网", level="provincial", medium="website")
    return {"units": (zhijiang, yidu), "people": people}


def row(title="代表视察民生项目", authors="王丽华", unit="枝江市人大常委会", genre="消息", outlet="《三峡日报》",
        day="2025-03-05", column="", page="第3版", prominence="一般", url=""):
    return [title, authors, unit, genre, outlet, day, column, page, prominence, url]


def xlsx(rows, headers=HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    lines = [",".join(HEADERS)] + [",".join(str(v) for v in values) for values in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def run(data: bytes, name="用稿.xlsx", dry_run=False, actor=None):
    return import_placements(name=name, data=data, actor=actor, dry_run=dry_run)


def test_a_good_file_creates_published_contributions_with_their_placements(city, editor):
    data = xlsx([
        row(),
        row(title="常委会审议报告", authors="王丽华、陈志强", genre="理论文章", outlet="湖北人大网", day="2025/3/6",
            prominence="头版头条", url="https://www.hbrd.gov.cn/1"),
        row(title="常委会审议报告", authors="王丽华、陈志强", genre="理论文章", column="人大论坛", day=datetime.date(2025, 3, 9)),
        row(title="宜都代表小组活动", authors="张伟", unit="宜都市人大常委会", day=datetime.datetime(2025, 4, 1)),
    ])
    report = run(data, actor=editor)
    assert report.errors == []
    assert (report.new_contributions, report.new_placements, report.saved) == (3, 4, True)
    report_piece = Contribution.objects.get(title="常委会审议报告")
    assert (report_piece.state, report_piece.genre, report_piece.credited_unit.name) == ("published", "theory", "枝江市人大常委会")
    assert [str(a.share) for a in report_piece.authorships.order_by("position")] == ["0.50", "0.50"]
    assert report_piece.placements.count() == 2
    assert report_piece.placements.get(outlet__name="《三峡日报》").column.name == "人大论坛"
    assert report_piece.placements.get(outlet__name="湖北人大网").prominence == "headline"
    assert Contribution.objects.get(title="宜都代表小组活动").authorships.get().correspondent == city["people"]["张伟@宜都"]
    transition = Transition.objects.get(contribution=report_piece)
    assert (transition.from_state, transition.to_state, transition.actor) == ("draft", "published", editor)


def test_the_same_file_twice_adds_nothing(city):
    data = xlsx([row(), row(title="第二篇", day="2025-03-06")])
    assert run(data).saved
    counts = (Contribution.objects.count(), Placement.objects.count(), Transition.objects.count())
    second = run(data)
    assert (second.new_contributions, second.new_placements, second.existing_placements) == (0, 0, 2)
    assert (Contribution.objects.count(), Placement.objects.count(), Transition.objects.count()) == counts


def test_a_row_matching_an_existing_contribution_by_title_and_unit_adds_a_placement_and_publishes_it(city):
    accepted = ContributionFactory(title="已采用的稿件", credited_unit=city["units"][0], state=State.ACCEPTED)
    report = run(xlsx([row(title="已采用的稿件")]))
    assert report.saved and report.matched_contributions == ["已采用的稿件"] and report.new_contributions == 0
    accepted.refresh_from_db()
    assert accepted.state == State.PUBLISHED
    assert accepted.placements.count() == 1
    assert Transition.objects.get(contribution=accepted).from_state == State.ACCEPTED


def test_one_bad_row_among_two_hundred_saves_nothing_and_names_the_row_and_column(city):
    rows = [row(title=f"稿件{i}", day=datetime.date(2025, 1, 1) + datetime.timedelta(days=i % 300)) for i in range(201)]
    rows[137][4] = "《不存在的报》"
    report = run(xlsx(rows))
    assert not report.saved
    assert Contribution.objects.count() == 0 and Placement.objects.count() == 0
    assert len(report.errors) == 1
    error = report.errors[0]
    assert (error.row, error.column, error.value) == (139, "媒体", "《不存在的报》")
    assert "第 139 行“媒体”列" in str(error)


@pytest.mark.parametrize(("column", "value", "message"), [
    ("单位", "远方县人大常委会", "没有这个单位"),
    ("媒体", "《远方日报》", "没有这个媒体"),
    ("作者", "查无此人", "没有这位通讯员"),
    ("体裁", "散文", "应为"),
    ("位置", "中缝", "应为"),
    ("刊发日期", "2025年13月40日", "无法识别"),
    ("刊发日期", "上周三", "无法识别"),
    ("标题", "", "不能为空"),
    ("栏目", "不存在的栏目", "没有这个栏目"),
    ("链接", "www.example.com", "http"),
])
def test_each_bad_input_is_reported_and_nothing_is_saved(city, column, value, message):
    values = row()
    values[HEADERS.index(column)] = value
    report = run(xlsx([row(title="好的一行"), values]))
    assert not report.saved and Placement.objects.count() == 0
    assert any(e.row == 3 and e.column == column and message in e.message for e in report.errors), report.errors


def test_a_future_date_is_an_error(city):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    report = run(xlsx([row(day=tomorrow.isoformat())]))
    assert [e.column for e in report.errors] == ["刊发日期"] and "晚于今天" in report.errors[0].message


def test_an_ambiguous_author_outside_the_unit_is_an_error(city):
    Unit.objects.create(name="当阳市人大常委会")
    report = run(xlsx([row(authors="张伟", unit="当阳市人大常委会")]))
    assert report.errors and "同名" in report.errors[0].message


def test_a_date_in_a_closed_year_is_an_error(city, administrator):
    appraisal_year_close(appraisal_year=appraisal_year_get_or_create(year=2025), actor=administrator)
    report = run(xlsx([row()]))
    assert report.errors and "2025年度评选已结束" in report.errors[0].message
    assert AppraisalYear.objects.get(year=2025).is_closed


def test_a_dry_run_reports_counts_and_saves_nothing(city):
    report = run(xlsx([row(), row(title="第二篇")]), dry_run=True)
    assert (report.new_contributions, report.new_placements, report.saved) == (2, 2, False)
    assert not Contribution.objects.exists()


def test_a_utf8_csv_imports(city):
    report = run(csv_bytes([row()]), name="用稿.csv")
    assert report.saved and Placement.objects.count() == 1


def test_a_gbk_csv_from_chinese_excel_imports_with_correct_names(city):
    report = run(csv_bytes([row(authors="王丽华")], encoding="gbk"), name="用稿.csv")
    assert report.errors == [] and report.saved
    assert Contribution.objects.get().authorships.get().correspondent.name == "王丽华"


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_message(city):
    with pytest.raises(SheetError, match="不是 .xlsx 或 .csv"):
        run(b"MZ\x90\x00", name="setup.exe")
    with pytest.raises(SheetError, match="不是有效的 .xlsx"):
        run(b"%PDF-1.4 not a sheet", name="伪装.xlsx")
    with pytest.raises(SheetError, match="CSV"):
        run(b"\xff\xfe\x00\x00\x81\x81\xfe\xff" * 10, name="乱码.csv")


def test_a_file_over_ten_megabytes_is_refused(city):
    with pytest.raises(SheetError, match="10 MB"):
        run(b"0" * (10 * 1024 * 1024 + 1), name="大.csv")


def test_a_file_with_too_many_rows_is_refused(city, monkeypatch):
    monkeypatch.setattr("sheets.reading.MAX_ROWS", 5)
    with pytest.raises(SheetError, match="超过 5 行"):
        run(csv_bytes([row(title=f"稿{i}") for i in range(6)]), name="多.csv")


def test_a_decompression_bomb_is_refused_before_parsing(city):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<c>0</c>" * 3_000_000)
    with pytest.raises(SheetError, match="异常巨大"):
        run(buffer.getvalue(), name="炸弹.xlsx")


def test_wrong_headers_are_refused_with_the_expected_header_row(city):
    with pytest.raises(SheetError, match="表头缺少：作者"):
        run(xlsx([["标题"]], headers=["标题", "单位", "体裁", "媒体", "刊发日期", "栏目", "版面", "位置", "链接"]))


def test_an_exported_file_imports_cleanly_elsewhere(city):
    run(xlsx([row(), row(title="常委会审议报告", authors="王丽华、陈志强", genre="理论文章", column="人大论坛",
                         prominence="头版", url="https://example.org/a")]))
    buffer = io.BytesIO()
    write_placements_workbook(Placement.objects.all(), buffer)
    exported = buffer.getvalue()
    # Same database: everything is already there.
    again = run(exported)
    assert (again.errors, again.new_placements, again.existing_placements) == ([], 0, 2)
    # An empty installation with the same units, people and outlets takes the file whole.
    Placement.objects.all().delete()
    Contribution.objects.all().delete()
    fresh = run(exported)
    assert fresh.saved and fresh.new_placements == 2
    piece = Contribution.objects.get(title="常委会审议报告")
    assert (piece.genre, piece.placements.get().prominence, piece.placements.get().column.name) == ("theory", "front", "人大论坛")


def test_import_placements_command_reports_errors_and_exits_nonzero(city, tmp_path):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(xlsx([row()]))
    bad.write_bytes(xlsx([row(outlet="《没有》")]))
    out = io.StringIO()
    call_command("import_placements", str(good), "--dry-run", stdout=out)
    assert "新增用稿记录 1 条" in out.getvalue() and not Placement.objects.exists()
    call_command("import_placements", str(good), stdout=io.StringIO())
    assert Placement.objects.count() == 1
    err = io.StringIO()
    with pytest.raises(CommandError, match="没有保存任何数据"):
        call_command("import_placements", str(bad), stdout=io.StringIO(), stderr=err)
    assert "第 2 行“媒体”列" in err.getvalue()
