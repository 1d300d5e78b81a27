"""Every piece, whatever its state: the search the desk lacked, and 待刊用 (accepted, not yet placed)."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from contributions.models import Authorship, State
from correspondents.access import editor_required

from ..filters import DeskContributionFilter
from ..office import contributions_seen
from .listing import page_of, query_without_page


@editor_required
def contribution_list(request: HttpRequest) -> HttpResponse:
    filterset = DeskContributionFilter(request.GET or None, office=request.office,
                                       queryset=contributions_seen(request.office).select_related("credited_unit"))
    pieces = filterset.qs.order_by("-created_at", "-id").prefetch_related(
        Prefetch("authorships", queryset=Authorship.objects.select_related("correspondent").order_by("position")))
    state = request.GET.get("state", "")
    return render(request, "desk/contribution_list.html", {
        "filter": filterset, "page": page_of(request, pieces), "query_string": query_without_page(request),
        "to_place": state == State.ACCEPTED,
    })
