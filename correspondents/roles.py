"""The three roles of the system, as Django groups, and the checks every app uses for them."""

from django.contrib.auth.models import AnonymousUser, User

CORRESPONDENT = "通讯员"
EDITOR = "编辑"
ADMINISTRATOR = "管理员"
ALL = (CORRESPONDENT, EDITOR, ADMINISTRATOR)


def _group_names(user: User | AnonymousUser | None) -> set[str]:
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def is_administrator(user: User | AnonymousUser | None) -> bool:
    return user is not None and user.is_authenticated and user.is_active and (
        user.is_superuser or ADMINISTRATOR in _group_names(user)
    )


def is_editor(user: User | AnonymousUser | None) -> bool:
    """Office staff: editors and administrators both do an editor's work."""
    return user is not None and user.is_authenticated and user.is_active and (
        user.is_superuser or bool({EDITOR, ADMINISTRATOR} & _group_names(user))
    )
