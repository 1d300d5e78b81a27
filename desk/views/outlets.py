"""新闻单位: the outlets the office works with, and for each its contacts, its cooperation agreements
with how they are kept, the coordination meetings it came to, and the year's placements of the
office's network (the outlets are everyone's; what an office did with them is its own)."""

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from awards.years import resolve_year, year_calendar
from contributions.models import Placement
from contributions.paging import keyset_page
from correspondents.access import editor_required
from liaison.delivery import deliveries_of
from liaison.models import Agreement, Contact, Meeting
from outlets.models import Outlet

from .statistics import year_param


@editor_required
def outlet_list(request: HttpRequest) -> HttpResponse:
    office = request.office.office_id
    outlets = (Outlet.objects.active()
               .annotate(contact_count=Count("contacts", filter=Q(contacts__office_id=office, contacts__active=True),
                                             distinct=True),
                         agreement_count=Count("agreements", filter=Q(agreements__office_id=office), distinct=True))
               .order_by("level", "name"))
    return render(request, "desk/outlet_list.html", {"outlets": outlets})


@editor_required
def outlet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    office = request.office.office_id
    outlet = get_object_or_404(Outlet, pk=pk)
    year = year_param(request)
    period = resolve_year(year, office=office)
    today = timezone.localdate()
    agreements = Agreement.objects.filter(office_id=office, outlet=outlet).select_related("column", "outlet")
    placements = (Placement.objects.in_period(period.start, period.end).filter(outlet=outlet)
                  .filter(**request.office.units_filter("contribution__credited_unit"))
                  .select_related("contribution__credited_unit", "column"))
    page = keyset_page(request, placements)
    return render(request, "desk/outlet_detail.html", {
        "outlet": outlet, "year": year, "years": year_calendar(office).offered(), "page": page,
        "contacts": Contact.objects.filter(office_id=office, outlet=outlet).order_by("-active", "role", "name"),
        "deliveries": deliveries_of(list(agreements), today),
        "meetings": Meeting.objects.filter(office_id=office, outlets=outlet).prefetch_related("topics")[:20],
        "columns": outlet.columns.filter(parent__isnull=True).prefetch_related("children"),
    })
