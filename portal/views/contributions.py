"""My contributions: the list by state, one piece with its history, submitting, attachments.

Every lookup goes through contributions_of(correspondent): another person's piece is a 404,
whatever id is guessed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from awards.selectors import points_of_placements
from contributions.models import Attachment, Contribution, State
from contributions.selectors import contributions_of, possible_duplicates, with_byline
from contributions.services import contribution_transition, forward_path
from contributions.states import PORTAL_GROUPS, group_named
from contributions.uploads import stored_file_response
from contributions.workflow import submission_target
from correspondents.network import scope_of

from ..access import correspondent_required, mine


@correspondent_required
def my_contributions(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("group", "")
    contributions = contributions_of(request.correspondent).select_related("credited_unit")
    if chosen := group_named(PORTAL_GROUPS, group):
        contributions = contributions.in_state(*chosen.states)
    query = request.GET.get("q", "").strip()
    if query:
        contributions = contributions.filter(title__icontains=query)
    page = Paginator(with_byline(contributions.order_by("-updated_at", "-id")), 20).get_page(request.GET.get("page"))
    return render(request, "portal/contributions.html", {
        "page": page, "group": group, "groups": [(chosen.key, chosen.label) for chosen in PORTAL_GROUPS],
        "q": query, "query_string": f"group={group}&q={query}",
    })


@correspondent_required
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = mine(request, pk)
    placements = list(contribution.placements.select_related("outlet", "column", "contribution").order_by("published_on"))
    points = points_of_placements(placements, office=request.office_id)
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
        "award_entries": contribution.award_entries.all(),
        "last_return": next((t for t in reversed(transitions) if t.to_state == State.RETURNED), None),
        "path": forward_path(contribution) if contribution.forwards.exists() else [],
    })


@correspondent_required
def contribution_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm before sending to the office; warn about near-identical titles first."""
    contribution = mine(request, pk)
    target = submission_target(contribution)
    if request.method == "POST":
        try:
            contribution_transition(contribution=contribution, to_state=target, actor=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect("portal:contribution-detail", pk=pk)
        if target == State.AWAITING_SIGN_OFF:
            messages.success(request, f"《{contribution.title}》已报送本单位审签人，审签通过后送{scope_of(request.office_id).name}。")
        else:
            messages.success(request, f"《{contribution.title}》已报送，{scope_of(request.office_id).name}审核后会通知您。")
        return redirect("portal:contribution-detail", pk=pk)
    return render(request, "portal/submit_confirm.html", {
        "contribution": contribution, "sign_off": target == State.AWAITING_SIGN_OFF,
        "duplicates": possible_duplicates(
            title=contribution.title, around=timezone.localtime(contribution.created_at).date(),
            exclude_pk=contribution.pk,
            among=Contribution.objects.filter(**scope_of(request.office_id).units_filter("credited_unit"))),
    })


@correspondent_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(
        Attachment.objects.filter(contribution__in=contributions_of(request.correspondent)), pk=pk
    )
    return stored_file_response(attachment.file, attachment.original_name)
