"""Logging placements fast, pieces found in print, and the filtered list with its export."""

import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from awards.selectors import points_of_placements
from contributions.filters import SORTS
from contributions.models import Authorship
from contributions.paging import keyset_page
from contributions.placement_sheets import write_placements_workbook
from contributions.selectors import possible_duplicates, search_contributions
from contributions.services import contribution_create, placement_create
from correspondents.access import editor_required

from ..filters import DeskPlacementFilter
from ..forms import PUBLISH_QUESTION, FoundInPrintForm, PlacementLogForm
from ..office import contributions_seen, placements_seen
from .listing import XLSX, page_of, query_without_page
from .review import contribution_for_staff


def _placement_fields(form: PlacementLogForm) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


@editor_required
def placement_log(request: HttpRequest) -> HttpResponse:
    """Find the contribution (by title or author), then log where and when it ran."""
    contribution = None
    contribution_id = request.GET.get("contribution") or request.POST.get("contribution")
    if contribution_id and str(contribution_id).isdigit():
        contribution = contribution_for_staff(request, int(contribution_id))
    query = request.GET.get("q", "").strip()
    form = None
    if contribution is not None:
        form = PlacementLogForm(request.POST or None, request.FILES or None, contribution=contribution)
        if request.method == "POST" and form.is_valid():
            try:
                placement = placement_create(contribution=contribution, actor=request.user, **_placement_fields(form))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已登记：《{contribution.title}》{placement.outlet.name} "
                                          f"{placement.published_on:%Y-%m-%d}。")
                return redirect(f"{reverse('desk:placement-log')}?contribution={contribution.pk}")
    return render(request, "desk/placement_log.html", {
        "contribution": contribution,
        "form": form,
        "q": query,
        "results": search_contributions(query, among=contributions_seen(request.office))
        if query and contribution is None else [],
        "duplicates": possible_duplicates(title=contribution.title, around=timezone.localdate(),
                                          exclude_pk=contribution.pk, among=contributions_seen(request.office)) if contribution else [],
        "placements": contribution.placements.select_related("outlet").order_by("-published_on") if contribution else [],
        "publish_question": PUBLISH_QUESTION,
    })


@editor_required
def contribution_search_json(request: HttpRequest) -> JsonResponse:
    """Type-ahead for the placement form (the plain search form does the same without JavaScript)."""
    results = [
        {"id": c.pk, "title": c.title, "unit": c.credited_unit.name, "state": c.get_state_display(),
         "authors": "、".join(a.correspondent.name for a in c.authorships.all())}
        for c in search_contributions(request.GET.get("q", ""), limit=10, among=contributions_seen(request.office))
    ]
    return JsonResponse({"results": results})


@editor_required
def placement_found_in_print(request: HttpRequest) -> HttpResponse:
    """A piece nobody submitted, seen in print: create the contribution and its placement together."""
    piece_form = FoundInPrintForm(request.POST or None, prefix="piece", office=request.office)
    placement_form = PlacementLogForm(request.POST or None, request.FILES or None, prefix="placement")
    if request.method == "POST" and piece_form.is_valid() and placement_form.is_valid():
        try:
            with transaction.atomic():
                contribution = contribution_create(
                    title=piece_form.cleaned_data["title"], authors=piece_form.cleaned_data["author_list"],
                    genre=piece_form.cleaned_data["genre"], credited_unit=piece_form.cleaned_data["unit"],
                    actor=request.user,
                )
                placement_create(contribution=contribution, actor=request.user, **_placement_fields(placement_form))
        except ValidationError as error:
            placement_form.add_error(None, error)
        else:
            messages.success(request, f"已新建稿件《{contribution.title}》并登记用稿。")
            return redirect("desk:contribution-detail", pk=contribution.pk)
    return render(request, "desk/found_in_print.html", {"piece_form": piece_form, "placement_form": placement_form})


def _filtered_placements(request: HttpRequest) -> DeskPlacementFilter:
    return DeskPlacementFilter(
        request.GET or None, office=request.office,
        queryset=placements_seen(request.office).select_related("contribution__credited_unit", "outlet", "column"),
    )


@editor_required
def placement_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered_placements(request)
    sort = request.GET.get("sort", "date")
    placements = filterset.qs.order_by(*SORTS.get(sort, SORTS["date"])).prefetch_related(
        Prefetch("contribution__authorships",
                 queryset=Authorship.objects.select_related("correspondent").order_by("position"))
    )
    query = request.GET.copy()
    for key in ("page", "sort", "after", "before"):
        query.pop(key, None)
    keyset = sort in ("date", "-date")  # by date: a cursor, so deep pages cost what the first costs
    page = keyset_page(request, placements, newest_first=sort == "date") if keyset else page_of(request, placements)
    rows = page.rows if keyset else list(page)
    points = points_of_placements(rows, office=request.office.office_id)
    for placement in rows:
        placement.points = points.get(placement.pk)
    return render(request, "desk/placement_list.html", {
        "filter": filterset, "page": page, "rows": rows, "keyset": keyset, "sort": sort,
        "filter_query": query.urlencode(),
        "query_string": query_without_page(request),
    })


@editor_required
def placement_export(request: HttpRequest) -> FileResponse:
    filterset = _filtered_placements(request)
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    office = request.office.office_id
    write_placements_workbook(filterset.qs, buffer, office_id=office,
                              points=lambda rows: points_of_placements(rows, office=office))
    buffer.seek(0)
    name = f"用稿记录-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(buffer, as_attachment=True, filename=name, content_type=XLSX)
