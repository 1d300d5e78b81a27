from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from correspondents.roles import is_editor


def correspondent_required(view):
    """The portal: a correspondent with an account. Office staff are sent to their start page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        correspondent = getattr(request.user, "correspondent", None) if request.user.is_active else None
        if correspondent is None or not correspondent.active:
            if is_editor(request.user):
                return redirect("landing")
            raise PermissionDenied("此页面仅供通讯员使用。")
        request.correspondent = correspondent
        return view(request, *args, **kwargs)

    return wrapped
