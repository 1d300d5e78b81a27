"""Importing placements: upload → dry run with every error → confirm."""

import datetime
import io
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from openpyxl import Workbook

from contributions.placement_sheets import HEADERS, SheetError, import_placements
from correspondents.access import editor_required
from sheets.writing import DATE_FORMAT, SheetWriter

from ..forms import PlacementImportForm
from .listing import XLSX


def _import_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _confirm(request: HttpRequest, context: dict) -> HttpResponse:
    token = request.POST["token"]
    try:
        uuid.UUID(token)
    except ValueError:
        raise Http404 from None
    matches = list(_import_dir().glob(f"{token}.*"))
    if not matches:
        messages.error(request, "待导入的文件已过期，请重新上传。")
        return redirect("desk:placement-import")
    path = matches[0]
    try:
        report = import_placements(name=path.name, data=path.read_bytes(), actor=request.user)
    except SheetError as error:
        messages.error(request, str(error))
        return redirect("desk:placement-import")
    path.unlink(missing_ok=True)
    if report.saved:
        messages.success(request, "导入完成：" + report.summary())
        return redirect("desk:placement-list")
    context["report"] = report
    return render(request, "desk/placement_import.html", context)


@editor_required
def placement_import(request: HttpRequest) -> HttpResponse:
    """The checked file waits under a random token until the editor confirms it."""
    form = PlacementImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "headers": HEADERS}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, context)
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
    book = Workbook(write_only=True)
    sheet = SheetWriter(book, "用稿记录", HEADERS, [40, 16, 22, 8, 18, 12, 12, 8, 10, 36])
    sheet.append_values(["代表联络站里的民生账", "张晓明、李建国", "枝江市人大常委会", "通讯", "《三峡日报》",
                         datetime.date.today(), "人大论坛", "第3版", "一般", "https://example.org/news/1"],
                        {HEADERS.index("刊发日期"): DATE_FORMAT})
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename="用稿记录导入模板.xlsx", content_type=XLSX)
