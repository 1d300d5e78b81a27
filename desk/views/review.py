"""The review queue and a contribution's page with its workflow buttons."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from contributions.forwards import Forward
from contributions.models import Contribution, Genre, State
from contributions.selectors import change_history, possible_duplicates, review_queue
from contributions.services import (
    allowed_moves,
    contribution_transition,
    forward_decline,
    forward_send,
    forward_take,
    holding_office,
)
from contributions.states import QUEUE_GROUPS, group_named, review_path
from contributions.uploads import stored_file_response
from contributions.workflow import office_name_of
from correspondents.access import editor_required
from correspondents.network import office_tree
from correspondents.selectors import units_in_administrative_order
from planning.models import Answer

from ..forms import TransitionForm
from ..office import (
    attachment_for_desk,
    contribution_for_desk,
    contributions_seen,
    may_review,
    reviewed_here,
    sent_up_waiting,
)
from ..planning_forms import TagForm
from .listing import page_of, query_without_page


def contribution_for_staff(request: HttpRequest, pk: int) -> Contribution:
    """A piece the desk's office may read (its network's, or sent up to it), else 404."""
    return contribution_for_desk(request.office, pk,
                                 Contribution.objects.select_related("credited_unit", "created_by"))


@editor_required
def review_queue_view(request: HttpRequest) -> HttpResponse:
    """The office's own queue: its units' pieces waiting for review, and what the offices below
    sent up to it."""
    state = request.GET.get("state", "")
    queue = review_queue(group=group_named(QUEUE_GROUPS, state)).filter(reviewed_here(request.office))
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        queue = queue.filter(credited_unit_id=int(unit))
    genre = request.GET.get("genre", "")
    if genre in Genre.values:
        queue = queue.filter(genre=genre)
    query = request.GET.get("q", "").strip()
    if query:
        queue = queue.filter(title__icontains=query)
    page = page_of(request, queue)
    now = timezone.now()
    for contribution in page:
        waited_since = contribution.submitted_at or contribution.created_at
        contribution.waiting_days = (now - waited_since).days
    return render(request, "desk/queue.html", {
        "page": page, "state": state, "states": [(group.key, group.label) for group in QUEUE_GROUPS],
        "units": units_in_administrative_order(within=request.office.network), "unit": unit,
        "forwards": sent_up_waiting(request.office),
        "genres": Genre.choices, "genre": genre, "q": query, "query_string": query_without_page(request),
    })


@editor_required
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = contribution_for_staff(request, pk)
    moves = allowed_moves(contribution, request.user)
    forwards = list(contribution.forwards.select_related("from_office", "to_office", "sent_by", "decided_by"))
    office = request.office.office_id
    transitions = list(contribution.transitions.select_related("actor__correspondent"))
    return render(request, "desk/contribution_detail.html", {
        "contribution": contribution,
        "signed_off": next((t for t in reversed(transitions) if t.from_state == State.AWAITING_SIGN_OFF
                            and t.to_state == State.SUBMITTED), None),
        "authorships": contribution.authorships.select_related("correspondent__unit").order_by("position"),
        "attachments": contribution.attachments.all(),
        "transitions": transitions,
        "award_entries": contribution.award_entries.all(),
        "placements": contribution.placements.select_related("outlet", "column").order_by("published_on"),
        "moves": moves,
        "notes_needed": list(dict.fromkeys(move.label for move in moves if move.needs_note)),
        "duplicates": possible_duplicates(title=contribution.title, around=timezone.localtime(contribution.created_at).date(),
                                          exclude_pk=contribution.pk, among=contributions_seen(request.office)),
        "history": change_history(contribution),
        "tags": contribution.topic_tags.select_related("topic", "stage"),
        "tag_form": TagForm(office=request.office.office_id),
        "answer": Answer.objects.filter(contribution=contribution).select_related("assignment").first(),
        "forwards": forwards,
        "to_decide": next((f for f in forwards if f.to_office_id == office and f.state == Forward.ForwardState.SENT),
                          None),
        "may_send_up": (contribution.may_be_forwarded and office_tree().parent(office) is not None
                        and holding_office(contribution, office)
                        and not any(f.from_office_id == office for f in forwards)),
        "reviewed_elsewhere": not may_review(request.office, contribution),
        "reviewing_office": office_name_of(contribution),
    })


@require_POST
@editor_required
def contribution_move(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = contribution_for_staff(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "操作无效，请刷新页面后重试。")
        return redirect("desk:contribution-detail", pk=pk)
    # The state the editor saw on the page: if someone moved the piece since, the service refuses.
    contribution.state = form.cleaned_data["seen_state"]
    target = form.cleaned_data["to_state"]
    path = review_path(contribution.state, target)
    move = path[-1] if path else None
    try:
        contribution_transition(contribution=contribution, to_state=target, actor=request.user,
                                note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"《{contribution.title}》已{move.label if move else '处理'}，作者将收到通知。")
        if target in {State.RETURNED, State.REJECTED} or "next" in request.POST:
            return redirect("desk:review-queue")
    return redirect("desk:contribution-detail", pk=pk)


@editor_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = attachment_for_desk(request.office, pk)
    return stored_file_response(attachment.file, attachment.original_name)


@require_POST
@editor_required
def contribution_send_up(request: HttpRequest, pk: int) -> HttpResponse:
    """报送上级: the office's accepted piece goes to the office above it, with a note."""
    contribution = contribution_for_staff(request, pk)
    try:
        forward = forward_send(contribution=contribution, from_office=request.office.office_id, actor=request.user,
                               note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已把《{contribution.title}》报送{forward.to_office.name}。")
    return redirect("desk:contribution-detail", pk=pk)


@require_POST
@editor_required
def forward_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """采用 or 不采用 a piece an office below sent up (only the office it was sent to)."""
    forward = get_object_or_404(Forward.objects.select_related("contribution"), pk=pk,
                                to_office_id=request.office.office_id)
    try:
        if request.POST.get("decision") == "take":
            forward_take(forward=forward, actor=request.user)
            messages.success(request, f"已采用《{forward.contribution.title}》：可以登记用稿，也可以继续报送上级。")
        else:
            forward_decline(forward=forward, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, f"已不采用《{forward.contribution.title}》，报送的机构和作者会看到原因。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("desk:contribution-detail", pk=forward.contribution_id)
