"""The file formats the admin's import and export offer, written and read the product's way:
xlsx through the formula-safe writer, CSV with a BOM for Excel and formula-like text quoted, and CSV
read as UTF-8 or GB18030 (what Chinese Excel writes)."""

import csv
import io

import tablib
from import_export.formats import base_formats

from .reading import SheetError, decode_csv
from .writing import FORMULA_TRIGGERS, PrintedWorkbook, measured_widths


class SafeXLSX(base_formats.XLSX):
    def export_data(self, dataset: tablib.Dataset, **kwargs) -> bytes:
        headers = list(dataset.headers or [])
        rows = [list(row) for row in dataset]
        book = PrintedWorkbook()
        sheet = book.add_sheet((dataset.title or "数据")[:31], headers, measured_widths(rows, len(headers)))
        for row in rows:
            sheet.append_values(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


class SafeCSV(base_formats.CSV):
    """Binary both ways, so the product decodes (UTF-8 with or without BOM, or GB18030) and encodes."""

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs) -> tablib.Dataset:
        text = decode_csv(in_stream) if isinstance(in_stream, bytes) else in_stream
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if not rows:
            raise SheetError("文件是空的。")
        dataset = tablib.Dataset(headers=rows[0])
        width = len(rows[0])
        for row in rows[1:]:
            dataset.append((row + [""] * width)[:width])
        return dataset

    def export_data(self, dataset: tablib.Dataset, **kwargs) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(dataset.headers or [])
        for row in dataset:
            writer.writerow(["'" + value if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) else value
                             for value in row])
        return buffer.getvalue().encode("utf-8-sig")
