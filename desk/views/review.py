"""The review queue and a contribution's page with its workflow buttons."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from contributions.models import Attachment, Contribution, Genre, State
from contributions.selectors import change_history, possible_duplicates, review_queue
from contributions.services import allowed_moves, contribution_transition
from contributions.states import QUEUE_GROUPS, group_named, review_path
from contributions.uploads import stored_file_response
from correspondents.access import editor_required
from correspondents.selectors import units_in_administrative_order
from planning.models import Answer

from ..forms import TransitionForm
from ..planning_forms import TagForm
from .listing import page_of, query_without_page


def contribution_for_staff(pk: int) -> Contribution:
    return get_object_or_404(Contribution.objects.select_related("credited_unit", "created_by"), pk=pk)


@editor_required
def review_queue_view(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    queue = review_queue(group=group_named(QUEUE_GROUPS, state))
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
        "units": units_in_administrative_order(), "unit": unit,
        "genres": Genre.choices, "genre": genre, "q": query, "query_string": query_without_page(request),
    })


@editor_required
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = contribution_for_staff(pk)
    moves = allowed_moves(contribution, request.user)
    return render(request, "desk/contribution_detail.html", {
        "contribution": contribution,
        "authorships": contribution.authorships.select_related("correspondent__unit").order_by("position"),
        "attachments": contribution.attachments.all(),
        "transitions": contribution.transitions.select_related("actor"),
        "placements": contribution.placements.select_related("outlet", "column").order_by("published_on"),
        "moves": moves,
        "notes_needed": list(dict.fromkeys(move.label for move in moves if move.needs_note)),
        "duplicates": possible_duplicates(title=contribution.title, around=timezone.localtime(contribution.created_at).date(),
                                          exclude_pk=contribution.pk),
        "history": change_history(contribution),
        "tags": contribution.topic_tags.select_related("topic", "stage"),
        "tag_form": TagForm(),
        "answer": Answer.objects.filter(contribution=contribution).select_related("assignment").first(),
    })


@require_POST
@editor_required
def contribution_move(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = contribution_for_staff(pk)
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
    attachment = get_object_or_404(Attachment, pk=pk)
    return stored_file_response(attachment.file, attachment.original_name)
