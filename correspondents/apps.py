from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


def _shorter_sessions_for_staff(sender, request, user, **kwargs) -> None:
    """Office staff can change every number: their login lasts a working day, not two weeks."""
    from django.conf import settings

    from .roles import is_editor

    if is_editor(user) and hasattr(request, "session"):
        request.session.set_expiry(settings.STAFF_SESSION_SECONDS)


class CorrespondentsConfig(AppConfig):
    name = "correspondents"
    verbose_name = "单位与通讯员"

    def ready(self) -> None:
        user_logged_in.connect(_shorter_sessions_for_staff, dispatch_uid="correspondents.staff_sessions")
