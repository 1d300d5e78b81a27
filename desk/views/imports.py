"""Importing placements: upload → dry run with every error → confirm."""

import datetime
import io
import uuid

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from contributions.placement_sheets import HEADERS, SheetError, import_placements
from contributions.placement_sheets.pending import (
    ConfirmationRefused,
    pending_import_confirm,
    pending_import_remember,
)
from correspondents.access import editor_required
from sheets.reading import size_refusal
from sheets.writing import DATE_FORMAT, PrintedWorkbook

from ..forms import PlacementImportForm
from .listing import XLSX


def _confirm(request: HttpRequest, context: dict) -> HttpResponse:
    try:
        token = uuid.UUID(request.POST["token"])
    except ValueError:
        raise Http404 from None
    try:
        record, report = pending_import_confirm(token=token, actor=request.user)
    except ConfirmationRefused as refusal:
        messages.info(request, "；".join(refusal.messages))
        return redirect("desk:placement-import")
    except SheetError as error:
        messages.error(request, str(error))
        return redirect("desk:placement-import")
    if not report.errors:
        messages.success(request, f"导入完成（{record.file_name}）：" + report.summary())
        return redirect("desk:placement-list")
    context["report"] = report
    return render(request, "desk/placement_import.html", context)


@editor_required
def placement_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry run with every error → confirm (the checked file waits under a random token)."""
    form = PlacementImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "headers": HEADERS}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, context)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if refusal := size_refusal(upload.size):  # refused before the file is read into memory
            form.add_error("file", refusal)
            return render(request, "desk/placement_import.html", context)
        data = upload.read()
        try:
            report = import_placements(name=upload.name, data=data, actor=request.user, dry_run=True)
        except SheetError as error:
            form.add_error("file", str(error))
        else:
            context["report"] = report
            if not report.errors and report.new_placements:
                context["token"] = pending_import_remember(name=upload.name, data=data, rows=report.rows,
                                                           actor=request.user).token
    return render(request, "desk/placement_import.html", context)


@editor_required
def placement_import_template(request: HttpRequest) -> FileResponse:
    book = PrintedWorkbook()
    sheet = book.add_sheet("用稿记录", HEADERS, [40, 16, 22, 8, 18, 12, 12, 8, 10, 36])
    sheet.append_values(["代表联络站里的民生账", "张晓明、李建国", "枝江市人大常委会", "通讯", "《三峡日报》",
                         datetime.date.today(), "人大论坛", "第3版", "一般", "https://example.org/news/1"],
                        {HEADERS.index("刊发日期"): DATE_FORMAT})
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename="用稿记录导入模板.xlsx", content_type=XLSX)
