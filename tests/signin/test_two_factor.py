"""Two-factor sign-in for staff: with DJANGO_STAFF_2FA an administrator reaches neither the desk nor
the admin before a second factor; enrolment by QR code and a code, recovery codes used once; an
editor may enrol and then must verify; sign-ins and failures are recorded for administrators."""

import subprocess
import sys
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from correspondents import roles
from correspondents.models import LoginRecord
from correspondents.network import root_office
from tests.conftest import page_text
from tests.factories import UserFactory
from tests.test_production import ROOT, production_env

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_waiting(settings):
    # django-otp makes a person wait 2^n seconds after n wrong codes; these tests type the next at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def required(settings):
    settings.STAFF_2FA = True


def current_code(user) -> str:
    """What the phone shows: the current step's code, or the next step's when this one was used (a
    code is accepted once, and one step either side of now)."""
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t >= totp.t():
        totp.time = time.time() + device.step * (device.last_t - totp.t() + 1)
    return f"{totp.token():0{device.digits}d}"


def enrol(client, user) -> list[str]:
    client.get(reverse("two-factor"))
    response = client.post(reverse("two-factor"), {"code": current_code(user), "next": "/desk/"})
    return [code.strip() for code in response.context["codes"]]


def test_an_administrator_without_a_verified_device_is_refused_the_desk_and_the_admin(client, administrator,
                                                                                       correspondent, required):
    client.force_login(administrator)
    for page in ("/desk/", "/admin/", "/admin/messaging/message/"):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/?next="), page
    enrolment = page_text(client.get(reverse("two-factor")))
    assert "<svg" in enrolment and "管理员必须开启两步验证" in enrolment
    assert "验证码不对" in page_text(client.post(reverse("two-factor"), {"code": "000000"}))
    codes = enrol(client, administrator)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/desk/").status_code == 200 and client.get("/admin/").status_code == 200
    client.force_login(correspondent.user)  # the portal never asks
    assert client.get(reverse("portal:home")).status_code == 200


def test_each_new_sign_in_asks_again_and_a_recovery_code_works_once(client, administrator, required):
    client.force_login(administrator)
    codes = enrol(client, administrator)
    client.logout()
    client.force_login(administrator)
    response = client.get("/desk/")
    assert response["Location"].startswith("/accounts/2fa/verify/?next=")
    assert "验证码不对" in page_text(client.post(reverse("two-factor-verify"), {"code": "12345678", "next": "/desk/"}))
    response = client.post(reverse("two-factor-verify"), {"code": codes[0], "next": "/desk/"})
    assert response.status_code == 302 and response["Location"] == "/desk/"
    assert client.get("/desk/").status_code == 200
    client.logout()
    client.force_login(administrator)
    assert "验证码不对" in page_text(client.post(reverse("two-factor-verify"), {"code": codes[0]}))
    response = client.post(reverse("two-factor-verify"), {"code": current_code(administrator), "next": "https://evil.example/"})
    assert response["Location"] == "/"  # never sent off-site
    records = list(LoginRecord.objects.filter(method=LoginRecord.Method.SECOND_FACTOR).values_list("succeeded", "reason"))
    assert records.count((True, "恢复码")) == 1 and (False, "验证码错误") in records


def test_editors_choose_it_and_then_must_use_it_and_may_turn_it_off(client, editor, administrator, required):
    client.force_login(editor)
    assert client.get("/desk/").status_code == 200  # not required of an editor
    enrol(client, editor)
    client.logout()
    client.force_login(editor)
    assert client.get("/desk/")["Location"].startswith("/accounts/2fa/verify/")
    client.post(reverse("two-factor-verify"), {"code": current_code(editor)})
    assert "验证码不对" in page_text(client.post(reverse("two-factor-remove"), {"code": "000000"}, follow=True))
    assert "已关闭两步验证" in page_text(client.post(reverse("two-factor-remove"), {"code": current_code(editor)},
                                                  follow=True))
    client.logout()
    client.force_login(administrator)
    enrol(client, administrator)
    assert "管理员必须使用两步验证" in page_text(
        client.post(reverse("two-factor-remove"), {"code": current_code(administrator)}, follow=True))
    assert TOTPDevice.objects.filter(user=administrator).exists()


def test_off_the_desk_opens_without_it(client, administrator, settings):
    settings.STAFF_2FA = False
    client.force_login(administrator)
    assert client.get("/desk/").status_code == 200


def test_production_requires_it_by_default(tmp_path):
    script = "from django.conf import settings; print(settings.STAFF_2FA)"
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT,
                            env=production_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.stdout.split()[-1] == "True", result.stderr
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT,
                            env={**production_env(tmp_path), "DJANGO_STAFF_2FA": "0"}, capture_output=True, text=True,
                            timeout=120)
    assert result.stdout.split()[-1] == "False", result.stderr


def test_sign_ins_and_failures_are_recorded_and_administrators_read_them(client, administrator):
    clerk = UserFactory(username="clerk", role=roles.EDITOR, office=root_office())
    client.post(reverse("login"), {"username": "clerk", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    client.post(reverse("login"), {"username": "clerk", "password": "secret-pass-2026"}, HTTP_USER_AGENT="Chromium")
    failed, succeeded = LoginRecord.objects.order_by("id")
    assert (failed.username, failed.succeeded, failed.address, failed.reason) == ("clerk", False, "10.1.2.3",
                                                                                  "用户名或密码错误")
    assert (succeeded.user, succeeded.method, succeeded.user_agent) == (clerk, LoginRecord.Method.PASSWORD, "Chromium")
    client.force_login(administrator)
    listing = page_text(client.get(reverse("admin:correspondents_loginrecord_changelist")))
    assert "登录记录" in listing and "本地密码" in listing and "用户名或密码错误" in listing and "10.1.2.3" in listing
    client.force_login(clerk)
    assert client.get(reverse("admin:correspondents_loginrecord_changelist")).status_code == 403
