"""Commissioned pieces (约稿): overdue first, commissioning one topic from many units at once, and
linking a piece that answers an assignment."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from awards.years import period_of, year_calendar
from contributions.selectors import search_contributions
from correspondents.access import editor_required
from correspondents.selectors import units_in_administrative_order
from planning.models import Answer, Assignment, Topic
from planning.progress import labelled, with_progress
from planning.selectors import STATUS_CHOICES, filter_by_status, topic_stage_value
from planning.services import (
    answer_link,
    answer_unlink,
    assign,
    assignment_delete,
    assignment_update,
)

from ..office import contribution_for_desk, contributions_seen
from ..planning_forms import AssignmentEditForm, AssignmentForm
from .listing import page_of, query_without_page


@editor_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    office = request.office.office_id
    assignments = with_progress(Assignment.objects.filter(office_id=office).select_related(
        "topic", "stage", "unit", "correspondent__unit", "team"), today)
    status = request.GET.get("status", "")
    assignments = filter_by_status(assignments, status, today)
    period = request.GET.get("period", "")
    if period.isdigit() and int(period) in year_calendar(office).offered():
        assignments = assignments.due_between(*period_of(int(period), office=office))
    elif period != "all":
        assignments = assignments.recent(today)
    topic = request.GET.get("topic", "")
    if topic.isdigit():
        assignments = assignments.filter(topic_id=int(topic))
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        assignments = assignments.for_unit(int(unit))
    page = page_of(request, assignments.order_by("-overdue", "due_on", "id"))
    labelled(page, today)
    return render(request, "desk/assignment_list.html", {
        "from_above": from_above(request.office, today),
        "page": page, "statuses": STATUS_CHOICES, "status": status, "topics": Topic.objects.filter(office_id=office).order_by("-starts_on"),
        "topic": topic, "units": units_in_administrative_order(within=request.office.network), "unit": unit,
        "query_string": query_without_page(request), "period": period, "years": year_calendar(office).offered(),
    })


FROM_ABOVE = 50


def from_above(scope, today) -> list:
    """What the offices above commissioned from this office's network (read only here: the office
    that commissioned it follows it up), recent ones, overdue first."""
    if scope.network is None:
        return []
    above = with_progress(Assignment.objects.exclude(office_id=scope.office_id).within(scope.network).recent(today)
                          .select_related("office", "topic", "stage", "unit", "correspondent__unit", "team"), today)
    return labelled(list(above.order_by("-overdue", "due_on", "id")[:FROM_ABOVE]), today)


@editor_required
def assignment_new(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("topic", "").isdigit():
        initial["topic_stage"] = f"t{request.GET['topic']}"
    form = AssignmentForm(request.POST or None, initial=initial, office=request.office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        topic, stage = data["topic_stage"]
        try:
            created = assign(office=request.office.office_id, topic=topic, stage=stage, genre=data["genre"], brief=data["brief"], due_on=data["due_on"],
                             note=data["note"], units=data["unit_list"], teams=data["teams"],
                             correspondents=data["people"], actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已发出约稿 {len(created)} 项，{data['due_on']:%Y-%m-%d} 截止。")
            return redirect("desk:topic-detail", pk=topic.pk) if topic else redirect("desk:assignment-list")
    return render(request, "desk/assignment_form.html", {"form": form})


@editor_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    assignment = get_object_or_404(with_progress(Assignment.objects.filter(office_id=request.office.office_id).select_related(
        "topic", "stage", "unit", "correspondent__unit", "team", "created_by"), today), pk=pk)
    labelled([assignment], today)
    form = AssignmentEditForm(request.POST or None, current_topic=assignment.topic_id,
                              office=request.office.office_id, initial={
        "topic_stage": topic_stage_value(assignment.topic_id, assignment.stage_id), "genre": assignment.genre, "brief": assignment.brief,
        "due_on": assignment.due_on, "note": assignment.note})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        topic, stage = data["topic_stage"]
        try:
            assignment_update(assignment=Assignment.objects.get(pk=pk), actor=request.user, topic=topic, stage=stage,
                              genre=data["genre"], brief=data["brief"], due_on=data["due_on"], note=data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已保存约稿。")
            return redirect("desk:assignment-detail", pk=pk)
    query = request.GET.get("q", "").strip()
    return render(request, "desk/assignment_detail.html", {
        "assignment": assignment, "form": form, "today": today,
        "answers": Answer.objects.filter(assignment=assignment).select_related("contribution__credited_unit"),
        "q": query, "results": search_contributions(query, limit=10, among=contributions_seen(request.office))
        if query else [],
    })


@require_POST
@editor_required
def assignment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment, pk=pk, office_id=request.office.office_id)
    assignment_delete(assignment=assignment, actor=request.user)
    messages.success(request, f"已撤销对{assignment.assignee_name}的约稿。")
    return redirect("desk:assignment-list")


@require_POST
@editor_required
def assignment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Link an existing piece to the assignment (it answers it)."""
    assignment = get_object_or_404(Assignment, pk=pk, office_id=request.office.office_id)
    raw = request.POST.get("contribution", "")
    if not raw.isdigit():
        raise Http404("请选择稿件。")
    contribution = contribution_for_desk(request.office, int(raw))
    try:
        answer_link(assignment=assignment, contribution=contribution, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"《{contribution.title}》已记为这项约稿的交稿。")
    return redirect("desk:assignment-detail", pk=pk)


@require_POST
@editor_required
def assignment_unanswer(request: HttpRequest, pk: int, answer_id: int) -> HttpResponse:
    answer = get_object_or_404(Answer, pk=answer_id, assignment_id=pk,
                               assignment__office_id=request.office.office_id)
    answer_unlink(answer=answer, actor=request.user)
    messages.success(request, "已取消这篇稿件与约稿的关联。")
    return redirect("desk:assignment-detail", pk=pk)
