"""The three roles of the system, as Django groups, and the checks every app uses for them."""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db.models import Q

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


STAFF_ROLES = (EDITOR, ADMINISTRATOR)


def is_editor(user: User | AnonymousUser | None) -> bool:
    """Office staff: an active superuser, or an active member of 编辑 or 管理员 (editors and
    administrators both do an editor's work). The desk, the admin and every list of staff ask this;
    `is_staff` alone opens nothing."""
    return user is not None and user.is_authenticated and user.is_active and (
        user.is_superuser or bool(set(STAFF_ROLES) & _group_names(user))
    )


def office_staff():
    """The accounts `is_editor` says yes to, as a queryset (owners of topics, a plan's 负责人)."""
    return User.objects.filter(Q(is_superuser=True) | Q(groups__name__in=STAFF_ROLES), is_active=True).distinct()


def refuse_unless_editor(actor: User | None, message: str = "只有编辑或管理员可以这样做。") -> None:
    """The services' permission check. `actor=None` is the system itself (commands, data migrations)."""
    if actor is not None and not is_editor(actor):
        raise ValidationError(message, code="permission")


def refuse_unless_administrator(actor: User | None, message: str = "只有管理员可以这样做。") -> None:
    if actor is not None and not is_administrator(actor):
        raise ValidationError(message, code="permission")


def recorded_user(actor: User | AnonymousUser | None) -> User | None:
    """The user to write into a "who did it" column: nobody for the system or an anonymous visitor."""
    return actor if actor is not None and actor.is_authenticated else None
