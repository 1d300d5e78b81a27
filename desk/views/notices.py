"""Notices (通知 / 征稿启事): publishing to everyone or some units and teams, and who has read them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from contributions.uploads import stored_file_response
from correspondents.access import editor_required
from correspondents.models import Unit
from planning.models import Notice, NoticeAttachment, NoticeRead
from planning.selectors import audience_count, counted, notice_audience
from planning.services import notice_publish

from ..planning_forms import NoticeForm
from .listing import page_of


@editor_required
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = (Notice.objects.filter(office_id=request.office.office_id).select_related("topic")
               .annotate(read_count=counted(NoticeRead.objects.filter(notice=OuterRef("pk"))),
                         audience=audience_count(request.office))
               .order_by("-published_at", "-id"))
    return render(request, "desk/notice_list.html", {"page": page_of(request, notices)})


@editor_required
def notice_new(request: HttpRequest) -> HttpResponse:
    form = NoticeForm(request.POST or None, request.FILES or None, initial={"to_everyone": True},
                      office=request.office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = form.save(commit=False)
            notice.office_id = request.office.office_id
            notice = notice_publish(notice=notice, units=Unit.objects.filter(pk__in=data["units"]),
                                    teams=data["teams"], uploads=data["attachments"], email=data["email"],
                                    actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已发布通知“{notice.title}”" + ("，邮件随后发出。" if data["email"] else "。"))
            return redirect("desk:notice-detail", pk=notice.pk)
    return render(request, "desk/notice_form.html", {"form": form})


@editor_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice and its readers: 已读 N / 应读 M, and who has not read it yet."""
    notice = get_object_or_404(Notice.objects.select_related("topic", "created_by"), pk=pk,
                               office_id=request.office.office_id)
    audience = notice_audience(notice).select_related("unit")
    read = set(notice.reads.values_list("correspondent_id", flat=True))
    people = list(audience.order_by("unit__name", "name"))
    return render(request, "desk/notice_detail.html", {
        "notice": notice, "attachments": notice.attachments.all(), "audience": len(people),
        "read": sum(1 for person in people if person.pk in read),
        "unread": [person for person in people if person.pk not in read],
        "units": notice.units.all(), "teams": notice.teams.all(),
    })


@editor_required
def notice_attachment(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(NoticeAttachment, pk=pk, notice__office_id=request.office.office_id)
    return stored_file_response(attachment.file, attachment.original_name)
