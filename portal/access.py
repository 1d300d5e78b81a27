from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from correspondents.network import office_tree
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
        # The office whose numbers the correspondent reads: the home office of their unit.
        request.office_id = office_tree().home_office(correspondent.unit_id)
        return view(request, *args, **kwargs)

    return wrapped


def mine(request, pk: int):
    """One of the signed-in correspondent's pieces, or 404 (another person's piece is never found)."""
    from django.shortcuts import get_object_or_404

    from contributions.selectors import contributions_of

    return get_object_or_404(contributions_of(request.correspondent).select_related("credited_unit"), pk=pk)
