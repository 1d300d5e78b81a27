"""Correcting or deleting a placement from the desk, through the placement services (history kept;
deleting the last placement returns the piece to 已录用)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from contributions.models import Placement
from contributions.services import placement_delete, placement_update
from correspondents.access import editor_required

from ..forms import PlacementLogForm
from ..office import placement_for_desk


@editor_required
def placement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    placement = placement_for_desk(request.office, pk)
    contribution = placement.contribution
    form = PlacementLogForm(request.POST or None, request.FILES or None, instance=placement, contribution=contribution)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in form.Meta.fields}
        try:
            placement_update(placement=Placement.objects.get(pk=pk), actor=request.user, **changes)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已修改《{contribution.title}》在{placement.outlet.name}的用稿记录。"
                             if changes else "没有改动。")
            return redirect("desk:contribution-detail", pk=contribution.pk)
    return render(request, "desk/placement_edit.html", {"form": form, "placement": placement,
                                                        "contribution": contribution})


@editor_required
def placement_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks, POST deletes."""
    placement = placement_for_desk(request.office, pk)
    contribution = placement.contribution
    last = not contribution.placements.exclude(pk=pk).exists()
    if request.method == "POST":
        try:
            placement_delete(placement=placement, actor=request.user)
        except ValidationError as error:
            messages.error(request, "未能删除：" + "；".join(error.messages))
        else:
            messages.success(request, f"已删除《{contribution.title}》{placement.published_on:%Y-%m-%d} "
                                      f"{placement.outlet.name}的用稿记录。"
                             + ("稿件已恢复为“已录用”。" if last else ""))
        return redirect("desk:contribution-detail", pk=contribution.pk)
    return render(request, "desk/placement_confirm_delete.html", {
        "placement": placement, "contribution": contribution, "last": last})
