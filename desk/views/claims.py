"""Placement claims from correspondents, verified or declined by the office."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from contributions.selectors import claims_waiting
from contributions.services import claim_decline, claim_verify
from contributions.uploads import stored_file_response
from correspondents.access import editor_required

from ..office import claims_here
from .listing import page_of


@editor_required
def claims_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/claims.html",
                  {"page": page_of(request, claims_waiting().filter(pk__in=claims_here(request.office).values("pk")))})


@require_POST
@editor_required
def claim_decide(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(claims_here(request.office).select_related("contribution", "outlet"), pk=pk)
    try:
        if request.POST.get("decision") == "verify":
            claim_verify(claim=claim, actor=request.user)
            messages.success(request, f"已核实：《{claim.contribution.title}》{claim.outlet.name}，已计入用稿。")
        else:
            claim_decline(claim=claim, actor=request.user, note=request.POST.get("note", ""))
            messages.success(request, f"已不予认定《{claim.contribution.title}》的申报，申报人会看到原因。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("desk:claims")


@editor_required
def claim_evidence(request: HttpRequest, pk: int) -> FileResponse:
    claim = get_object_or_404(claims_here(request.office), pk=pk)
    if not claim.evidence:
        raise Http404("没有佐证材料。")
    return stored_file_response(claim.evidence, Path(claim.evidence.name).name)
