"""The correspondents' portal: my year, write and submit drafts, revise, follow every piece to print.

Every lookup goes through contributions_of(correspondent): another person's piece is a 404,
whatever id is guessed.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject as later
from django.views.decorators.http import require_POST

from awards import cached as cached_numbers
from awards.selectors import points_of_placements
from awards.years import resolve_year
from contributions.models import Attachment, Contribution, PlacementClaim, State
from contributions.paging import cursors
from contributions.selectors import contributions_of, possible_duplicates, with_byline
from contributions.services import (
    attachment_add,
    attachment_remove,
    claim_create,
    contribution_create,
    contribution_transition,
    contribution_update,
)
from contributions.states import WAITING_FOR_OFFICE

from .access import correspondent_required
from .forms import ClaimForm, DraftForm

# The tabs of "my contributions": what a correspondent calls each group of states.
GROUPS = {
    "draft": ("草稿", (State.DRAFT,)),
    "office": ("已报送/审核中", tuple(WAITING_FOR_OFFICE)),
    "returned": ("退回修改", (State.RETURNED,)),
    "accepted": ("已录用", (State.ACCEPTED,)),
    "published": ("已刊发", (State.PUBLISHED,)),
    "rejected": ("未采用", (State.REJECTED,)),
}


def _year_param(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    year = int(raw) if raw.isdigit() else this_year
    return year if this_year - 10 <= year <= this_year else this_year


@correspondent_required
def home(request: HttpRequest) -> HttpResponse:
    """A correspondent's year: the same numbers the year-end workbook prints for them."""
    year = resolve_year(_year_param(request))
    me, people_count = cached_numbers.person(year.number, request.correspondent.pk)
    after, before = cursors(request)
    # The person's row of the tally already counts these placements: no COUNT of the table.
    page = later(lambda: cached_numbers.person_placements(year, request.correspondent.pk, after=after, before=before,
                                                          count=me.total if me else 0))
    this_year = timezone.localdate().year
    returned = contributions_of(request.correspondent).filter(state=State.RETURNED).order_by("-updated_at")[:5]
    return render(request, "portal/home.html", {
        "year": year.number, "years": range(this_year, this_year - 5, -1), "me": me,
        "people_count": people_count, "page": page,
        "correspondent_id": request.correspondent.pk, "after": after, "before": before,
        "frozen": year.is_closed, "returned": returned,
        "quota_percent": min(100, round(me.completion * 100)) if me and me.completion is not None else None,
    })


def _mine(request: HttpRequest, pk: int) -> Contribution:
    return get_object_or_404(contributions_of(request.correspondent).select_related("credited_unit"), pk=pk)


@correspondent_required
def my_contributions(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("group", "")
    contributions = contributions_of(request.correspondent).select_related("credited_unit")
    if group in GROUPS:
        contributions = contributions.filter(state__in=GROUPS[group][1])
    query = request.GET.get("q", "").strip()
    if query:
        contributions = contributions.filter(title__icontains=query)
    page = Paginator(with_byline(contributions.order_by("-updated_at", "-id")), 20).get_page(request.GET.get("page"))
    return render(request, "portal/contributions.html", {
        "page": page, "group": group, "groups": [(key, label) for key, (label, _) in GROUPS.items()],
        "q": query, "query_string": f"group={group}&q={query}",
    })


def _save_draft(request, form: DraftForm, contribution: Contribution | None) -> Contribution:
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
    return contribution


def _draft_page(request: HttpRequest, contribution: Contribution | None) -> HttpResponse:
    byline = list(contribution.authorships.select_related("correspondent").order_by("position")) if contribution else []
    writer = byline[0].correspondent if byline else request.correspondent
    editable = writer.pk == request.correspondent.pk
    initial = {}
    if contribution is not None:
        initial = {
            "title": contribution.title, "genre": contribution.genre, "body": contribution.body,
            "credited_unit": contribution.credited_unit_id,
            "co_authors": "、".join(a.correspondent.name for a in byline[1:]),
            "shares": "、".join(str(a.share) for a in byline) if len(byline) > 1 else "",
        }
    if request.method == "POST":
        form = DraftForm(request.POST, request.FILES, writer=writer, byline_editable=editable, initial=initial)
        if form.is_valid():
            try:
                contribution = _save_draft(request, form, contribution)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if "submit" in request.POST:
                    return redirect("portal:contribution-submit", pk=contribution.pk)
                messages.success(request, "已保存草稿。")
                return redirect("portal:contribution-edit", pk=contribution.pk)
    else:
        form = DraftForm(writer=writer, byline_editable=editable, initial=initial)
    return render(request, "portal/draft_form.html", {
        "form": form, "contribution": contribution,
        "attachments": contribution.attachments.all() if contribution else [],
        "last_return": contribution.transitions.filter(to_state=State.RETURNED).last() if contribution else None,
    })


@correspondent_required
def contribution_new(request: HttpRequest) -> HttpResponse:
    return _draft_page(request, None)


@correspondent_required
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _mine(request, pk)
    if not contribution.may_be_edited_by_authors:
        messages.error(request, f"稿件处于“{contribution.get_state_display()}”状态，不能修改。")
        return redirect("portal:contribution-detail", pk=pk)
    return _draft_page(request, contribution)


@correspondent_required
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _mine(request, pk)
    placements = list(contribution.placements.select_related("outlet", "column", "contribution").order_by("published_on"))
    points = points_of_placements(placements)
    for placement in placements:
        placement.points = points.get(placement.pk)
    transitions = list(contribution.transitions.select_related("actor"))
    return render(request, "portal/contribution_detail.html", {
        "contribution": contribution,
        "authorships": contribution.authorships.select_related("correspondent__unit").order_by("position"),
        "attachments": contribution.attachments.all(),
        "transitions": transitions,
        "placements": placements,
        "claims": contribution.claims.select_related("outlet").order_by("-created_at"),
        "last_return": next((t for t in reversed(transitions) if t.to_state == State.RETURNED), None),
    })


@correspondent_required
def contribution_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm before sending to the office; warn about near-identical titles first."""
    contribution = _mine(request, pk)
    if request.method == "POST":
        try:
            contribution_transition(contribution=contribution, to_state=State.SUBMITTED, actor=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect("portal:contribution-detail", pk=pk)
        messages.success(request, f"《{contribution.title}》已报送，研究室审核后会通知您。")
        return redirect("portal:contribution-detail", pk=pk)
    return render(request, "portal/submit_confirm.html", {
        "contribution": contribution,
        "duplicates": possible_duplicates(title=contribution.title, year=contribution.created_at.year,
                                          exclude_pk=contribution.pk),
    })


@correspondent_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(
        Attachment.objects.filter(contribution__in=contributions_of(request.correspondent)), pk=pk
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已不存在。") from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


@require_POST
@correspondent_required
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(
        Attachment.objects.filter(contribution__in=contributions_of(request.correspondent)).select_related("contribution"),
        pk=pk,
    )
    try:
        attachment_remove(attachment=attachment, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已删除附件“{attachment.original_name}”。")
    return redirect("portal:contribution-edit", pk=attachment.contribution_id)


@correspondent_required
def claim_new(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _mine(request, pk)
    if not contribution.may_be_claimed:
        messages.error(request, f"稿件处于“{contribution.get_state_display()}”状态，还不能申报刊发。")
        return redirect("portal:contribution-detail", pk=pk)
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim_create(contribution=contribution, claimed_by=request.correspondent, actor=request.user,
                         outlet=data["outlet"], published_on=data["published_on"], page=data["page"],
                         url=data["url"], evidence=data["evidence"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "刊发申报已提交，研究室核实后计入统计。")
            return redirect("portal:contribution-detail", pk=pk)
    return render(request, "portal/claim_form.html", {"form": form, "contribution": contribution})


@correspondent_required
def my_claims(request: HttpRequest) -> HttpResponse:
    claims = (
        PlacementClaim.objects.filter(Q(claimed_by=request.correspondent)
                                      | Q(contribution__in=contributions_of(request.correspondent)))
        .select_related("contribution", "outlet").order_by("-created_at")
    )
    return render(request, "portal/claims.html", {"page": Paginator(claims, 20).get_page(request.GET.get("page"))})
