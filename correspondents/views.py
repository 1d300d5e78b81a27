from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .roles import is_editor


def landing(request: HttpRequest) -> HttpResponse:
    """Where "/" and a fresh login lead: the desk for office staff, the portal for correspondents."""
    if not request.user.is_authenticated:
        return redirect_to_login("/")
    if is_editor(request.user):
        return redirect("contributions:review-queue")
    if getattr(request.user, "correspondent", None) is not None:
        return redirect("portal:home")
    raise PermissionDenied("这个账号还没有关联通讯员，也不是编辑。请联系研究室（宣传处）。")


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmark's baseline: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")
