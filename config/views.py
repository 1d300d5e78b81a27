"""The site's own pages: where "/" leads, the health check and the login lock-out page."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from correspondents.roles import is_editor


def landing(request: HttpRequest) -> HttpResponse:
    """Where "/" and a fresh login lead: the desk for office staff, the portal for correspondents."""
    if not request.user.is_authenticated:
        return redirect_to_login("/")
    if is_editor(request.user):
        return redirect("desk:review-queue")
    if getattr(request.user, "correspondent", None) is not None:
        return redirect("portal:home")
    raise PermissionDenied("这个账号还没有关联通讯员，也不是编辑。请联系研究室（宣传处）。")


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmark's baseline: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when a username and address are locked out: say when to try again."""
    cooloff = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": int(cooloff.total_seconds() // 60),
         "until": timezone.localtime() + cooloff},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
