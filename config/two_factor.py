"""Two-factor sign-in for office staff (django-otp): a TOTP app enrolled by QR code, ten recovery codes.

The rule, in one place (`needs_second_factor`): with DJANGO_STAFF_2FA=1 (on by default in production)
an administrator reaches neither the desk nor the admin until a second factor is verified in this
session; an editor may enrol, and once enrolled must verify too. The middleware sends such a request
to enrolment (no device yet) or to the code page; correspondents and the portal are untouched."""

import secrets
import urllib.parse

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from correspondents.models import LoginRecord
from correspondents.roles import is_administrator, is_editor

from .logins import record

GUARDED = ("/desk/", "/admin/")
OPEN = ("/admin/login/", "/admin/logout/")
RECOVERY_CODES = 10


ENROLLED = "two_factor_enrolled"


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()  # recovery codes come with one


@receiver(user_logged_in, dispatch_uid="two-factor-enrolled")
def remember_enrolment(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED] = has_device(user)


def enrolled(request) -> bool:
    """Whether the signed-in user has an authenticator, asked at sign-in and kept in the session (only
    they change it, through the pages below, which keep the session's answer up to date)."""
    if ENROLLED not in request.session:
        request.session[ENROLLED] = has_device(request.user)
    return request.session[ENROLLED]


def required_for(user) -> bool:
    return bool(getattr(settings, "STAFF_2FA", False)) and is_administrator(user)


def needs_second_factor(request) -> bool:
    """Signed-in office staff who must verify a second factor before the desk and the admin."""
    user = request.user
    if not is_editor(user) or user.is_verified():
        return False
    return required_for(user) or enrolled(request)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(GUARDED) and not path.startswith(OPEN) and needs_second_factor(request):
            target = "two-factor-verify" if enrolled(request) else "two-factor"
            return redirect(f"{reverse(target)}?{urllib.parse.urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("landing")


class CodeForm(forms.Form):
    code = forms.CharField(label="验证码", max_length=16, widget=forms.TextInput(attrs={
        "autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))


def _recovery_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="恢复码", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@login_required
def enrol(request):
    """两步验证: enrol an authenticator app (QR code), or see that one is enrolled."""
    user = request.user
    if not is_editor(user):
        return redirect("landing")
    if has_device(user):
        return render(request, "registration/two_factor_status.html", {
            "required": required_for(user), "verified": user.is_verified(),
            "left": StaticToken.objects.filter(device__user=user).count()})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or \
        TOTPDevice.objects.create(user=user, name="手机验证器", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _recovery_codes(user)
            otp_login(request, device)
            request.session[ENROLLED] = True
            return render(request, "registration/two_factor_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", "验证码不对：请输入验证器里当前显示的 6 位数字（手机时间要准确）。")
    uri = device.config_url
    return render(request, "registration/two_factor_enrol.html", {
        "form": form, "qr": segno.make(uri, error="m").svg_inline(scale=4, dark="#111"),
        "secret": urllib.parse.parse_qs(urllib.parse.urlsplit(uri).query)["secret"][0],
        "required": required_for(user), "next": request.GET.get("next", "")})


@login_required
def verify(request):
    """The second step of signing in: a code from the app, or one of the recovery codes (used once)."""
    if not has_device(request.user):
        return redirect(f"{reverse('two-factor')}?{urllib.parse.urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            record(request, user=request.user, method=LoginRecord.Method.SECOND_FACTOR, succeeded=True,
                   reason="恢复码" if isinstance(device, StaticDevice) else "")
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, f"已用一个恢复码登录，还剩 {left} 个。用完前请在“两步验证”页重新生成。")
            return redirect(_next(request))
        user_login_failed.send(sender=__name__, credentials={"username": request.user.get_username()},
                               request=request, method="两步验证")
        waiting = any(not device.verify_is_allowed()[0] for device in devices_for_user(request.user))
        form.add_error("code", "验证码不对或已用过。" + ("输错次数较多，请等几秒钟再输入。" if waiting else "请重试。"))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)})


@login_required
@require_POST
def new_recovery_codes(request):
    if not request.user.is_verified():
        return redirect("two-factor-verify")
    codes = _recovery_codes(request.user)
    return render(request, "registration/two_factor_codes.html", {"codes": codes, "next": reverse("two-factor")})


@login_required
@require_POST
def remove(request):
    """An editor who enrolled by choice may remove it (with a current code); an administrator who must
    use it may not."""
    user = request.user
    if required_for(user):
        messages.error(request, "管理员必须使用两步验证，不能关闭。")
        return redirect("two-factor")
    if match_token(user, request.POST.get("code", "").strip()) is None:
        messages.error(request, "验证码不对：关闭两步验证需要输入当前的验证码。")
        return redirect("two-factor")
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    request.session[ENROLLED] = False
    messages.success(request, "已关闭两步验证。")
    return redirect("two-factor")
