"""No file crashes an import: whatever bytes arrive, the placement import either imports or refuses
with a Chinese message, and when it refuses nothing is saved."""

import datetime
import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from contributions.models import Contribution, Placement
from contributions.placement_sheets import HEADERS, SheetError, import_placements
from tests.factories import CorrespondentFactory, OutletFactory, UnitFactory

pytestmark = pytest.mark.django_db

GOOD_ROW = ["代表联络站里的民生账", "王丽华", "枝江市人大常委会", "通讯", "《三峡日报》", "2025-03-05", "", "第2版",
            "一般", ""]
cells = st.one_of(
    st.none(), st.text(max_size=40), st.integers(-10**6, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 1, 1)), st.booleans(),
    st.sampled_from(["=1+1", "+cmd", "-1", "@SUM(A1)", "\r\n", "\x00", "《三峡日报》", "王丽华", "2025/3/5",
                     "2025年3月5日", "头版头条", "理论文章", "x" * 400]),
)
rows = st.lists(st.lists(cells, max_size=14), max_size=12)


def counts():
    return Contribution.objects.count(), Placement.objects.count()


def attempt(name: str, data: bytes) -> None:
    before = counts()
    try:
        report = import_placements(name=name, data=data, actor=None)
    except SheetError as refusal:
        assert str(refusal) and not str(refusal).isascii()  # a sentence in Chinese
        assert counts() == before
        return
    if report.errors:
        assert all(str(error) for error in report.errors)
        assert counts() == before and not report.saved


@pytest.fixture
def city(db):
    unit = UnitFactory(name="枝江市人大常委会")
    CorrespondentFactory(name="王丽华", unit=unit)
    OutletFactory(name="《三峡日报》")


def xlsx_bytes(headers, body) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in body:
        # Characters a worksheet cannot hold at all are left out (Excel could not have written them either).
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(body=rows, keep_headers=st.booleans(), newline=st.sampled_from(["\n", "\r\n", "\r"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1"]))
def test_any_csv_is_imported_or_refused_with_a_message(city, body, keep_headers, newline, encoding):
    headers = HEADERS if keep_headers else ["标题", "作者"]
    lines = [",".join(headers)] + [",".join("" if v is None else str(v) for v in row) for row in [GOOD_ROW, *body]]
    data = newline.join(lines).encode(encoding, errors="replace")
    attempt("用稿.csv", data)


@FUZZ
@given(body=rows, keep_headers=st.booleans(), cut=st.integers(0, 100), flips=st.lists(st.integers(0, 10**6), max_size=3))
def test_any_xlsx_even_a_damaged_one_is_imported_or_refused_with_a_message(city, body, keep_headers, cut, flips):
    data = bytearray(xlsx_bytes(HEADERS if keep_headers else ["标题"], [GOOD_ROW, *body]))
    for position in flips:
        data[position % len(data)] ^= 0x5A
    if cut:
        data = data[: len(data) * (100 - cut) // 100]
    attempt("用稿.xlsx", bytes(data))


def test_a_damaged_central_directory_is_refused_with_a_message(city):
    """is_zipfile only reads the end record: a damaged directory entry (found by the fuzz test: a
    flipped "disk number" made zipfile raise NotImplementedError) must still end in a message."""
    good = xlsx_bytes(HEADERS, [GOOD_ROW])
    directory = good.rfind(b"PK\x01\x02")
    for offset in range(4, 46):
        data = bytearray(good)
        data[directory + offset] ^= 0x5A
        attempt("用稿.xlsx", bytes(data))


@pytest.mark.parametrize(("name", "data", "message"), [
    ("mac.csv", ("\r".join([",".join(HEADERS), ",".join(GOOD_ROW)]) + "\r").encode("gb18030"), None),
    ("长格.csv", (",".join(HEADERS) + "\n" + ",".join(["x" * 140_000] + GOOD_ROW[1:])).encode(), "内容过长"),
    ("空.csv", b"", "文件是空的"),
    ("空.xlsx", b"", "不是有效的 .xlsx"),
    ("二进制.csv", b"\x00\x01\x02" * 50, "不是文本格式"),
    ("图片.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "不是有效的 .xlsx"),
    ("文档.doc", b"%PDF-1.4", "不是 .xlsx 或 .csv"),
])
def test_known_bad_files_get_their_own_message(city, name, data, message):
    before = counts()
    if message is None:  # CR-only line endings (Excel for Mac) simply import
        report = import_placements(name=name, data=data, actor=None)
        assert report.saved and counts() == (before[0] + 1, before[1] + 1)
        return
    with pytest.raises(SheetError, match=message):
        import_placements(name=name, data=data, actor=None)
    assert counts() == before
