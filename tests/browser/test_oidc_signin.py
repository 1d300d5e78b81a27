"""统一身份认证登录 in Chromium against a local OpenID provider: the button, the provider's own login
page, the code flow back, the account linked by e-mail with the role the provider's claim gives; a
person without a role is sent back with the reason."""

import pytest

from config import oidc
from correspondents import roles
from tests.factories import CorrespondentFactory, UserFactory
from tests.signin.conftest import apply_environment
from tests.signin.oidc_provider import Provider

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = {
    "lihua": {"password": "p1", "name": "李华", "email": "lihua@example.org", "roles": ["renda-correspondent"]},
    "guest": {"password": "p2", "name": "访客", "email": "guest@example.org", "roles": ["visitor"]},
}


@pytest.fixture
def provider(settings):
    oidc.forget_discovery()
    server = Provider("renda", "client-secret", PEOPLE)
    apply_environment(settings, {"DJANGO_OIDC_PROVIDER_URL": server.issuer, "DJANGO_OIDC_CLIENT_ID": "renda",
                                 "DJANGO_OIDC_CLIENT_SECRET": "client-secret",
                                 "DJANGO_OIDC_CORRESPONDENT_ROLES": "renda-correspondent"})
    yield server
    server.close()
    oidc.forget_discovery()


def sign_in_at_the_provider(page, username, password):
    page.goto(f"{page.base}/accounts/login/")
    page.click("#oidc-login")
    page.wait_for_selector("h1:has-text('统一身份认证平台')")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#sign-in")


def test_a_correspondent_signs_in_through_the_platform(page, provider, screenshot):
    account = UserFactory(username="lh-local", role=roles.CORRESPONDENT)
    CorrespondentFactory(user=account, email="lihua@example.org")
    sign_in_at_the_provider(page, "lihua", "p1")
    page.wait_for_url(lambda url: "/portal/" in url)
    assert "我的年度" in page.inner_text("body")
    screenshot(page, "oidc-signed-in")


def test_someone_without_a_role_comes_back_with_the_reason(page, provider):
    UserFactory(username="guest", role=roles.CORRESPONDENT)
    sign_in_at_the_provider(page, "guest", "p2")
    page.wait_for_url(lambda url: "/accounts/login/" in url)
    assert "不属于本系统的任何角色组" in page.inner_text("main")
