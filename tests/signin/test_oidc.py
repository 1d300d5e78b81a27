"""统一身份认证 (OpenID Connect) without a browser: the provider's discovery document is read when a
sign-in needs it, never when the site starts; a provider that is down leaves local passwords working
and says so on the login page."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from config import oidc
from correspondents import roles
from tests.conftest import page_text
from tests.factories import UserFactory

from .conftest import apply_environment, free_port
from .oidc_provider import Provider

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def oidc_environment(issuer: str) -> dict:
    return {"DJANGO_OIDC_PROVIDER_URL": issuer, "DJANGO_OIDC_CLIENT_ID": "renda", "DJANGO_OIDC_CLIENT_SECRET": "s",
            "DJANGO_OIDC_CORRESPONDENT_ROLES": "renda-correspondent", "DJANGO_OIDC_EDITOR_ROLES": "renda-editor"}


@pytest.fixture(autouse=True)
def _forget():
    oidc.forget_discovery()
    yield
    oidc.forget_discovery()


def test_the_site_starts_with_the_provider_down_and_reads_discovery_only_when_signing_in(client, settings):
    closed = f"http://127.0.0.1:{free_port()}"
    env = {**os.environ, **oidc_environment(closed), "PYTHONPATH": str(ROOT)}
    started = subprocess.run([sys.executable, str(ROOT / "manage.py"), "check"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr

    provider = Provider("renda", "s", {})
    try:
        apply_environment(settings, oidc_environment(provider.issuer))
        assert "统一身份认证登录" in page_text(client.get(reverse("login")))
        assert provider.discovery_requests == 0  # the login page does not ask the provider
        response = client.get(reverse("oidc_authentication_init"))
        assert response.status_code == 302 and response["Location"].startswith(f"{provider.issuer}/authorize?")
        assert "code_challenge_method=S256" in response["Location"]
        client.get(reverse("oidc_authentication_init"))
        assert provider.discovery_requests == 1  # kept
    finally:
        provider.close()


def test_a_provider_that_is_down_is_named_and_local_passwords_still_work(client, settings):
    apply_environment(settings, oidc_environment(f"http://127.0.0.1:{free_port()}"))
    response = client.get(reverse("oidc_authentication_init"), follow=True)
    assert "统一身份认证平台暂时无法访问" in page_text(response)
    user = UserFactory(username="clerk", role=roles.EDITOR)
    response = client.post(reverse("login"), {"username": "clerk", "password": "secret-pass-2026"})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_without_configuration_there_is_no_button_and_no_route(client):
    assert "统一身份认证" not in page_text(client.get(reverse("login")))
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404


def test_a_tampered_return_is_refused_with_a_message(client, settings):
    provider = Provider("renda", "s", {})
    try:
        apply_environment(settings, oidc_environment(provider.issuer))
        response = client.get(reverse("oidc_authentication_callback") + "?code=x&state=forged", follow=True)
        assert "统一身份认证登录没有完成" in page_text(response)
        assert "_auth_user_id" not in client.session
    finally:
        provider.close()
