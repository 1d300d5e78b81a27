"""Placements in and out of spreadsheets, in the columns of the specification:
标题 | 作者 | 单位 | 体裁 | 媒体 | 刊发日期 | 栏目 | 版面 | 位置 | 链接

An import is all or nothing: every row is checked first, and if any row is wrong nothing is saved.
Importing the same file twice adds nothing the second time.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from correspondents.models import Correspondent, Unit
from outlets.models import Column, Outlet

from .models import Authorship, Contribution, Genre, Placement, Prominence, State
from .services import NewPiece, NewPlacement, check_placement_date, in_batches, placements_import

HEADERS = ["标题", "作者", "单位", "体裁", "媒体", "刊发日期", "栏目", "版面", "位置", "链接"]
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
# An .xlsx inflates about tenfold; far more is a decompression bomb, not a placement list.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
AUTHOR_SEPARATORS = re.compile(r"[、，,]")
DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
GENRE_BY_LABEL = {label: value for value, label in Genre.choices}
PROMINENCE_BY_LABEL = {label: value for value, label in Prominence.choices}


class SheetError(Exception):
    """The file as a whole cannot be read: wrong type, too big, wrong headers."""


@dataclass
class RowError:
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行“{self.column}”列" if self.column else f"第 {self.row} 行"
        shown = f"“{self.value}”" if self.value else "（空）"
        return f"{where} {shown}：{self.message}"


@dataclass
class ImportReport:
    rows: int = 0
    new_contributions: int = 0
    matched_contributions: list[str] = field(default_factory=list)
    new_placements: int = 0
    existing_placements: int = 0
    errors: list[RowError] = field(default_factory=list)
    saved: bool = False

    def summary(self) -> str:
        return (
            f"共 {self.rows} 行：新建稿件 {self.new_contributions} 篇，匹配已有稿件 {len(self.matched_contributions)} 篇，"
            f"新增用稿记录 {self.new_placements} 条，已存在而跳过 {self.existing_placements} 条。"
        )


# --- reading ---------------------------------------------------------------------------------------

def read_sheet(name: str, data: bytes) -> tuple[list[str], list[tuple[int, list]]]:
    """Headers and (sheet row number, values) of a .xlsx or .csv file; raises SheetError."""
    if len(data) > MAX_BYTES:
        raise SheetError(f"文件大小为 {len(data) / 1024 / 1024:.1f} MB，超过了 10 MB 的上限，请分成几个文件导入。")
    suffix = PurePath(name).suffix.lower()
    if suffix == ".xlsx":
        rows = _read_xlsx(data)
    elif suffix == ".csv":
        rows = _read_csv(data)
    else:
        raise SheetError(f"文件“{name}”不是 .xlsx 或 .csv 表格。请用 Excel/WPS 另存为 .xlsx 后再导入。")
    try:
        headers = next(rows)
    except StopIteration:
        raise SheetError("文件是空的。") from None
    headers = [_text(value) for value in headers]
    missing = [header for header in HEADERS if header not in headers]
    if missing:
        raise SheetError(f"表头缺少：{'、'.join(missing)}。第一行应为：{' | '.join(HEADERS)}。")
    body = []
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise SheetError(f"文件超过 {MAX_ROWS:,} 行，请分成几个文件导入。")
        if any(_text(value) for value in values):
            body.append((number, list(values)))
    return headers, body


def _read_xlsx(data: bytes):
    from openpyxl import load_workbook  # defusedxml is installed, so openpyxl parses safely

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SheetError("文件不是有效的 .xlsx 表格（可能是改了扩展名的其他文件）。")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        packed = sum(info.compress_size for info in archive.infolist()) or 1
        if "xl/workbook.xml" not in archive.namelist():
            raise SheetError("文件不是有效的 .xlsx 表格。")
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise SheetError("表格解压后异常巨大，拒绝读取。请确认文件来源，或另存为普通 .xlsx 后再导入。")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a broken file
        raise SheetError(f"无法读取表格：{error.__class__.__name__}。请用 Excel/WPS 打开后另存为 .xlsx 再试。") from error
    sheet = book.worksheets[0]
    yield from sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)
    book.close()


def _read_csv(data: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError("无法识别 CSV 文件的编码（应为 UTF-8 或 GBK/GB18030）。请用 Excel/WPS 另存为 .xlsx 后再导入。")
    if "\x00" in text:
        raise SheetError("文件不是文本格式的 CSV 表格。")
    yield from csv.reader(io.StringIO(text))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_TEXT.match(_text(value))
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


# --- checking and saving ---------------------------------------------------------------------------

class Lookups:
    """Everything a row is checked against, read once for the whole file."""

    def __init__(self, rows: list[dict]):
        self.units = dict(Unit.objects.values_list("name", "pk"))
        self.outlets = dict(Outlet.objects.values_list("name", "pk"))
        self.columns = {(outlet, name): pk for pk, outlet, name in Column.objects.values_list("pk", "outlet_id", "name")}
        names = {name for row in rows for name in _author_names(row["作者"])}
        self.people: dict[str, list[tuple[int, int]]] = {}
        for chunk in in_batches(sorted(names), 500):
            for pk, name, unit_id in Correspondent.objects.filter(name__in=chunk).values_list("pk", "name", "unit_id"):
                self.people.setdefault(name, []).append((pk, unit_id))
        titles = {_text(row["标题"]) for row in rows}
        self.contributions: dict[tuple[str, int], tuple[int, str]] = {}
        for chunk in in_batches(sorted(titles), 500):
            for pk, title, unit_id, state in Contribution.objects.filter(title__in=chunk).values_list(
                "pk", "title", "credited_unit_id", "state"
            ):
                self.contributions.setdefault((title, unit_id), (pk, state))
        ids = [pk for pk, _ in self.contributions.values()]
        self.placements: set[tuple[int, int, datetime.date]] = set()
        for chunk in in_batches(ids, 500):
            self.placements.update(
                Placement.objects.filter(contribution_id__in=chunk).values_list("contribution_id", "outlet_id", "published_on")
            )


def _author_names(value) -> list[str]:
    return [name.strip() for name in AUTHOR_SEPARATORS.split(_text(value)) if name.strip()]


def import_placements(*, name: str, data: bytes, actor: User | None, dry_run: bool = False) -> ImportReport:
    """Check every row, then save all of them or none. Raises SheetError for an unreadable file."""
    headers, body = read_sheet(name, data)
    index = {header: headers.index(header) for header in HEADERS}
    rows = [
        (number, {header: values[index[header]] if index[header] < len(values) else None for header in HEADERS})
        for number, values in body
    ]
    report = ImportReport(rows=len(rows))
    lookups = Lookups([row for _, row in rows])
    today = timezone.localdate()
    pieces: dict[tuple[str, int], NewPiece] = {}
    matched: dict[int, str] = {}
    planned: set[tuple] = set()
    placements: list[NewPlacement] = []
    guarded_dates: dict[datetime.date, str | None] = {}

    for number, row in rows:
        errors = []

        def fail(column: str, message: str) -> None:
            errors.append(RowError(number, column, _text(row[column]), message))

        title = _text(row["标题"])
        if not title:
            fail("标题", "标题不能为空。")
        elif len(title) > 300:
            fail("标题", "标题超过 300 字。")
        unit_id = lookups.units.get(_text(row["单位"]))
        if unit_id is None:
            fail("单位", "系统中没有这个单位，请先在“单位”中添加，或检查名称。")
        outlet_id = lookups.outlets.get(_text(row["媒体"]))
        if outlet_id is None:
            fail("媒体", "系统中没有这个媒体，请先在“媒体”中添加，或检查名称。")
        column_id = None
        if _text(row["栏目"]) and outlet_id is not None:
            column_id = lookups.columns.get((outlet_id, _text(row["栏目"])))
            if column_id is None:
                fail("栏目", "该媒体下没有这个栏目。")
        genre = GENRE_BY_LABEL.get(_text(row["体裁"]) or Genre.NEWS.label)
        if genre is None:
            fail("体裁", f"应为：{'、'.join(Genre.labels)}。")
        prominence = PROMINENCE_BY_LABEL.get(_text(row["位置"]) or Prominence.REGULAR.label)
        if prominence is None:
            fail("位置", f"应为：{'、'.join(Prominence.labels)}。")
        published_on = _date(row["刊发日期"])
        if published_on is None:
            fail("刊发日期", "日期无法识别，请写成 2024-03-05 或 2024/3/5。")
        elif published_on > today:
            fail("刊发日期", "刊发日期不能晚于今天。")
        else:
            if published_on not in guarded_dates:
                try:
                    check_placement_date(published_on)
                    guarded_dates[published_on] = None
                except ValidationError as error:
                    guarded_dates[published_on] = "；".join(error.messages)
            if guarded_dates[published_on]:
                fail("刊发日期", guarded_dates[published_on])
        url = _text(row["链接"])
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                fail("链接", "链接应以 http:// 或 https:// 开头。")
        page = _text(row["版面"])
        if len(page) > 50:
            fail("版面", "版面超过 50 字。")

        author_ids = []
        names = _author_names(row["作者"])
        if not names:
            fail("作者", "至少要有一位作者。")
        for author in names:
            candidates = lookups.people.get(author, [])
            in_unit = [pk for pk, unit in candidates if unit == unit_id]
            if len(in_unit) == 1:
                author_ids.append(in_unit[0])
            elif len(candidates) == 1:
                author_ids.append(candidates[0][0])
            elif not candidates:
                errors.append(RowError(number, "作者", author, "系统中没有这位通讯员，请先在“通讯员”中添加。"))
            else:
                errors.append(RowError(number, "作者", author, "有多位同名通讯员且都不在本行单位，无法确定是哪一位。"))
        if len(set(author_ids)) != len(author_ids):
            fail("作者", "同一位作者写了两次。")

        if errors:
            report.errors.extend(errors)
            continue

        key = (title, unit_id)
        existing = lookups.contributions.get(key)
        if existing is not None:
            contribution_id, state = existing
            if state == State.REJECTED:
                report.errors.append(RowError(number, "标题", title, "这篇稿件在系统中是“未采用”状态，不能导入用稿记录。"))
                continue
            placement_key = (contribution_id, outlet_id, published_on)
            if placement_key in lookups.placements or placement_key in planned:
                report.existing_placements += 1
                continue
            matched[contribution_id] = title
            placements.append(NewPlacement(outlet_id=outlet_id, column_id=column_id, published_on=published_on,
                                           page=page, prominence=prominence, url=url, contribution_id=contribution_id))
        else:
            piece = pieces.setdefault(key, NewPiece(title=title, genre=genre, credited_unit_id=unit_id, author_ids=author_ids))
            placement_key = (key, outlet_id, published_on)
            if placement_key in planned:
                report.existing_placements += 1
                continue
            placements.append(NewPlacement(outlet_id=outlet_id, column_id=column_id, published_on=published_on,
                                           page=page, prominence=prominence, url=url, piece=piece))
        planned.add(placement_key)

    report.new_contributions = len(pieces)
    report.matched_contributions = list(matched.values())
    report.new_placements = len(placements)
    if report.errors or dry_run or not placements:
        return report
    try:
        placements_import(pieces=list(pieces.values()), placements=placements, actor=actor)
    except ValidationError as error:  # something changed between the check and the save
        report.errors.append(RowError(0, "", "", "；".join(error.messages)))
        return report
    report.saved = True
    return report


# --- writing ----------------------------------------------------------------------------------------

def placement_rows(placements):
    """Rows in the import's columns, so that an exported file imports cleanly elsewhere."""
    genres, prominences = dict(Genre.choices), dict(Prominence.choices)
    placements = placements.select_related("contribution__credited_unit", "outlet", "column").order_by("published_on", "id")
    authors: dict[int, list[str]] = {}
    for contribution_id, name in (
        Authorship.objects.filter(contribution__placements__in=placements.values("pk"))
        .order_by("contribution_id", "position").values_list("contribution_id", "correspondent__name").distinct()
    ):
        authors.setdefault(contribution_id, []).append(name)
    for placement in placements.iterator(chunk_size=2000):
        contribution = placement.contribution
        yield [
            contribution.title, "、".join(authors.get(contribution.pk, [])), contribution.credited_unit.name,
            genres[contribution.genre], placement.outlet.name, placement.published_on,
            placement.column.name if placement.column else "", placement.page, prominences[placement.prominence],
            placement.url,
        ]


def write_placements_workbook(placements, target) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("用稿记录")
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJ", [50, 16, 24, 8, 20, 12, 14, 10, 8, 40]):
        sheet.column_dimensions[letter].width = width
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in placement_rows(placements):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    book.save(target)
