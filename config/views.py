"""The site's own pages: where "/" leads, the health check, the login lock-out page, a throttled
password reset and the error page for a database that is busy writing."""

import datetime
import sys

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView, PasswordResetView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from correspondents.roles import is_editor
from correspondents.services import forget_request_counts, request_counted

from .addresses import client_ip

RESET_WINDOW = datetime.timedelta(hours=1)


def landing(request: HttpRequest) -> HttpResponse:
    """Where "/" and a fresh login lead: the desk for office staff, the portal for correspondents."""
    if not request.user.is_authenticated:
        return redirect_to_login("/")
    if is_editor(request.user):
        return redirect("desk:review-queue")
    if getattr(request.user, "correspondent", None) is not None:
        return redirect("portal:home")
    raise PermissionDenied("这个账号还没有关联通讯员，也不是编辑。请联系研究室（宣传处）。")


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmark's baseline: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when a username and address are locked out: say when to try again."""
    cooloff = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": int(cooloff.total_seconds() // 60),
         "until": timezone.localtime() + cooloff},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class ThrottledPasswordResetView(PasswordResetView):
    """Password reset by e-mail, at most PASSWORD_RESET_LIMIT requests an hour per client address
    and per e-mail address, so the form cannot be used to flood a mailbox or probe accounts."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        keys = [f"password-reset:ip:{client_ip(self.request)}",
                f"password-reset:email:{form.cleaned_data['email'].strip().lower()}"]
        limit = settings.PASSWORD_RESET_LIMIT
        forget_request_counts(older_than=RESET_WINDOW * 2)
        # Both keys are counted (a refused request counts too), each by one atomic UPDATE.
        counts = [request_counted(key=key, window=RESET_WINDOW) for key in keys]
        if max(counts) > limit:
            return render(self.request, "registration/password_reset_throttled.html", {"limit": limit}, status=429)
        return super().form_valid(form)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A SQLite database busy with a long write (an import) answers "database is locked"
    after DJANGO_SQLITE_TIMEOUT seconds: say so in Chinese with 503, rather than an error page."""
    error = sys.exc_info()[1]
    # Rendered without the request: its context (the user) may need the very database that failed.
    if isinstance(error, OperationalError) and "locked" in str(error):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


def ping(request: HttpRequest) -> HttpResponse:
    """The benchmark's logged-in baseline: the session, the user and the role check every page pays,
    and a minimal template, nothing more."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (is_editor(request.user) or getattr(request.user, "correspondent", None) is not None):
        raise PermissionDenied
    return render(request, "ping.html")


def favicon(request: HttpRequest) -> HttpResponse:
    """Pages link their icon; this answers the browsers that ask for /favicon.ico anyway (the admin)."""
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("favicon.svg"))


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label="新邮箱", max_length=254)
    password = forms.CharField(label="当前密码", strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("密码不正确。修改邮箱须输入当前密码。")
        return password

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError("这个邮箱已被其他账号使用。")
        return email


@login_required
def email_change(request: HttpRequest) -> HttpResponse:
    """Anyone changes their own e-mail (where password resets are sent) with their password: the one
    way an office account's e-mail changes but by a superuser."""
    form = EmailChangeForm(request.user, request.POST or None, initial={"email": request.user.email})
    if request.method == "POST" and form.is_valid():
        User.objects.filter(pk=request.user.pk).update(email=form.cleaned_data["email"])
        messages.success(request, f"邮箱已改为 {form.cleaned_data['email']}。")
        return redirect("email_change")
    return render(request, "registration/email_change_form.html", {"form": form})


class OfficeLoginView(LoginView):
    """The login page: local password, and the 统一身份认证登录 button when the platform is configured;
    a sign-in the directory allowed but this system refused says why."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_label"] = settings.OIDC_BUTTON_LABEL if settings.OIDC_ENABLED else ""
        context["signin_refusal"] = getattr(self.request, "signin_refusal", "")
        return context
