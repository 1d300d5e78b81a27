"""The committee's own journal: plan an issue, assemble it from accepted pieces, publish it."""

import io

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from contributions.selectors import search_contributions
from correspondents.access import editor_required
from journal.models import IssueItem, JournalIssue
from journal.selectors import table_of_contents
from journal.services import issue_publish, issue_save, item_add, item_move, item_remove
from outlets.models import Column, Outlet
from sheets.writing import PrintedWorkbook

from ..forms import IssueForm
from ..office import contribution_for_desk, contributions_seen
from ..pdf import pdf_response
from .listing import XLSX, page_of

TOC_HEADERS = ["栏目", "序号", "标题", "作者", "单位", "体裁"]


@editor_required
def issue_list(request: HttpRequest) -> HttpResponse:
    office = request.office.office_id
    form = IssueForm(request.POST or None, initial={"issue_date": timezone.localdate()}, office=office)
    if request.method == "POST" and form.is_valid():
        try:
            issue = issue_save(issue=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已新建 {issue.outlet.name} {issue.number}，可以编排稿件了。")
            return redirect("desk:issue-detail", pk=issue.pk)
    issues = JournalIssue.objects.filter(outlet__owner_id=office).select_related("outlet").order_by("-issue_date", "-id")
    return render(request, "desk/journal_list.html", {"form": form, "page": page_of(request, issues),
                                                      "outlets": Outlet.objects.filter(owner_id=office).exists()})


def _issue(request: HttpRequest, pk: int) -> JournalIssue:
    """An issue of one of the office's own outlets, else 404."""
    return get_object_or_404(JournalIssue.objects.select_related("outlet"), pk=pk,
                             outlet__owner_id=request.office.office_id)


@editor_required
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    query = request.GET.get("q", "").strip()
    return render(request, "desk/journal_issue.html", {
        "issue": issue, "sections": table_of_contents(issue), "q": query,
        "results": search_contributions(query, limit=20, among=contributions_seen(request.office))
        if query and not issue.is_published else [],
        "columns": Column.objects.filter(outlet=issue.outlet).order_by("name"),
        "form": IssueForm(instance=issue, office=request.office.office_id) if not issue.is_published else None,
    })


@require_POST
@editor_required
def issue_change(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    form = IssueForm(request.POST, instance=issue, office=request.office.office_id)
    if form.is_valid():
        try:
            issue_save(issue=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已保存期次信息。")
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("desk:issue-detail", pk=pk)


@require_POST
@editor_required
def issue_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    contribution_id, column_id = request.POST.get("contribution", ""), request.POST.get("column", "")
    if not contribution_id.isdigit() or (column_id and not column_id.isdigit()):
        raise BadRequest("请从列表中选择稿件和栏目。")
    contribution = contribution_for_desk(request.office, int(contribution_id))
    column = get_object_or_404(Column, pk=int(column_id), outlet=issue.outlet) if column_id else None
    try:
        item_add(issue=issue, contribution=contribution, column=column, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已编入《{contribution.title}》。")
    return redirect("desk:issue-detail", pk=pk)


@require_POST
@editor_required
def issue_item_change(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    item = get_object_or_404(IssueItem.objects.select_related("issue", "contribution"), pk=item_id, issue_id=pk,
                             issue__outlet__owner_id=request.office.office_id)
    try:
        if request.POST.get("action") == "remove":
            item_remove(item=item, actor=request.user)
            messages.success(request, f"已从本期移出《{item.contribution.title}》。")
        else:
            item_move(item=item, up=request.POST.get("action") == "up", actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("desk:issue-detail", pk=pk)


@editor_required
def issue_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    if request.method != "POST":
        return render(request, "desk/journal_publish.html", {"issue": issue, "count": issue.items.count()})
    try:
        issue_publish(issue=issue, actor=request.user)
    except ValidationError as error:
        messages.error(request, "未能出刊，没有登记任何用稿：" + "；".join(error.messages))
    else:
        messages.success(request, f"{issue.number}已出刊：每篇稿件都已登记在{issue.outlet.name}的用稿中。")
    return redirect("desk:issue-detail", pk=pk)


def _toc_rows(issue: JournalIssue) -> list[list]:
    rows = []
    for section, items in table_of_contents(issue):
        for number, item in enumerate(items, start=1):
            contribution = item.contribution
            authors = "、".join(a.correspondent.name for a in contribution.authorships.all())
            rows.append([section, number, contribution.title, authors, contribution.credited_unit.name,
                         contribution.get_genre_display()])
    return rows


@editor_required
def issue_toc_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    issue = _issue(request, pk)
    book = PrintedWorkbook(f"{issue.outlet.name} {issue.number}")
    sheet = book.add_sheet("目录", TOC_HEADERS, [12, 6, 50, 16, 22, 8], subtitle=issue.theme)
    for row in _toc_rows(issue):
        sheet.append_values(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"{issue.outlet.name}{issue.number}目录.xlsx",
                        content_type=XLSX)


@editor_required
def issue_toc_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    return pdf_response("desk/pdf/journal_toc.html", {"issue": issue, "title": f"{issue.outlet.name} {issue.number}",
                                                      "sections": table_of_contents(issue)},
                        f"{issue.outlet.name}{issue.number}目录.pdf")
