"""Reading what offices send: .xlsx and .csv files, checked before they are trusted.

Every spreadsheet reader of the product goes through here: the size limit, the zip-bomb check,
the encoding of Chinese CSV files (UTF-8 or GB18030), the header check and the cleaning of cells.
"""

import csv
import datetime
import io
import re
import zipfile
from pathlib import PurePath

MEGABYTE = 1024 * 1024
MAX_BYTES = 10 * MEGABYTE
MAX_ROWS = 50_000  # rows with something in them; empty rows between them are not counted
# Columns read of each row: a sheet may claim A1:XFD1048576 (16,384 columns); the offices' tables
# have a dozen. A header further right is reported missing.
MAX_COLUMNS = 60
# An .xlsx inflates about tenfold; far more is a decompression bomb, not a list of records.
MAX_UNPACKED_BYTES = 200 * MEGABYTE
MAX_RATIO = 100
DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class SheetError(Exception):
    """The file as a whole cannot be read: wrong type, too big, wrong headers."""


class Formula(str):
    """A cell that holds a formula (its text, "=VLOOKUP(…)"), not a value: readers report it rather
    than take whatever value the formula last showed (or an empty cell, when no program computed it)."""


def cell_text(value) -> str:
    """A cell as the text a person typed: whole numbers without ".0", dates as 2024-03-05, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def cell_date(value) -> datetime.date | None:
    """A real date cell, or text such as 2024-03-05, 2024/3/5 or 2024年3月5日; None if it is neither."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_TEXT.match(cell_text(value))
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def decode_csv(data: bytes) -> str:
    """CSV from Chinese Excel is GB18030; from elsewhere UTF-8, often with a BOM."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("无法识别 CSV 文件的编码（应为 UTF-8 或 GBK/GB18030）。请用 Excel/WPS 另存为 .xlsx 后再导入。")


def check_headers(headers: list[str], expected: list[str]) -> None:
    missing = [header for header in expected if header not in headers]
    if missing:
        raise SheetError(f"表头缺少：{'、'.join(missing)}。第一行应为：{' | '.join(expected)}。")
    twice = [header for header in expected if headers.count(header) > 1]
    if twice:
        raise SheetError(f"表头中“{'”“'.join(twice)}”出现了不止一次，无法确定用哪一列。请删去多余的列后再导入。")


def size_refusal(size: int) -> str:
    """Why a file of this size is refused ("" when it is not): asked before the file is read."""
    if size <= MAX_BYTES:
        return ""
    return f"文件大小为 {size / MEGABYTE:.1f} MB，超过了 {MAX_BYTES / MEGABYTE:g} MB 的上限，请分成几个文件导入。"


def read_sheet(name: str, data: bytes, *, expected: list[str]) -> tuple[list[str], list[tuple[int, list]]]:
    """Headers and (sheet row number, values) of the non-empty rows of a .xlsx or .csv file."""
    if refusal := size_refusal(len(data)):
        raise SheetError(refusal)
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsx":
        rows = _read_xlsx(data)
    elif suffix == ".csv":
        rows = _read_csv(data)
    else:
        raise SheetError(f"文件“{name}”不是 .xlsx 或 .csv 表格。请用 Excel/WPS 另存为 .xlsx 后再导入。")
    try:
        headers = [cell_text(value) for value in next(rows)]
    except StopIteration:
        raise SheetError("文件是空的。") from None
    check_headers(headers, expected)
    body = []
    for number, values in enumerate(rows, start=2):
        if any(cell_text(value) for value in values):
            if len(body) == MAX_ROWS:
                raise SheetError(f"文件超过 {MAX_ROWS:,} 行，请分成几个文件导入。")
            body.append((number, list(values)))
    return headers, body


def _read_xlsx(data: bytes):
    from openpyxl import load_workbook  # defusedxml is installed, so openpyxl parses safely

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SheetError("文件不是有效的 .xlsx 表格（可能是改了扩展名的其他文件）。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            packed = sum(info.compress_size for info in archive.infolist()) or 1
            names = archive.namelist()
    except Exception as error:  # is_zipfile only checks the end record; a damaged directory fails in many ways
        raise SheetError("文件已损坏，无法作为 .xlsx 表格打开。请用 Excel/WPS 打开后另存为 .xlsx 再试。") from error
    if "xl/workbook.xml" not in names:
        raise SheetError("文件不是有效的 .xlsx 表格。")
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise SheetError("表格解压后异常巨大，拒绝读取。请确认文件来源，或另存为普通 .xlsx 后再导入。")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        if not book.worksheets:
            raise SheetError("表格里没有工作表。")
        sheet = book.worksheets[0]
        # The declared dimension is not trusted: rows are read as they are stored, at most MAX_COLUMNS
        # wide, so a 5 KB file that claims A1:XFD1048576 costs what its few rows cost. Rows missing
        # between stored ones come through empty (one shared tuple each), keeping the row numbers.
        sheet.reset_dimensions()
        for row in sheet.iter_rows(max_col=MAX_COLUMNS):
            yield [Formula(getattr(cell.value, "text", cell.value)) if cell.data_type == "f" else cell.value
                   for cell in row]
        book.close()
    except SheetError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a broken file, some only half-way through
        raise SheetError(f"无法读取表格（{error.__class__.__name__}）。请用 Excel/WPS 打开后另存为 .xlsx 再试。") from error


def _read_csv(data: bytes):
    text = decode_csv(data)
    if "\x00" in text:
        raise SheetError("文件不是文本格式的 CSV 表格。")
    # newline="" lets the reader take \r\n, \n and a lone \r (Excel for Mac) as line ends alike.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        yield from reader
    except csv.Error as error:
        if "field larger" in str(error):
            raise SheetError(f"第 {reader.line_num} 行有一格内容过长（超过 {csv.field_size_limit():,} 个字符），"
                             "请检查是否粘贴了整篇正文。") from error
        raise SheetError(f"第 {reader.line_num} 行的 CSV 格式有误（{error}）。请用 Excel/WPS 另存为 .xlsx 后再导入。") from error
