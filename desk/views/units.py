"""A unit's year, opened from its name in the statistics: its placements by month, level and outlet,
and the placements themselves with their points."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from awards import cached as cached_numbers
from awards.selectors import points_of_placements, summed
from awards.statistics import monthly_counts, top_outlets
from awards.years import resolve_year, year_calendar
from contributions.models import Placement
from contributions.paging import keyset_page
from correspondents.access import editor_required

from ..office import unit_for_desk
from .statistics import year_param


@editor_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    office = request.office.office_id
    unit = unit_for_desk(request.office, pk)
    year = year_param(request)
    period = resolve_year(year, office=office)
    months = monthly_counts(period, unit_id=unit.pk)
    row = next((row for row in cached_numbers.tallies(year, office=office, people=False).units if row.id == unit.pk),
               None)
    placements = (Placement.objects.in_period(period.start, period.end)
                  .filter(contribution__credited_unit=unit).select_related("contribution", "outlet"))
    page = keyset_page(request, placements)
    points = points_of_placements(page.rows, office=office)
    for placement in page.rows:
        placement.points = points.get(placement.pk)
    return render(request, "desk/unit_detail.html", {
        "unit": unit, "year": year, "years": year_calendar(office).offered(), "row": row, "months": months,
        "month_totals": summed(months), "outlets": top_outlets(period, None, unit_id=unit.pk),
        "page": page, "townships": unit.children.filter(active=True).order_by("sort_order", "name"),
    })
