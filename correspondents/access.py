"""View decorators for the roles: anonymous visitors go to the login page, the wrong role gets 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .roles import is_administrator, is_editor


def _role_required(check, message: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


editor_required = _role_required(is_editor, "此页面仅供编辑和管理员使用。")
administrator_required = _role_required(is_administrator, "此操作仅限管理员。")


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when a username and address are locked out: say when to try again."""
    from django.conf import settings
    from django.shortcuts import render
    from django.utils import timezone

    cooloff = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": int(cooloff.total_seconds() // 60),
         "until": timezone.localtime() + cooloff},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def correspondent_required(view):
    """The portal: a correspondent with an account. Office staff are sent to the desk."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        correspondent = getattr(request.user, "correspondent", None) if request.user.is_active else None
        if correspondent is None or not correspondent.active:
            if is_editor(request.user):
                from django.shortcuts import redirect

                return redirect("contributions:review-queue")
            raise PermissionDenied("此页面仅供通讯员使用。")
        request.correspondent = correspondent
        return view(request, *args, **kwargs)

    return wrapped
