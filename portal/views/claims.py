"""刊发申报: a correspondent reports where a piece ran; the office verifies it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from contributions.models import PlacementClaim, Prominence
from contributions.selectors import contributions_of
from contributions.services import claim_create
from contributions.states import CLAIMABLE

from ..access import correspondent_required, mine
from ..forms import ClaimForm


@correspondent_required
def claim_new(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = mine(request, pk)
    if not contribution.may_be_claimed:
        messages.error(request, f"稿件处于“{contribution.get_state_display()}”状态，还不能刊发申报。")
        return redirect("portal:contribution-detail", pk=pk)
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim_create(contribution=contribution, claimed_by=request.correspondent, actor=request.user,
                         outlet=data["outlet"], published_on=data["published_on"], page=data["page"],
                         prominence=data["prominence"] or Prominence.REGULAR, url=data["url"], evidence=data["evidence"])
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


@correspondent_required
def claim_pick(request: HttpRequest) -> HttpResponse:
    """新的刊发申报: which of my pieces ran? (pieces the office has and has not turned down)."""
    query = request.GET.get("q", "").strip()
    pieces = contributions_of(request.correspondent).filter(state__in=CLAIMABLE)
    if query:
        pieces = pieces.filter(title__icontains=query)
    page = Paginator(pieces.select_related("credited_unit").order_by("-updated_at", "-id"), 20) \
        .get_page(request.GET.get("page"))
    return render(request, "portal/claim_pick.html", {"page": page, "q": query, "query_string": f"q={query}"})
