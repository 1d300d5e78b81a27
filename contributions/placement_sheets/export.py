"""Placements written in the import's columns, so that an exported file imports cleanly elsewhere."""

from sheets.writing import DATE_FORMAT, PrintedWorkbook

from ..models import Authorship, Genre, Prominence
from .columns import HEADERS

WIDTHS = [50, 16, 24, 8, 20, 12, 14, 10, 8, 40]


def placement_rows(placements):
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


def write_placements_workbook(placements, target, *, title: str = "用稿记录") -> None:
    book = PrintedWorkbook()
    sheet = book.add_sheet(title, HEADERS, WIDTHS)
    date_column = HEADERS.index("刊发日期")
    for row in placement_rows(placements):
        sheet.append_values(row, {date_column: DATE_FORMAT})
    book.save(target)
