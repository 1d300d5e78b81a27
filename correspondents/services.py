import datetime

from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Correspondent, RequestCount
from .roles import CORRESPONDENT, is_editor


def request_counted(*, key: str, window: datetime.timedelta) -> int:
    """Count one more request under `key` and return how many there have been in the current window
    (a new window starts when the last one is over). Atomic on SQLite and PostgreSQL: the row is
    created once (its key is unique) and counted up by UPDATE … SET count = count + 1."""
    now = timezone.now()
    with transaction.atomic():
        RequestCount.objects.get_or_create(key=key, defaults={"window_started": now})
        RequestCount.objects.filter(key=key, window_started__lte=now - window).update(window_started=now, count=0)
        RequestCount.objects.filter(key=key).update(count=F("count") + 1)
        return RequestCount.objects.filter(key=key).values_list("count", flat=True).get()


def forget_request_counts(*, older_than: datetime.timedelta) -> int:
    """Delete counts whose window ended long ago (called with each count; the table stays small)."""
    return RequestCount.objects.filter(window_started__lt=timezone.now() - older_than).delete()[0]


def account_invite(*, correspondent: Correspondent, actor: User | None, site_url: str) -> User:
    """Create (or reuse) the correspondent's portal account and e-mail a link to set the password.

    The username is the correspondent's e-mail address; the link is a password-reset link, valid
    for PASSWORD_RESET_TIMEOUT, so no password ever travels by e-mail.
    """
    if actor is not None and not is_editor(actor):
        raise ValidationError("只有编辑或管理员可以邀请通讯员。")
    email = correspondent.contact_email.strip()
    if not email:
        raise ValidationError(f"{correspondent.name}没有登记邮箱，无法发送邀请。请先填写邮箱。")
    with transaction.atomic():
        user = correspondent.user
        if user is None:
            if User.objects.filter(username__iexact=email).exists():
                raise ValidationError(f"用户名“{email}”已被其他账号使用。")
            user = User.objects.create_user(username=email, email=email, first_name=correspondent.name)
            user.set_unusable_password()
            user.save()
            correspondent.user = user
            correspondent.save(update_fields=["user"])
        user.groups.add(Group.objects.get_or_create(name=CORRESPONDENT)[0])
    link = site_url.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)},
    )
    body = (
        f"{correspondent.name}，您好：\n\n"
        f"研究室（宣传处）为您开通了人大宣传工作管理系统的账号，可以在线写稿、报送、查看用稿和积分。\n\n"
        f"用户名：{user.get_username()}\n"
        f"请在三天内打开下面的链接设置密码：\n{link}\n\n"
        f"人大宣传工作管理系统"
    )
    transaction.on_commit(lambda: send_mail("人大宣传工作管理系统：账号开通邀请", body, None, [email]))
    return user
