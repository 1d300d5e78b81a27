"""Statistics of a year and the monthly bulletin."""

import datetime
import tempfile

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from awards.selectors import placement_details_in, summed, unit_tallies, year_tallies
from awards.statistics import month_bounds, monthly_counts, team_weeks, top_outlets, year_to_date
from awards.workbook import write_bulletin_workbook
from awards.years import resolve_year
from correspondents.access import editor_required
from outlets.models import Level

from .listing import XLSX
from .years import FIRST_YEAR, recent_years

CHART_HEIGHT = 160


def year_param(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    year = int(raw) if raw.isdigit() else this_year
    return year if FIRST_YEAR <= year <= this_year + 1 else this_year


def _chart(months) -> tuple[list[dict], int]:
    peak = max((row.total for row in months), default=0) or 1
    bars = []
    for row in months:
        height = round(row.total / peak * CHART_HEIGHT)
        bars.append({"row": row, "height": height, "x": 40 + (row.month - 1) * 52, "y": CHART_HEIGHT + 20 - height})
    return bars, peak


@editor_required
def statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = year_param(request)
    units = year_tallies(resolve_year(year), people=False).units
    months = monthly_counts(year)
    chart, peak = _chart(months)
    ytd_rows, ytd_total, last_day = year_to_date(today)
    mondays, teams = team_weeks(today)
    return render(request, "desk/statistics.html", {
        "year": year, "years": recent_years(),
        "units": units, "unit_totals": summed(units),
        "months": months, "chart": chart, "chart_height": CHART_HEIGHT, "peak": peak,
        "ytd_rows": ytd_rows, "ytd_total": ytd_total, "today": today, "last_day": last_day,
        "mondays": mondays, "teams": teams, "top_outlets": top_outlets(year),
    })


def _month_param(request: HttpRequest) -> tuple[int, int]:
    raw = request.GET.get("month", "")
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in raw.split("-"))
        if FIRST_YEAR <= year <= today.year + 1 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    return previous.year, previous.month


def _bulletin(year: int, month: int):
    rules = resolve_year(year).rules
    start, end = month_bounds(year, month)
    units = unit_tallies(rules, start, end)
    notable = list(placement_details_in(start, end, rules=rules, levels=[Level.NATIONAL, Level.PROVINCIAL]))
    return start, end, units, notable


@editor_required
def bulletin(request: HttpRequest) -> HttpResponse:
    year, month = _month_param(request)
    start, end, units, notable = _bulletin(year, month)
    return render(request, "desk/bulletin.html", {
        "year": year, "month": month, "month_value": f"{year}-{month:02d}", "start": start, "end": end,
        "units": [u for u in units if u.total], "quiet_units": [u.name for u in units if not u.total],
        "notable": notable, "total": summed(units).total,
    })


@editor_required
def bulletin_export(request: HttpRequest) -> FileResponse:
    year, month = _month_param(request)
    start, end, units, notable = _bulletin(year, month)
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_bulletin_workbook(buffer, units=units, notable=notable)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"月度通报-{year}年{month}月.xlsx", content_type=XLSX)
