"""The three roles of the system, as Django groups, and the checks every app uses for them."""

from django.contrib.auth.models import AnonymousUser, User

CORRESPONDENT = "通讯员"
EDITOR = "编辑"
ADMINISTRATOR = "管理员"
ALL = (CORRESPONDENT, EDITOR, ADMINISTRATOR)


def _group_names(user: User | AnonymousUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def is_administrator(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.is_active and (
        user.is_superuser or ADMINISTRATOR in _group_names(user)
    )


def is_editor(user: User | AnonymousUser) -> bool:
    """Office staff: editors and administrators both do an editor's work."""
    return user.is_authenticated and user.is_active and (
        user.is_superuser or bool({EDITOR, ADMINISTRATOR} & _group_names(user))
    )
