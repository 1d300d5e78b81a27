"""培训 on the portal: sign up from the invitation (a notice), and my training history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from planning.selectors import notices_for
from training.models import Session
from training.selectors import history_of
from training.services import sign_up, withdraw

from ..access import correspondent_required


@correspondent_required
def my_trainings(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/trainings.html", {"rows": history_of(request.correspondent)})


@correspondent_required
def training_signup(request: HttpRequest, pk: int) -> HttpResponse:
    """报名 / 取消报名 (POST) of a session whose invitation reached this person; anything else is a 404."""
    session = get_object_or_404(Session, pk=pk, notice__in=notices_for(request.correspondent).values("pk"))
    if request.method != "POST":
        return redirect("portal:notice-detail", pk=session.notice_id)
    try:
        if request.POST.get("action") == "withdraw":
            withdraw(session=session, correspondent=request.correspondent)
            messages.success(request, f"已取消报名“{session.title}”。")
        else:
            sign_up(session=session, correspondent=request.correspondent)
            messages.success(request, f"已报名“{session.title}”。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("portal:notice-detail", pk=session.notice_id)
