"""登录记录: every sign-in and failed attempt is written down (who, when, from which address, by which
method), and administrators read them in the admin. Receivers of Django's login signals, connected
in config.apps; the two-factor step records itself through `record`."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from correspondents.models import LoginRecord

from .addresses import client_ip

METHODS = {
    "config.directory.DirectoryBackend": LoginRecord.Method.LDAP,
    "config.oidc.OfficeOIDCBackend": LoginRecord.Method.OIDC,
}


def record(request, *, user=None, username: str = "", method: str, succeeded: bool, reason: str = "") -> None:
    LoginRecord.objects.create(
        user=user if user is not None and user.pk else None, username=(username or (user.get_username() if user else ""))[:150],
        method=method, succeeded=succeeded, reason=reason[:300],
        address=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300])


@receiver(user_logged_in, dispatch_uid="login-record-success")
def on_login(sender, request, user, **kwargs):
    record(request, user=user, method=METHODS.get(getattr(user, "backend", ""), LoginRecord.Method.PASSWORD),
           succeeded=True)


@receiver(user_login_failed, dispatch_uid="login-record-failure")
def on_failure(sender, credentials, request=None, **kwargs):
    if kwargs.get("method") == "两步验证":
        method = LoginRecord.Method.SECOND_FACTOR
    elif "code_verifier" in credentials or "nonce" in credentials:
        method = LoginRecord.Method.OIDC
    else:
        method = LoginRecord.Method.PASSWORD
    reason = getattr(request, "signin_refusal", "") if request is not None else ""
    record(request, username=credentials.get("username", ""), method=method, succeeded=False,
           reason=reason or ("验证码错误" if method == LoginRecord.Method.SECOND_FACTOR else "用户名或密码错误"))
