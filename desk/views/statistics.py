"""Statistics of a year and the monthly bulletin."""

import datetime
import tempfile

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from awards.selectors import placement_details_in, summed, unit_tallies
from awards.statistics import flow, month_bounds
from awards.workbook import counted, write_bulletin_workbook
from awards.years import resolve_year, year_calendar, year_of
from correspondents.access import editor_required
from correspondents.network import scope_of
from outlets.models import Level

from ..numbers import assignment_completion
from ..numbers import statistics as statistics_numbers
from ..pdf import pdf_response
from .listing import XLSX

CHART_HEIGHT = 160


def year_param(request: HttpRequest) -> int:
    """The `?year=` of every desk page: one of the years the office's dropdowns offer, else its
    appraisal year holding today."""
    return year_calendar(request.office.office_id).parse(request.GET.get("year"))


def _chart(months) -> tuple[list[dict], int]:
    peak = max((row.total for row in months), default=0) or 1
    bars = []
    for index, row in enumerate(months):
        height = round(row.total / peak * CHART_HEIGHT)
        bars.append({"row": row, "height": height, "x": 40 + index * 52, "y": CHART_HEIGHT + 20 - height})
    return bars, peak


@editor_required
def statistics(request: HttpRequest) -> HttpResponse:
    """The page's numbers are computed (or read from the cache) only if its cached tables are missing."""
    today = timezone.localdate()
    year = year_param(request)
    office = request.office.office_id
    with_townships = request.GET.get("townships") == "1"

    def numbers() -> dict:
        data = dict(statistics_numbers(year, today, office=office))
        data["chart"], data["peak"] = _chart(data["months"])
        data["counted"] = counted(data["unit_totals"].pieces, data["unit_totals"].total)
        data["rows"] = data["counties"] if with_townships else data["units"]
        return data

    assignments = SimpleLazyObject(lambda: assignment_completion(year, today, office=office))
    return render(request, "desk/statistics.html", {
        "assignments": assignments, "office": office, "office_scope": scope_of(office),
        "year": year, "years": year_calendar(office).offered(), "with_townships": with_townships, "today": today,
        "chart_height": CHART_HEIGHT, "numbers": SimpleLazyObject(numbers),
    })


def _month_param(request: HttpRequest) -> tuple[int, int]:
    """`?month=YYYY-MM` of a month in one of the years offered; else last month."""
    raw = request.GET.get("month", "")
    calendar = year_calendar(request.office.office_id)
    try:
        year, month = (int(part) for part in raw.split("-"))
        if 1 <= month <= 12 and calendar.year_of(datetime.date(year, month, 1)) in calendar.offered():
            return year, month
    except ValueError:
        pass
    previous = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    return previous.year, previous.month


def bulletin_context(year: int, month: int, *, office: int) -> dict:
    """An office's monthly bulletin: each unit of its network with its placements of the month by
    level, the month's flow of pieces, and the pieces placed nationally and provincially. Points follow
    the office's rules of the appraisal year that holds the month (periods start on the first of a
    month, so a month lies in one year)."""
    start, end = month_bounds(year, month)
    resolved = resolve_year(year_of(start, office=office), office=office)
    units = unit_tallies(resolved.rules, start, end, scoring_period=(resolved.start, resolved.end))
    notable = list(placement_details_in(start, end, rules=resolved.rules, levels=[Level.NATIONAL, Level.PROVINCIAL],
                                        scoring_period=(resolved.start, resolved.end)))
    totals = summed(units)
    return {
        "year": year, "month": month, "month_value": f"{year}-{month:02d}", "start": start, "end": end,
        "title": f"{year}年{month}月人大宣传用稿情况通报", "all_units": units,
        "units": [u for u in units if u.total], "quiet_units": [u.name for u in units if not u.total],
        "notable": notable, "totals": totals, "counted": counted(totals.pieces, totals.total),
        "flow": flow(start, end, totals, resolved.scope), "office": resolved.scope,
    }


@editor_required
def bulletin(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/bulletin.html",
                  bulletin_context(*_month_param(request), office=request.office.office_id))


@editor_required
def bulletin_pdf(request: HttpRequest) -> HttpResponse:
    context = bulletin_context(*_month_param(request), office=request.office.office_id)
    return pdf_response("desk/pdf/bulletin.html", context, f"月度通报-{context['year']}年{context['month']}月.pdf")


@editor_required
def bulletin_export(request: HttpRequest) -> FileResponse:
    context = bulletin_context(*_month_param(request), office=request.office.office_id)
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_bulletin_workbook(buffer, title=context["title"], units=context["all_units"], notable=context["notable"])
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"月度通报-{context['year']}年{context['month']}月.xlsx",
                        content_type=XLSX)
