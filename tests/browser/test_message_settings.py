"""消息接收 and 两步验证 as people see them, at 390 px (a phone) and 1280 px: each checkbox on the line of
its own name, nothing wider than the screen, the QR code whole on a phone."""

import pytest

from correspondents import roles
from correspondents.network import root_office
from messaging.models import Channel, Robot
from tests.factories import CorrespondentFactory, UnitFactory, UserFactory

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def no_sideways_scroll(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("width", [390, 1280])
def test_each_channel_box_sits_by_its_name_and_saving_says_where_it_goes(page, width, screenshot):
    page.set_viewport_size({"width": width, "height": 900})
    unit = UnitFactory(name="枝江市人大常委会")
    user = UserFactory(username="xiaoli", role=roles.CORRESPONDENT)
    CorrespondentFactory(user=user, unit=unit, phone="13900000001", email="xiaoli@example.org")
    Robot.objects.create(name="枝江通讯员群", channel=Channel.WECOM, url="http://127.0.0.1:9/x", office=root_office(),
                         unit=unit)
    page.goto(f"{page.base}/accounts/login/?next=/portal/messages/")
    page.fill("input[name=username]", "xiaoli")
    page.fill("input[name=password]", "secret-pass-2026")
    page.click("button:has-text('登录')")
    page.wait_for_url(lambda url: "/portal/messages/" in url)
    for channel in ("email", "wecom", "dingtalk", "webhook"):
        box = page.locator(f"#id_{channel}").bounding_box()
        label = page.locator(f"label:has(#id_{channel})").bounding_box()
        assert abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < 4, channel
        assert box["x"] - label["x"] < 4  # the box opens its own line, the name right after it
    assert no_sideways_scroll(page) <= 0
    page.check("#id_wecom")
    page.uncheck("#id_email")
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=消息接收方式已保存")
    assert "发到：枝江通讯员群（单位：枝江市人大常委会）" in page.inner_text("main")
    assert "群消息会@手机号 13900000001" in page.inner_text("main")
    screenshot(page, f"message-settings-{width}")


def test_the_enrolment_qr_code_fits_a_phone(page, settings, screenshot):
    settings.STAFF_2FA = True
    UserFactory(username="boss", role=roles.ADMINISTRATOR, office=root_office())
    page.set_viewport_size({"width": 390, "height": 900})
    log_in(page, "boss", "secret-pass-2026", next_url="/desk/")
    page.goto(f"{page.base}/desk/")
    page.wait_for_url(lambda url: "/accounts/2fa/" in url)
    qr = page.locator(".qr svg").bounding_box()
    assert qr["width"] >= 120 and qr["x"] >= 0 and qr["x"] + qr["width"] <= 390
    assert no_sideways_scroll(page) <= 0
    screenshot(page, "two-factor-enrol-390")
