"""Importing placements: upload → dry run (errors grouped by cause, warnings, the error list as a
workbook) → confirm, with the import's progress shown as it runs."""

import datetime
import io
import uuid

from django.contrib import messages
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from contributions.placement_sheets import HEADERS, SheetError, import_placements
from contributions.placement_sheets.error_list import write_error_workbook
from contributions.placement_sheets.pending import (
    ConfirmationRefused,
    pending_import_confirm_stepwise,
    pending_import_refusal,
    pending_import_remember,
    refused_file,
)
from correspondents.access import editor_required
from sheets.reading import size_refusal
from sheets.writing import DATE_FORMAT, PrintedWorkbook

from ..forms import PlacementImportForm
from .listing import XLSX

PROGRESS_MARK = "<!-- import progress -->"


def _token(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise Http404 from None


def _confirm(request: HttpRequest) -> HttpResponse:
    """Import the checked file, streaming a page that shows how far it has got (rows checked of all,
    then saving) and ends with the result; reloading it says the file was already imported.

    The view itself opens no transaction: the import runs, all of it in one, while the page streams
    (a client that goes away half-way rolls it back)."""
    token = _token(request.POST["token"])
    try:
        pending_import_refusal(token)
    except ConfirmationRefused as refusal:
        messages.info(request, "；".join(refusal.messages))
        return redirect("desk:placement-import")
    head, tail = render_to_string("desk/import_running.html", {"headers": HEADERS}, request).split(PROGRESS_MARK)
    actor = request.user

    def stream():
        yield head
        steps = pending_import_confirm_stepwise(token=token, actor=actor)
        try:
            while True:
                try:
                    step = next(steps)
                except StopIteration as finished:
                    record, report = finished.value
                    break
                except (ConfirmationRefused, SheetError) as error:
                    failure = "；".join(getattr(error, "messages", [str(error)]))
                    yield render_to_string("desk/_import_result.html", {"failure": failure})
                    yield tail
                    return
                yield render_to_string("desk/_import_progress.html", {"step": step})
        finally:
            steps.close()  # a client gone half-way: the import's transaction rolls back now
        yield render_to_string("desk/_import_result.html", {"record": record, "report": report})
        yield tail

    response = StreamingHttpResponse(stream(), content_type="text/html; charset=utf-8")
    response["X-Accel-Buffering"] = "no"  # a proxy must pass each step on, not hold the page
    response["Cache-Control"] = "no-store"
    return response


@editor_required
def placement_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry run with every error → confirm (the checked file waits under a random token)."""
    form = PlacementImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "headers": HEADERS}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
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
            if report.errors or report.new_placements:
                context["token"] = pending_import_remember(name=upload.name, data=data, rows=report.rows,
                                                           actor=request.user, refused=bool(report.errors)).token
    return render(request, "desk/placement_import.html", context)


@editor_required
def placement_import_errors(request: HttpRequest, token: uuid.UUID) -> FileResponse:
    """The rows of a refused file that are wrong, as written, each with what is wrong with it."""
    try:
        record, data = refused_file(token)
    except ConfirmationRefused as refusal:
        messages.info(request, "；".join(refusal.messages))
        return redirect("desk:placement-import")
    buffer = io.BytesIO()
    try:
        write_error_workbook(name=record.file_name, data=data, target=buffer, actor=request.user)
    except SheetError as error:
        messages.error(request, str(error))
        return redirect("desk:placement-import")
    buffer.seek(0)
    stem = record.file_name.rsplit(".", 1)[0]
    return FileResponse(buffer, as_attachment=True, filename=f"{stem}-错误清单.xlsx", content_type=XLSX)


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
