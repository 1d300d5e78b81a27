"""Placements in and out of spreadsheets, in the columns of the specification:
标题 | 作者 | 单位 | 体裁 | 媒体 | 刊发日期 | 栏目 | 版面 | 位置 | 链接

checking.py reads each row against the database and plans what to write; saving.py writes the plan
in bulk; importing.py ties them together, all rows or none; export.py writes the same columns.
"""

from sheets.reading import SheetError

from .columns import HEADERS
from .export import placement_rows, write_placements_workbook
from .importing import ImportReport, RowError, import_placements

__all__ = ["HEADERS", "ImportReport", "RowError", "SheetError", "import_placements", "placement_rows",
           "write_placements_workbook"]
