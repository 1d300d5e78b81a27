"""A correspondent's year: the same numbers the year-end workbook prints for them."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject as later

from awards import cached as cached_numbers
from awards.years import resolve_year, year_calendar
from contributions.models import State
from contributions.paging import cursors
from contributions.selectors import contributions_of
from planning.models import Assignment
from planning.progress import labelled, open_assignments
from planning.selectors import notices_for

from ..access import correspondent_required

TASKS_ON_HOME = 10


@correspondent_required
def home(request: HttpRequest) -> HttpResponse:
    """A correspondent's year: the same numbers the year-end workbook prints for them."""
    office = request.office_id
    calendar = year_calendar(office)
    year = resolve_year(calendar.parse(request.GET.get("year")), office=office)
    me, people_count = cached_numbers.person(year.number, request.correspondent.pk, office=office)
    after, before = cursors(request)
    # The person's row of the tally already counts these placements: no COUNT of the table.
    page = later(lambda: cached_numbers.person_placements(year, request.correspondent.pk, after=after, before=before,
                                                          count=me.total if me else 0))
    returned = contributions_of(request.correspondent).filter(state=State.RETURNED).order_by("-updated_at")[:5]
    today = timezone.localdate()
    tasks = list(open_assignments(Assignment.objects.for_correspondent(request.correspondent).recent(today), today)
                 .select_related("topic", "unit", "team")[:TASKS_ON_HOME])
    labelled(tasks, today)
    return render(request, "portal/home.html", {
        "tasks": tasks, "notices": notices_for(request.correspondent).filter(read=False)[:5],
        "year": year.number, "period": year, "years": calendar.offered(), "me": me,
        "people_count": people_count, "page": page,
        "correspondent_id": request.correspondent.pk, "after": after, "before": before, "office": office,
        "office_scope": year.scope,
        "frozen": year.is_closed, "returned": returned,
        "quota_percent": min(100, round(me.completion * 100)) if me and me.completion is not None else None,
    })
