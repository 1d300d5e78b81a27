"""The desk: the office's daily work on contributions and placements. Editors and administrators only."""

import datetime
import io
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from correspondents.access import editor_required
from correspondents.models import Unit

from .filters import SORTS, PlacementFilter
from .forms import FoundInPrintForm, PlacementImportForm, PlacementLogForm, TransitionForm
from .models import Attachment, Authorship, Contribution, Genre, Placement, PlacementClaim, State
from .placement_sheets import HEADERS, SheetError, import_placements, write_placements_workbook
from .selectors import QUEUE_STATES, change_history, claims_waiting, possible_duplicates, review_queue, search_contributions, with_byline
from .services import (
    MOVES_BY_PAIR,
    allowed_moves,
    claim_decline,
    claim_verify,
    contribution_create,
    contribution_transition,
    placement_create,
)

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _contribution_for_staff(pk: int) -> Contribution:
    return get_object_or_404(Contribution.objects.select_related("credited_unit", "created_by"), pk=pk)


def _page(request: HttpRequest, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@editor_required
def review_queue_view(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    states = (state,) if state in {State.SUBMITTED, State.IN_REVIEW, State.RETURNED} else QUEUE_STATES
    queue = review_queue(states=states)
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        queue = queue.filter(credited_unit_id=int(unit))
    genre = request.GET.get("genre", "")
    if genre in Genre.values:
        queue = queue.filter(genre=genre)
    query = request.GET.get("q", "").strip()
    if query:
        queue = queue.filter(title__icontains=query)
    page = _page(request, queue)
    now = timezone.now()
    for contribution in page:
        waited_since = contribution.submitted_at or contribution.created_at
        contribution.waiting_days = (now - waited_since).days
    return render(request, "desk/queue.html", {
        "page": page,
        "state": state,
        "states": [(State.SUBMITTED, "已报送"), (State.IN_REVIEW, "审核中"), (State.RETURNED, "退回修改（等作者）")],
        "units": Unit.objects.filter(active=True).values_list("pk", "name"),
        "unit": unit,
        "genres": Genre.choices,
        "genre": genre,
        "q": query,
        "query_string": _query_without_page(request),
    })


@editor_required
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _contribution_for_staff(pk)
    moves = allowed_moves(contribution, request.user)
    return render(request, "desk/contribution_detail.html", {
        "contribution": contribution,
        "authorships": contribution.authorships.select_related("correspondent__unit").order_by("position"),
        "attachments": contribution.attachments.all(),
        "transitions": contribution.transitions.select_related("actor"),
        "placements": contribution.placements.select_related("outlet", "column").order_by("published_on"),
        "moves": moves,
        "duplicates": possible_duplicates(title=contribution.title, year=contribution.created_at.year,
                                          exclude_pk=contribution.pk),
        "may_place": contribution.state != State.REJECTED,
        "history": change_history(contribution),
    })


@require_POST
@editor_required
def contribution_move(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _contribution_for_staff(pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "操作无效，请刷新页面后重试。")
        return redirect("contributions:contribution-detail", pk=pk)
    # The state the editor saw on the page: if someone moved the piece since, the service refuses.
    contribution.state = form.cleaned_data["seen_state"]
    target = form.cleaned_data["to_state"]
    move = MOVES_BY_PAIR.get((contribution.state, target))
    try:
        contribution_transition(contribution=contribution, to_state=target, actor=request.user,
                                note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"《{contribution.title}》已{move.label if move else '处理'}，作者将收到通知。")
        if target in {State.RETURNED, State.REJECTED} or "next" in request.POST:
            return redirect("contributions:review-queue")
    return redirect("contributions:contribution-detail", pk=pk)


@editor_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件文件已不存在。") from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


# --- logging placements --------------------------------------------------------------------------

@editor_required
def placement_log(request: HttpRequest) -> HttpResponse:
    """Find the contribution (by title or author), then log where and when it ran."""
    contribution = None
    contribution_id = request.GET.get("contribution") or request.POST.get("contribution")
    if contribution_id and str(contribution_id).isdigit():
        contribution = _contribution_for_staff(int(contribution_id))
    query = request.GET.get("q", "").strip()
    form = None
    if contribution is not None:
        form = PlacementLogForm(request.POST or None, request.FILES or None, contribution=contribution)
        form.actor = request.user
        if request.method == "POST" and form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                placement = placement_create(contribution=contribution, actor=request.user, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已登记：《{contribution.title}》{placement.outlet.name} "
                                          f"{placement.published_on:%Y-%m-%d}。")
                return redirect(f"{reverse('contributions:placement-log')}?contribution={contribution.pk}")
    return render(request, "desk/placement_log.html", {
        "contribution": contribution,
        "form": form,
        "q": query,
        "results": search_contributions(query) if query and contribution is None else [],
        "duplicates": possible_duplicates(title=contribution.title, year=timezone.localdate().year,
                                          exclude_pk=contribution.pk) if contribution else [],
        "placements": contribution.placements.select_related("outlet").order_by("-published_on") if contribution else [],
    })


@editor_required
def contribution_search_json(request: HttpRequest) -> JsonResponse:
    """Type-ahead for the placement form (the plain search form does the same without JavaScript)."""
    results = [
        {"id": c.pk, "title": c.title, "unit": c.credited_unit.name, "state": c.get_state_display(),
         "authors": "、".join(a.correspondent.name for a in c.authorships.all())}
        for c in search_contributions(request.GET.get("q", ""), limit=10)
    ]
    return JsonResponse({"results": results})


@editor_required
def placement_found_in_print(request: HttpRequest) -> HttpResponse:
    """A piece nobody submitted, seen in print: create the contribution and its placement together."""
    piece_form = FoundInPrintForm(request.POST or None, prefix="piece")
    placement_form = PlacementLogForm(request.POST or None, request.FILES or None, prefix="placement")
    placement_form.actor = request.user
    if request.method == "POST" and piece_form.is_valid() and placement_form.is_valid():
        data = {name: placement_form.cleaned_data[name] for name in placement_form.Meta.fields}
        try:
            with transaction.atomic():
                contribution = contribution_create(
                    title=piece_form.cleaned_data["title"], authors=piece_form.cleaned_data["author_list"],
                    genre=piece_form.cleaned_data["genre"], credited_unit=piece_form.cleaned_data["unit"],
                    actor=request.user,
                )
                placement_create(contribution=contribution, actor=request.user, **data)
        except ValidationError as error:
            placement_form.add_error(None, error)
        else:
            messages.success(request, f"已新建稿件《{contribution.title}》并登记用稿。")
            return redirect("contributions:contribution-detail", pk=contribution.pk)
    return render(request, "desk/found_in_print.html", {"piece_form": piece_form, "placement_form": placement_form})


# --- the placement list ----------------------------------------------------------------------------

def _filtered_placements(request: HttpRequest) -> PlacementFilter:
    return PlacementFilter(
        request.GET or None,
        queryset=Placement.objects.select_related("contribution__credited_unit", "outlet", "column"),
    )


@editor_required
def placement_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered_placements(request)
    sort = request.GET.get("sort", "date")
    placements = filterset.qs.order_by(*SORTS.get(sort, SORTS["date"]))
    page = _page(request, with_byline_placements(placements))
    query = request.GET.copy()
    for key in ("page", "sort"):
        query.pop(key, None)
    return render(request, "desk/placement_list.html", {
        "filter": filterset, "page": page, "sort": sort, "filter_query": query.urlencode(),
        "query_string": _query_without_page(request),
    })


def with_byline_placements(placements):
    return placements.prefetch_related(
        Prefetch("contribution__authorships",
                 queryset=Authorship.objects.select_related("correspondent").order_by("position"))
    )


@editor_required
def placement_export(request: HttpRequest) -> FileResponse:
    filterset = _filtered_placements(request)
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    write_placements_workbook(filterset.qs, buffer)
    buffer.seek(0)
    name = f"用稿记录-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(buffer, as_attachment=True, filename=name, content_type=XLSX)


# --- importing placements --------------------------------------------------------------------------

def _import_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@editor_required
def placement_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry run with every error → confirm. The checked file waits under a random token."""
    form = PlacementImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "headers": HEADERS}
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        try:
            uuid.UUID(token)
        except ValueError:
            raise Http404 from None
        matches = list(_import_dir().glob(f"{token}.*"))
        if not matches:
            messages.error(request, "待导入的文件已过期，请重新上传。")
            return redirect("contributions:placement-import")
        path = matches[0]
        try:
            report = import_placements(name=path.name, data=path.read_bytes(), actor=request.user)
        except SheetError as error:
            messages.error(request, str(error))
            return redirect("contributions:placement-import")
        path.unlink(missing_ok=True)
        if report.saved:
            messages.success(request, "导入完成：" + report.summary())
            return redirect("contributions:placement-list")
        context["report"] = report
        return render(request, "desk/placement_import.html", context)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        data = upload.read()
        try:
            report = import_placements(name=upload.name, data=data, actor=request.user, dry_run=True)
        except SheetError as error:
            form.add_error("file", str(error))
        else:
            context["report"] = report
            if not report.errors and report.new_placements:
                token = str(uuid.uuid4())
                (_import_dir() / f"{token}{suffix}").write_bytes(data)
                context["token"] = token
    return render(request, "desk/placement_import.html", context)


@editor_required
def placement_import_template(request: HttpRequest) -> FileResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "用稿记录"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(["代表联络站里的民生账", "张晓明、李建国", "枝江市人大常委会", "通讯", "《三峡日报》",
                  datetime.date.today(), "人大论坛", "第3版", "一般", "https://example.org/news/1"])
    sheet["F2"].number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGHIJ", [40, 16, 22, 8, 18, 12, 12, 8, 10, 36]):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename="用稿记录导入模板.xlsx", content_type=XLSX)


# --- placement claims from correspondents ----------------------------------------------------------

@editor_required
def claims_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/claims.html", {"page": _page(request, claims_waiting())})


@require_POST
@editor_required
def claim_decide(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(PlacementClaim.objects.select_related("contribution"), pk=pk)
    try:
        if request.POST.get("decision") == "verify":
            claim_verify(claim=claim, actor=request.user)
            messages.success(request, f"已核实：《{claim.contribution.title}》{claim.outlet.name}，已计入用稿。")
        else:
            claim_decline(claim=claim, actor=request.user, note=request.POST.get("note", ""))
            messages.success(request, f"已不予认定《{claim.contribution.title}》的申报，申报人会看到原因。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("contributions:claims")


@editor_required
def claim_evidence(request: HttpRequest, pk: int) -> FileResponse:
    claim = get_object_or_404(PlacementClaim, pk=pk)
    if not claim.evidence:
        raise Http404("没有佐证材料。")
    return FileResponse(claim.evidence.open("rb"), as_attachment=True, filename=Path(claim.evidence.name).name)
