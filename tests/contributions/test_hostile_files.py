"""Files come from the units: a 5 KB sheet that claims A1:XFD1048576 must cost what its few rows
cost, be read before any transaction opens, and be refused for its real rows only."""

import io
import re
import uuid
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contributions.placement_sheets import HEADERS, SheetError, import_placements, importing
from contributions.placement_sheets.pending import pending_import_confirm, pending_import_remember
from datacache.cache import in_transaction
from sheets.reading import MAX_COLUMNS, read_sheet
from tests.factories import CorrespondentFactory, OutletFactory, UnitFactory

pytestmark = pytest.mark.django_db


def row(title="人大代表视察民生项目"):
    return [title, "王丽华", "枝江市人大常委会", "消息", "《三峡日报》", "2025-03-05", "", "第2版", "一般", ""]


def claiming_everything(rows: dict[int, list], *, headers=HEADERS) -> bytes:
    """An .xlsx with the given rows (by sheet row number) whose sheet declares A1:XFD1048576."""
    book = openpyxl.Workbook()
    sheet = book.active
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=1, column=column, value=header)
    for number, values in rows.items():
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
    plain = io.BytesIO()
    book.save(plain)
    hostile = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', data)
            target.writestr(item, data)
    return hostile.getvalue()


@pytest.fixture
def city(db):
    unit = UnitFactory(name="枝江市人大常委会")
    CorrespondentFactory(name="王丽华", unit=unit)
    return OutletFactory(name="《三峡日报》")


def test_a_sheet_that_claims_every_cell_is_read_by_the_rows_it_has(city):
    data = claiming_everything({2: row("第一篇"), 50_001: row("很远的一篇")})
    assert len(data) < 10_000
    headers, body = read_sheet("远.xlsx", data, expected=HEADERS)
    assert headers[:len(HEADERS)] == HEADERS
    assert [(number, values[0]) for number, values in body] == [(2, "第一篇"), (50_001, "很远的一篇")]
    assert all(len(values) <= MAX_COLUMNS for _, values in body)  # not 16,384 columns a row
    report = import_placements(name="远.xlsx", data=data, actor=None, dry_run=True)
    assert (report.rows, report.errors, report.new_placements) == (2, [], 2)


def test_the_row_limit_counts_real_rows_and_is_met_before_any_transaction(city, monkeypatch):
    monkeypatch.setattr("sheets.reading.MAX_ROWS", 3)
    locked = []
    monkeypatch.setattr(importing, "hold_write_lock", lambda: locked.append(True))
    spread = claiming_everything({2: row("一"), 9_000: row("二"), 70_000: row("三")})
    assert import_placements(name="三行.xlsx", data=spread, actor=None, dry_run=True).rows == 3
    four = claiming_everything({2: row("一"), 9_000: row("二"), 70_000: row("三"), 70_001: row("四")})
    with pytest.raises(SheetError, match="超过 3 行"):
        import_placements(name="四行.xlsx", data=four, actor=None)
    assert locked == []  # refused before the import's transaction (and its write lock) began


def test_confirming_reads_the_file_before_the_transaction_opens(city, editor, monkeypatch):
    data = claiming_everything({2: row()})
    record = pending_import_remember(name="f.xlsx", data=data, rows=1, actor=editor)
    seen = []
    real = importing.read_sheet

    def watched(*args, **kwargs):
        seen.append(in_transaction())
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "read_sheet", watched)
    _, report = pending_import_confirm(token=record.token, actor=editor)
    assert report.saved and seen == [False]


def test_a_header_written_twice_is_refused_naming_the_column(city):
    with pytest.raises(SheetError, match="“标题”出现了不止一次"):
        read_sheet("重复.xlsx", claiming_everything({2: row()}, headers=[*HEADERS, "标题"]), expected=HEADERS)
    csv = ("\ufeff" + ",".join([*HEADERS, "标题"]) + "\n" + ",".join(row()) + "\n").encode()
    with pytest.raises(SheetError, match="“标题”出现了不止一次"):
        read_sheet("重复.csv", csv, expected=HEADERS)


def test_the_desk_checks_a_hostile_file_and_lists_its_errors_as_a_workbook(client, editor, city):
    client.force_login(editor)
    data = claiming_everything({2: row(), 50_001: [*row("错的一篇")[:4], "《没有这家》", *row()[5:]]})
    response = client.post(reverse("desk:placement-import"),
                           {"file": SimpleUploadedFile("远.xlsx", data)})
    text = response.content.decode()
    assert "《没有这家》" in text and "50001" in text.replace(",", "")
    token = re.search(r"import/([0-9a-f-]{36})/errors\.xlsx", text).group(1)
    errors = client.get(reverse("desk:placement-import-errors", args=[uuid.UUID(token)]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(errors.streaming_content))).active
    (wrong,) = list(sheet.iter_rows(min_row=2, values_only=True))
    assert wrong[0] == 50_001 and "《没有这家》" in wrong[-1]
