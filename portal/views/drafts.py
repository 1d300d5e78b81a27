"""Writing and revising a draft, with its attachments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from contributions.models import Attachment, Contribution, State
from contributions.services import (
    attachment_add,
    attachment_remove,
    contribution_create,
    contribution_update,
)
from correspondents.models import Correspondent
from correspondents.network import scope_of
from correspondents.selectors import person_label
from planning.models import Answer, Assignment
from planning.selectors import topic_stage_value
from planning.services import answer_link, tag_contribution

from ..access import correspondent_required, mine
from ..forms import DraftForm


def _save_draft(request, form: DraftForm, contribution: Contribution | None,
                assignment: Assignment | None = None) -> Contribution:
    data = form.cleaned_data
    with transaction.atomic():
        if contribution is None:
            contribution = contribution_create(
                title=data["title"], body=data["body"], genre=data["genre"], credited_unit=data["credited_unit"],
                authors=data["authors"], shares=data["share_list"], actor=request.user,
            )
        else:
            contribution = contribution_update(
                contribution=contribution, actor=request.user, title=data["title"], body=data["body"],
                genre=data["genre"], credited_unit=data["credited_unit"], authors=data["authors"],
                shares=data["share_list"],
            )
        for upload in data["attachments"]:
            attachment_add(contribution=contribution, upload=upload, actor=request.user)
        topic, stage = data["topic_stage"]
        if topic is not None:
            tag_contribution(contribution=contribution, topic=topic, stage=stage, actor=request.user)
        if assignment is not None and not Answer.objects.filter(contribution=contribution).exists():
            answer_link(assignment=assignment, contribution=contribution, actor=request.user)
    return contribution


def _draft_page(request: HttpRequest, contribution: Contribution | None,
                assignment: Assignment | None = None) -> HttpResponse:
    byline = (list(contribution.authorships.select_related("correspondent__unit").order_by("position"))
              if contribution else [])
    writer = byline[0].correspondent if byline else request.correspondent
    editable = writer.pk == request.correspondent.pk
    initial = {}
    if contribution is not None:
        initial = {
            "title": contribution.title, "genre": contribution.genre, "body": contribution.body,
            "credited_unit": contribution.credited_unit_id,
            "co_authors": "、".join(person_label(a.correspondent.name, a.correspondent.unit.name) for a in byline[1:]),
            "shares": "、".join(str(a.share) for a in byline) if len(byline) > 1 else "",
        }
        tag = contribution.topic_tags.first()
        if tag is not None:
            initial["topic_stage"] = topic_stage_value(tag.topic_id, tag.stage_id)
    elif assignment is not None:  # writing for an assignment: its topic, stage and genre to start with
        initial = {"genre": assignment.genre or None,
                   "topic_stage": topic_stage_value(assignment.topic_id, assignment.stage_id)}
    removing = None
    if request.method == "POST":
        form = DraftForm(request.POST, request.FILES, writer=writer, byline_editable=editable, initial=initial)
        if "remove_confirmed" in request.POST:  # confirmed in the browser's dialog, or on the page
            return _remove_attachment(request, form, contribution,
                                      _attachment_of(contribution, request.POST["remove_confirmed"]))
        if "remove_attachment" in request.POST:
            # No JavaScript asked: ask on the page, inside the form, so the text comes along again.
            removing = _attachment_of(contribution, request.POST["remove_attachment"])
        elif form.is_valid():
            try:
                contribution = _save_draft(request, form, contribution, assignment)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if form.named_the_writer:
                    messages.info(request, "合作者中写了您本人，已略去：您是这篇稿件的第一作者。")
                if "submit" in request.POST:
                    return redirect("portal:contribution-submit", pk=contribution.pk)
                messages.success(request, "已保存草稿。")
                return redirect("portal:contribution-edit", pk=contribution.pk)
    else:
        form = DraftForm(writer=writer, byline_editable=editable, initial=initial)
    dropped = [upload.name for upload in request.FILES.getlist("attachments")] if form.errors else []
    return render(request, "portal/draft_form.html", {
        "form": form, "contribution": contribution, "removing": removing, "assignment": assignment,
        "dropped_files": dropped,
        "attachments": contribution.attachments.all() if contribution else [],
        "last_return": contribution.transitions.filter(to_state=State.RETURNED).last() if contribution else None,
    })


def _attachment_of(contribution: Contribution | None, raw_pk: str) -> Attachment:
    if contribution is None or not raw_pk.isdigit():
        raise Http404
    return get_object_or_404(contribution.attachments, pk=int(raw_pk))


def _remove_attachment(request: HttpRequest, form: DraftForm, contribution: Contribution,
                       attachment: Attachment) -> HttpResponse:
    """Delete an attachment from the edit page without losing what was typed: the text is saved as a
    draft first (when it can be), and shown again as typed when it cannot."""
    saved = False
    if form.is_valid():
        try:
            contribution = _save_draft(request, form, contribution)
            saved = True
        except ValidationError as error:
            form.add_error(None, error)
    try:
        attachment_remove(attachment=attachment, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已删除附件“{attachment.original_name}”" + ("，填写的内容已保存为草稿。" if saved else "。"))
    if saved:
        return redirect("portal:contribution-edit", pk=contribution.pk)
    return render(request, "portal/draft_form.html", {
        "form": form, "contribution": contribution, "attachments": contribution.attachments.all(),
        "last_return": contribution.transitions.filter(to_state=State.RETURNED).last(),
    })


@correspondent_required
def contribution_new(request: HttpRequest) -> HttpResponse:
    """A new draft; ?assignment= writes it for one of my assignments (回应约稿)."""
    assignment = None
    raw = request.GET.get("assignment", "")
    if raw.isdigit():
        assignment = get_object_or_404(Assignment.objects.for_correspondent(request.correspondent).select_related("topic"),
                                       pk=int(raw))
    return _draft_page(request, None, assignment)


@correspondent_required
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = mine(request, pk)
    if not contribution.may_be_edited_by_authors:
        messages.error(request, f"稿件处于“{contribution.get_state_display()}”状态，不能修改。")
        return redirect("portal:contribution-detail", pk=pk)
    return _draft_page(request, contribution)


@correspondent_required
def people_search_json(request: HttpRequest) -> JsonResponse:
    """Suggestions for the co-author field: "姓名（单位）" of active correspondents whose name matches."""
    query = request.GET.get("q", "").strip()
    people = []
    if query:
        network = scope_of(request.office_id).network  # the writer's home office's people
        people = [person_label(name, unit) for name, unit in
                  Correspondent.objects.active().filter(name__contains=query,
                                                        **({} if network is None else {"unit__in": sorted(network)}))
                  .order_by("name", "unit__name").values_list("name", "unit__name")[:10]]
    return JsonResponse({"results": people})
