"""The publicity plan: a year's topics as a list and month by month, in and out of a workbook, each
topic's page following it through its stages, and topics on pieces."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from awards.years import resolve_year, year_calendar
from correspondents.access import editor_required
from planning.models import Assignment, Topic, TopicTag
from planning.plan_sheets import HEADERS as PLAN_HEADERS
from planning.plan_sheets import import_plan, write_plan
from planning.progress import completion
from planning.selectors import counted, plan_calendar, plan_topics, topic_coverage
from planning.services import tag_contribution, topic_save, untag_contribution
from sheets.reading import SheetError, size_refusal

from ..office import contribution_for_desk
from ..planning_forms import PlanUploadForm, TagForm, TopicForm
from .listing import XLSX
from .statistics import year_param


@editor_required
def plan(request: HttpRequest) -> HttpResponse:
    office = request.office.office_id
    year = resolve_year(year_param(request), office=office)
    today = timezone.localdate()
    topics = list(plan_topics(year.start, year.end).filter(office_id=office).select_related("owner").annotate(
        pieces=counted(TopicTag.objects.filter(topic=OuterRef("pk"))),
        commissioned=counted(Assignment.objects.filter(topic=OuterRef("pk")))))
    due = dict(Assignment.objects.filter(office_id=office).due_between(year.start, year.end).values_list("due_on")
               .annotate(n=Count("pk")).order_by())
    return render(request, "desk/plan.html", {
        "year": year.number, "period": year, "years": year_calendar(office).offered(), "topics": topics,
        "months": plan_calendar(year.months(), topics, due),
        "today": today, "headers": PLAN_HEADERS, "form": PlanUploadForm(),
    })


@editor_required
def plan_export(request: HttpRequest) -> FileResponse:
    office = request.office.office_id
    year = resolve_year(year_param(request), office=office)
    buffer = io.BytesIO()
    write_plan(plan_topics(year.start, year.end).filter(office_id=office), buffer, year=year.number)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"{year}年宣传计划.xlsx", content_type=XLSX)


@require_POST
@editor_required
def plan_import(request: HttpRequest) -> HttpResponse:
    form = PlanUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择计划表格（.xlsx 或 .csv）。")
        return redirect("desk:plan")
    upload = form.cleaned_data["file"]
    if refusal := size_refusal(upload.size):
        messages.error(request, refusal)
        return redirect("desk:plan")
    try:
        result = import_plan(name=upload.name, data=upload.read(), actor=request.user,
                             office=request.office.office_id)
    except SheetError as error:
        messages.error(request, str(error))
        return redirect("desk:plan")
    if result.errors:
        messages.error(request, f"计划表格有 {len(result.errors)} 处错误，没有导入任何选题：" + " ".join(result.errors[:20]))
    else:
        messages.success(request, f"已导入计划：新增选题 {result.created} 个，更新 {result.updated} 个。")
    return redirect("desk:plan")


def _topic_form_page(request: HttpRequest, topic: Topic) -> HttpResponse:
    form = TopicForm(request.POST or None, instance=topic, office=request.office.office_id,
                     initial={} if topic.pk else {"owner": request.user, "starts_on": timezone.localdate(),
                                                  "ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            topic = form.save(commit=False)
            topic.office_id = request.office.office_id
            topic = topic_save(topic=topic, stages=form.stage_list(), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存选题“{topic.title}”。")
            return redirect("desk:topic-detail", pk=topic.pk)
    return render(request, "desk/topic_form.html", {"form": form, "topic": topic})


@editor_required
def topic_new(request: HttpRequest) -> HttpResponse:
    return _topic_form_page(request, Topic())


@editor_required
def topic_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _topic_form_page(request, get_object_or_404(Topic, pk=pk, office_id=request.office.office_id))


@editor_required
def topic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The topic followed through its stages: pieces submitted, accepted and placed (level, outlet),
    the assignments and their state, the stages with nothing yet."""
    topic = get_object_or_404(Topic.objects.select_related("owner"), pk=pk, office_id=request.office.office_id)
    today = timezone.localdate()
    stages = topic_coverage(topic, today)
    return render(request, "desk/topic_detail.html", {
        "topic": topic, "stages": stages, "gaps": [entry.stage.name for entry in stages if entry.gap],
        "completion": completion(topic.assignments.all(), today), "today": today,
        "notices": topic.notices.order_by("-published_at")[:5],
    })


@require_POST
@editor_required
def contribution_tag(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = contribution_for_desk(request.office, pk)
    form = TagForm(request.POST, office=request.office.office_id)
    if form.is_valid() and form.cleaned_data["topic_stage"][0] is not None:
        topic, stage = form.cleaned_data["topic_stage"]
        try:
            tag_contribution(contribution=contribution, topic=topic, stage=stage, actor=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已标注选题“{topic.title}”" + (f"（{stage.name}）" if stage else "") + "。")
    else:
        messages.error(request, "请选择选题。")
    return redirect("desk:contribution-detail", pk=pk)


@require_POST
@editor_required
def contribution_untag(request: HttpRequest, pk: int, tag_id: int) -> HttpResponse:
    tag = get_object_or_404(TopicTag, pk=tag_id, contribution=contribution_for_desk(request.office, pk))
    untag_contribution(tag=tag, actor=request.user)
    messages.success(request, f"已取消选题“{tag.topic.title}”。")
    return redirect("desk:contribution-detail", pk=pk)
