"""培训 on the desk: the office's sessions with the year's count, a session's sign-ups and attendance,
a person's training history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from awards.years import resolve_year, year_calendar
from contributions.uploads import stored_file_response
from correspondents.access import editor_required
from training.models import Material, Session
from training.selectors import history_of, sessions_with_counts, year_training
from training.services import attendance_set

from ..office import people_seen
from .statistics import year_param


@editor_required
def training_list(request: HttpRequest) -> HttpResponse:
    office = request.office.office_id
    year = year_param(request)
    period = resolve_year(year, office=office)
    sessions = sessions_with_counts(office).filter(starts_on__range=(period.start, period.end)).order_by("-starts_on")
    return render(request, "desk/training_list.html", {
        "year": year, "years": year_calendar(office).offered(), "sessions": sessions,
        "summary": year_training(office, period.start, period.end)})


@editor_required
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session, pk=pk, office_id=request.office.office_id)
    participants = session.participants.select_related("correspondent__unit").order_by("correspondent__name")
    if request.method == "POST":
        came = people_seen(request.office).filter(pk__in=request.POST.getlist("came"),
                                                  trainings__session=session)
        try:
            count = attendance_set(session=session, came=list(came), actor=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已登记出席 {count} 人。")
            return redirect("desk:training-detail", pk=pk)
    return render(request, "desk/training_detail.html", {
        "session": session, "participants": participants, "materials": session.materials.all()})


@editor_required
def training_material(request: HttpRequest, pk: int):
    material = get_object_or_404(Material, pk=pk, session__office_id=request.office.office_id)
    return stored_file_response(material.file, material.original_name)


@editor_required
def person_trainings(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(people_seen(request.office).select_related("unit"), pk=pk)
    rows = history_of(person)
    if not request.user.is_superuser:
        rows = rows.filter(session__office_id=request.office.office_id)
    return render(request, "desk/person_trainings.html", {"person": person, "rows": rows})

