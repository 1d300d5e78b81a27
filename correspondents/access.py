"""View decorators for the roles: anonymous visitors go to the login page, the wrong role gets 403.
An office's staff also get `request.office`, the scope of the office whose desk they work at."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .network import NoOffice, desk_scope
from .roles import is_administrator, is_editor

NO_OFFICE = "这个账号还没有分配到宣传工作机构（后台“机构工作人员”），请联系系统管理员。"


def _role_required(check, message: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied(message)
            try:
                request.office = desk_scope(request)
            except NoOffice:
                raise PermissionDenied(NO_OFFICE) from None
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


editor_required = _role_required(is_editor, "此页面仅供编辑和管理员使用。")
administrator_required = _role_required(is_administrator, "此操作仅限管理员。")
