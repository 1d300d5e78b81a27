"""我的任务 and 通知: the assignments for me, my unit or my team, and the notices addressed to me."""

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from contributions.uploads import stored_file_response
from planning.models import Assignment, NoticeAttachment
from planning.progress import labelled, with_progress
from planning.selectors import notices_for
from planning.services import notice_mark_read
from training.models import Participant, Session

from ..access import correspondent_required


@correspondent_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    tasks = (with_progress(Assignment.objects.for_correspondent(request.correspondent), today).select_related("topic", "stage", "unit", "team")
             .order_by("level", "-overdue", "due_on", "id"))
    page = Paginator(tasks, 20).get_page(request.GET.get("page"))
    labelled(page, today)
    return render(request, "portal/tasks.html", {"page": page})


@correspondent_required
def notice_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notices_for(request.correspondent), 20).get_page(request.GET.get("page"))
    return render(request, "portal/notices.html", {"page": page})


@correspondent_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(notices_for(request.correspondent), pk=pk)
    notice_mark_read(notice=notice, correspondent=request.correspondent)
    training = Session.objects.filter(notice=notice).first()
    signed_up = training is not None and Participant.objects.filter(
        session=training, correspondent=request.correspondent, signed_up_at__isnull=False).exists()
    return render(request, "portal/notice_detail.html", {"notice": notice, "attachments": notice.attachments.all(),
                                                         "training": training, "signed_up": signed_up})


@correspondent_required
def notice_attachment(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(NoticeAttachment, pk=pk,
                                   notice__in=notices_for(request.correspondent).values("pk"))
    return stored_file_response(attachment.file, attachment.original_name)
