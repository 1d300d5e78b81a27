"""Signing in through an office's directory (LDAP / Active Directory) or its unified identity platform
(统一身份认证, OpenID Connect): who the directory says a person is becomes an account here.

One rule for both methods. The directory's groups (or the platform's role claim) give the roles; a
person with none of the three is refused. The first sign-in links to an existing account by e-mail,
mobile number or employee number (= the username here), in the order configured; a person found
twice is refused rather than guessed. Someone with no account is refused, or gets one when the
installation allows it (a correspondent also needs a unit of that name). The superuser is never
reached through a directory: it signs in with its local password only."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Replace

from . import roles
from .models import Correspondent, OfficeStaff, Unit
from .network import root_office

MATCHERS = {"email": "邮箱", "mobile": "手机号", "employee_number": "工号"}


class Refused(Exception):
    """A sign-in the directory allowed but this system does not; the message is shown on the login page."""


@dataclass
class Identity:
    username: str
    method: str  # "ldap" or "oidc"
    name: str = ""
    email: str = ""
    mobile: str = ""
    employee_number: str = ""
    unit: str = ""
    roles: set = field(default_factory=set)


def _digits(value: str) -> str:
    return "".join(ch for ch in value or "" if ch.isdigit())


def _candidates(how: str, who: Identity) -> set[int]:
    if how == "email" and who.email:
        return (set(User.objects.filter(email__iexact=who.email).values_list("pk", flat=True))
                | set(Correspondent.objects.filter(email__iexact=who.email, user__isnull=False)
                      .values_list("user_id", flat=True)))
    if how == "mobile" and _digits(who.mobile):
        stored = Replace(Replace(Replace(F("phone"), Value(" "), Value("")), Value("-"), Value("")), Value("+86"), Value(""))
        return set(Correspondent.objects.filter(user__isnull=False).annotate(digits=stored)
                   .filter(digits=_digits(who.mobile)[-11:]).values_list("user_id", flat=True))
    if how == "employee_number" and who.employee_number:
        return set(User.objects.filter(username__iexact=who.employee_number).values_list("pk", flat=True))
    return set()


def find_account(who: Identity, match_by: list[str]) -> User | None:
    for how in match_by:
        found = _candidates(how, who)
        if len(found) > 1:
            raise Refused(f"按{MATCHERS[how]}找到了 {len(found)} 个账号，无法确定是哪一个：请联系管理员处理。")
        if found:
            return User.objects.get(pk=found.pop())
    return None


def sign_in(who: Identity, *, match_by: list[str], create: bool) -> User:
    """The account `who` signs in as (linked or created, with the directory's roles), or Refused."""
    if not who.roles:
        raise Refused("您在统一身份认证（目录）中不属于本系统的任何角色组，请联系管理员开通。")
    with transaction.atomic():
        user = find_account(who, match_by)
        if user is not None and user.is_superuser:
            raise Refused("超级管理员只能用本地密码登录。")
        if user is not None and not user.is_active:
            raise Refused("您的账号已停用，请联系管理员。")
        if user is None:
            if not create:
                raise Refused("统一身份认证（目录）确认了您的身份，但本系统还没有您的账号：请联系管理员开通"
                              f"（按{'、'.join(MATCHERS[m] for m in match_by)}关联）。")
            if User.objects.filter(username__iexact=who.username).exists():
                raise Refused(f"用户名“{who.username}”已被本系统另一个账号使用，请联系管理员关联。")
            user = User(username=who.username, email=who.email, first_name=who.name[:150])
            user.set_unusable_password()
            user.save()
        user.groups.set(Group.objects.filter(name__in=who.roles))
        user._role_names = set(who.roles)
        if roles.is_editor(user) and not OfficeStaff.objects.filter(user=user).exists():
            OfficeStaff.objects.create(user=user, office=root_office())
        if who.roles == {roles.CORRESPONDENT} and not Correspondent.objects.filter(user=user).exists():
            unit = Unit.objects.filter(name=who.unit).first() if who.unit else None
            if not create or unit is None:
                raise Refused("您是通讯员，但本系统还没有您的通讯员资料"
                              f"{'（目录中的单位“' + who.unit + '”在本系统中找不到）' if who.unit else ''}：请联系管理员。")
            Correspondent.objects.create(name=who.name or who.username, unit=unit, email=who.email,
                                         phone=_digits(who.mobile)[-11:], user=user)
    return user
