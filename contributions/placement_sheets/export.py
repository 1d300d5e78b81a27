"""Placements written in the import's columns, so that an exported file imports cleanly elsewhere;
the outlet's level and the placement's points follow as extra columns (an import ignores them)."""

from collections.abc import Callable
from decimal import Decimal
from itertools import islice

from sheets.writing import DATE_FORMAT, POINTS_FORMAT, PrintedWorkbook

from ..models import Authorship, Genre, Placement, Prominence
from .columns import HEADERS

WIDTHS = [50, 16, 24, 8, 20, 12, 14, 10, 8, 40]
EXTRA_HEADERS = ["级别", "积分"]
EXTRA_WIDTHS = [8, 8]
CHUNK = 2000
Points = Callable[[list[Placement]], dict[int, Decimal]]


def placement_rows(placements):
    genres, prominences = dict(Genre.choices), dict(Prominence.choices)
    placements = placements.select_related("contribution__credited_unit", "outlet", "column").order_by("published_on", "id")
    authors: dict[int, list[str]] = {}
    for contribution_id, name in (
        Authorship.objects.filter(contribution_id__in=placements.values("contribution_id"))
        .order_by("contribution_id", "position").values_list("contribution_id", "correspondent__name")
    ):
        authors.setdefault(contribution_id, []).append(name)
    for placement in placements.iterator(chunk_size=2000):
        contribution = placement.contribution
        yield placement, [
            contribution.title, "、".join(authors.get(contribution.pk, [])), contribution.credited_unit.name,
            genres[contribution.genre], placement.outlet.name, placement.published_on,
            placement.column.name if placement.column else "", placement.page, prominences[placement.prominence],
            placement.url,
        ]


def level_label(placement: Placement, office_id: int | None) -> str:
    """内部刊物 for the office that owns the outlet, its level for every other."""
    return "内部刊物" if placement.outlet.is_internal_for(office_id) else placement.outlet.get_level_display()


def write_placements_workbook(placements, target, *, title: str = "用稿记录", points: Points | None = None,
                              office_id: int | None = None) -> None:
    """`points` (the scoring's own function for the office, passed by the caller above this app)
    adds 级别 and 积分 as that office counts them."""
    book = PrintedWorkbook()
    headers, widths = (HEADERS + EXTRA_HEADERS, WIDTHS + EXTRA_WIDTHS) if points else (HEADERS, WIDTHS)
    sheet = book.add_sheet(title, headers, widths)
    formats = {HEADERS.index("刊发日期"): DATE_FORMAT, len(HEADERS) + 1: POINTS_FORMAT}
    rows = placement_rows(placements)
    while chunk := list(islice(rows, CHUNK)):
        scored = points([placement for placement, _ in chunk]) if points else {}
        for placement, row in chunk:
            if points:
                row = row + [level_label(placement, office_id), float(scored.get(placement.pk, 0))]
            sheet.append_values(row, formats)
    book.save(target)
