"""待我审签: a unit's 审签人 (a leader) reads the pieces its correspondents submitted and signs each off
(审签通过: on to the office) or returns it with a note; phone-first, like the rest of the portal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from contributions.models import Contribution, State
from contributions.selectors import with_byline
from contributions.services import contribution_transition
from correspondents.sign_off import signed_units

from ..access import correspondent_required


def _waiting(request: HttpRequest):
    return Contribution.objects.filter(credited_unit_id__in=signed_units(request.user),
                                       state=State.AWAITING_SIGN_OFF)


def _not_a_signer(request: HttpRequest) -> HttpResponse | None:
    if signed_units(request.user):
        return None
    messages.info(request, "审签由本单位的审签人（领导）负责；您不是审签人。")
    return redirect("portal:home")


@correspondent_required
def sign_off_list(request: HttpRequest) -> HttpResponse:
    if refusal := _not_a_signer(request):
        return refusal
    pieces = with_byline(_waiting(request).select_related("credited_unit").order_by("updated_at", "id"))
    return render(request, "portal/sign_off_list.html", {
        "page": Paginator(pieces, 20).get_page(request.GET.get("page"))})


@correspondent_required
def sign_off_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A piece this user may sign off, or 404 (a non-signer's list is empty)."""
    piece = get_object_or_404(_waiting(request).select_related("credited_unit"), pk=pk)
    if request.method == "POST":
        decision = request.POST.get("decision")
        target = {"approve": State.SUBMITTED, "return": State.RETURNED}.get(decision)
        if target is None:
            messages.error(request, "请选择“审签通过”或“退回修改”。")
        else:
            try:
                contribution_transition(contribution=piece, to_state=target, actor=request.user,
                                        note=request.POST.get("note", ""))
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, f"《{piece.title}》{'已审签通过，送研究室审核' if decision == 'approve' else '已退回作者修改'}。")
                return redirect("portal:sign-off")
    return render(request, "portal/sign_off_detail.html", {
        "contribution": piece, "note": request.POST.get("note", ""),
        "authorships": piece.authorships.select_related("correspondent").order_by("position"),
        "attachments": piece.attachments.all()})
