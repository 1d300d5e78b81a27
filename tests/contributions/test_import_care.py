"""An import file as offices send it: errors grouped by cause with the names they probably meant,
outlets known by other names, formula cells, other years, the error list as a workbook, progress."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from contributions.models import Placement, PlacementImport
from contributions.placement_sheets import HEADERS, import_placements
from tests.conftest import page_text
from tests.factories import CorrespondentFactory, OutletFactory, UnitFactory

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


def xlsx(rows, formulas=()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    for cell, formula in formulas:
        sheet[cell] = formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(title, author="王丽华", outlet="《三峡日报》", day=None, unit="枝江市人大常委会"):
    return [title, author, unit, "消息", outlet, day or datetime.date(THIS_YEAR, 1, 5), "", "第2版", "一般", ""]


@pytest.fixture
def city(db):
    unit = UnitFactory(name="枝江市人大常委会")
    CorrespondentFactory(name="王丽华", unit=unit)
    OutletFactory(name="《三峡日报》")
    return OutletFactory(name="《楚天主人》杂志", level="provincial", medium="magazine")


def test_errors_are_grouped_by_cause_with_each_value_once_and_its_rows(city):
    rows = [row(f"稿{i}", author=f"外地作者{i % 3}") for i in range(9)] + [row("稿九", outlet="《楚天主人》")]
    report = import_placements(name="f.xlsx", data=xlsx(rows), actor=None, dry_run=True)
    groups = {group.title: group for group in report.error_groups()}
    people = groups["系统中没有这些通讯员（3 位）"]
    assert people.count == 9 and [(v.value, v.rows) for v in people.values][0] == ("外地作者0", [2, 5, 8])
    (outlet,) = groups["系统中没有这些媒体（1 个）"].values
    assert (outlet.value, outlet.suggestion) == ("《楚天主人》", "《楚天主人》杂志")


def test_an_outlet_is_known_by_its_other_names(city):
    city.aliases = "楚天主人\n《楚天主人》"
    city.full_clean()
    city.save()
    report = import_placements(name="f.xlsx", data=xlsx([row("稿一", outlet="《楚天主人》")]), actor=None)
    assert report.saved and Placement.objects.get().outlet == city


def test_another_outlets_name_cannot_be_an_alias(city):
    city.aliases = "《三峡日报》"
    with pytest.raises(Exception, match="是另一个媒体的名称"):
        city.full_clean()


def test_a_formula_cell_is_reported_as_a_formula_not_as_an_empty_value(city):
    data = xlsx([row("稿一"), row("稿二")], formulas=[("A3", '=CONCATENATE("稿","二")')])
    report = import_placements(name="f.xlsx", data=data, actor=None, dry_run=True)
    (error,) = report.errors
    assert (error.row, error.column, error.kind) == (3, "标题", "formula") and "是公式，请改成文字" in error.message
    assert error.value == '=CONCATENATE("稿","二")'


def test_rows_of_another_year_are_counted_in_a_warning(city):
    rows = [row("今年的稿"), row("去年的稿一", day=datetime.date(THIS_YEAR - 1, 12, 30)),
            row("去年的稿二", day=datetime.date(THIS_YEAR - 1, 12, 31))]
    report = import_placements(name="f.xlsx", data=xlsx(rows), actor=None, dry_run=True)
    (warning,) = report.warnings()
    assert f"有 2 行的刊发日期不在本年度（{THIS_YEAR} 年度）：{THIS_YEAR - 1} 年度 2 行（第 3、4 行）" in warning
    assert not report.errors


def test_a_refused_file_offers_its_wrong_rows_as_a_workbook(desk, city):
    data = xlsx([row("好稿"), row("坏稿", outlet="《没有的报》"), row("另一坏稿", author="外地作者")])
    response = desk.post(reverse("desk:placement-import"), {"file": SimpleUploadedFile("外市用稿.xlsx", data)})
    token = response.context["token"]
    assert PlacementImport.objects.get(token=token).status == PlacementImport.Status.REFUSED
    page = response.content.decode()
    assert reverse("desk:placement-import-errors", args=[token]) in page and 'name="token"' not in page
    # A refused file cannot be confirmed, whatever is posted.
    assert "已过期" in page_text(desk.post(reverse("desk:placement-import"), {"token": token}, follow=True))
    download = desk.get(reverse("desk:placement-import-errors", args=[token]))
    assert "%E9%94%99%E8%AF%AF%E6%B8%85%E5%8D%95" in download["Content-Disposition"]  # 错误清单
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(
        values_only=True))
    assert rows[0] == ("原行号", *HEADERS, "错误说明")
    assert [(r[0], r[1]) for r in rows[1:]] == [(3, "坏稿"), (4, "另一坏稿")]
    assert "“媒体”列“《没有的报》”系统中没有这个媒体" in rows[1][-1]
    assert not Placement.objects.exists()


def test_a_long_import_streams_its_progress_and_ends_with_the_result(desk, city):
    rows = [row(f"长文件稿{i}", day=datetime.date(THIS_YEAR, 1, 1) + datetime.timedelta(days=i % 300))
            for i in range(2500)]
    token = desk.post(reverse("desk:placement-import"),
                      {"file": SimpleUploadedFile("长.xlsx", xlsx(rows))}).context["token"]
    response = desk.post(reverse("desk:placement-import"), {"token": token})
    assert response.streaming and response["X-Accel-Buffering"] == "no"
    chunks = [chunk.decode() for chunk in response.streaming_content]
    progress = [chunk for chunk in chunks if "已检查" in chunk]
    assert ["已检查 1000 / 2500 行" in progress[0], "已检查 2000 / 2500 行" in progress[1]] == [True, True]
    assert any("正在保存 2500 条用稿记录" in chunk for chunk in chunks)
    assert "导入完成（长.xlsx）" in chunks[-2] and Placement.objects.count() == 2500
    again = page_text(desk.post(reverse("desk:placement-import"), {"token": token}, follow=True))
    assert "这份文件刚刚已导入" in again and Placement.objects.count() == 2500


def test_an_import_stopped_half_way_saves_nothing(desk, city, monkeypatch):
    rows = [row(f"半途稿{i}") for i in range(1500)]
    token = desk.post(reverse("desk:placement-import"),
                      {"file": SimpleUploadedFile("半.xlsx", xlsx(rows))}).context["token"]
    response = desk.post(reverse("desk:placement-import"), {"token": token})
    stream = iter(response.streaming_content)
    next(stream), next(stream)  # the page's head and the first step, then the reader goes away
    # Closing a response ends the request, which would close the test's own (PostgreSQL) connection.
    monkeypatch.setattr(connection, "close_if_unusable_or_obsolete", lambda: None)
    response.close()
    assert not Placement.objects.exists()
    assert PlacementImport.objects.get(token=token).status == PlacementImport.Status.CHECKED
    # Its transaction and the import lock went with it: the same file imports on the next try.
    assert "导入完成" in page_text(desk.post(reverse("desk:placement-import"), {"token": token}))
    assert Placement.objects.count() == 1500
