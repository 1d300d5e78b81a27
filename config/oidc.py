"""Sign-in through the unified identity platform (统一身份认证, OpenID Connect) with mozilla-django-oidc.

The provider's endpoints come from its discovery document (DJANGO_OIDC_PROVIDER_URL +
/.well-known/openid-configuration), fetched the first time a sign-in needs them and kept for an hour:
a provider that is down stops neither the site from starting nor local passwords from working; the
button then says the platform cannot be reached. Accounts are linked by correspondents.identity."""

import threading
import time

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from correspondents.identity import Identity, Refused, sign_in

from .directory import refuse

KEPT_SECONDS = 3600
_discovered: dict = {}
_lock = threading.Lock()


class ProviderUnreachable(Exception):
    pass


def discovery() -> dict:
    """The provider's discovery document (cached for an hour per process)."""
    issuer = settings.OIDC_PROVIDER_URL
    with _lock:
        kept = _discovered.get(issuer)
        if kept and kept[0] > time.monotonic():
            return kept[1]
    try:
        response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            document[key]
    except (requests.RequestException, ValueError, KeyError) as error:
        raise ProviderUnreachable(f"统一身份认证平台暂时无法访问（{type(error).__name__}），请稍后再试或用本系统的密码登录。") \
            from error
    with _lock:
        _discovered[issuer] = (time.monotonic() + KEPT_SECONDS, document)
    return document


def forget_discovery() -> None:
    _discovered.clear()


class OfficeOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with the endpoints read from discovery when a sign-in needs them
    (never when a request merely carries a session) and accounts linked by correspondents.identity."""

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):
        return discovery()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self):
        return discovery().get("userinfo_endpoint")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):
        return discovery()["jwks_uri"]

    def authenticate(self, request, **kwargs):
        self.request = request
        try:
            return super().authenticate(request, **kwargs)
        except ProviderUnreachable as error:
            refuse(request, str(error))
            return None

    def get_userinfo(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            claims |= super().get_userinfo(access_token, id_token, payload)
        return claims

    def verify_claims(self, claims):
        return True  # correspondents.identity decides, with a reason the login page shows

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        names = settings.OIDC_CLAIMS
        raw_roles = claims.get(settings.OIDC_ROLES_CLAIM) or []
        raw_roles = {raw_roles} if isinstance(raw_roles, str) else set(raw_roles)
        who = Identity(username=str(claims.get(names["username"]) or claims.get("sub")), method="oidc",
                       name=str(claims.get(names["name"], "")), email=str(claims.get(names["email"], "")),
                       mobile=str(claims.get(names["mobile"], "")),
                       employee_number=str(claims.get(names["employee_number"], "")),
                       unit=str(claims.get(names["unit"], "")),
                       roles={role for role, values in settings.OIDC_ROLE_VALUES.items() if raw_roles & set(values)})
        try:
            return sign_in(who, match_by=settings.SIGNIN_MATCH_BY, create=settings.SIGNIN_CREATE_ACCOUNTS)
        except Refused as refusal:
            refuse(self.request, str(refusal))
            return None


class SignInStart(OIDCAuthenticationRequestView):
    """统一身份认证登录: off (404) unless configured; a provider that cannot be reached says so."""

    def __init__(self, *args, **kwargs):
        self.OIDC_RP_CLIENT_ID = getattr(settings, "OIDC_RP_CLIENT_ID", "")

    @property
    def OIDC_OP_AUTH_ENDPOINT(self):
        return discovery()["authorization_endpoint"]

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            discovery()
        except ProviderUnreachable as error:
            messages.error(request, str(error))
            return redirect("login")
        return super().get(request)


class SignInReturn(OIDCAuthenticationCallbackView):
    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation:
            messages.error(request, "统一身份认证登录没有完成（链接已过期或被改动），请重新登录。")
            return redirect("login")

    def login_failure(self):
        refusal = getattr(self.request, "signin_refusal", "") or "统一身份认证登录没有完成，请重新登录；仍不成功请联系管理员。"
        messages.error(self.request, refusal)
        return redirect("login")
