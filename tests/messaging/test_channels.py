"""Each channel against a local server standing in for WeCom, DingTalk and a webhook receiver: what is
posted, how DingTalk's signature is made, what a refusal looks like, the test command and the admin's
测试 button."""

import hashlib
import hmac
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from correspondents.network import root_office
from messaging.channels import DeliveryError, dingtalk_signed, send, send_test
from messaging.models import Channel, Message, Robot
from tests.conftest import page_text

pytestmark = pytest.mark.django_db


def stored(channel, robot=None, **fields) -> Message:
    return Message(key="transition:7:x", event="review", channel=channel, robot=robot, subject="稿件《春耕》：已录用",
                   body="您的稿件已被录用。", link="http://127.0.0.1:8000/portal/contributions/7/", **fields)


def test_dingtalk_signs_the_timestamp_and_secret_with_hmac_sha256():
    # Worked out by hand: printf '1700000000000\nSECtest0123456789' | openssl dgst -sha256 -hmac SECtest0123456789 -binary | base64
    url = dingtalk_signed("https://oapi.example/robot/send?access_token=abc", "SECtest0123456789", 1700000000000)
    assert url == ("https://oapi.example/robot/send?access_token=abc&timestamp=1700000000000"
                   "&sign=yBKp5IlG6qCzcQWmgyRK%2FziJBdVNJmHfFE2ST%2FCzT%2Fg%3D")


def test_a_wecom_robot_gets_a_text_that_mentions_the_mobiles(receiver):
    robot = Robot(channel=Channel.WECOM, url=f"{receiver.url}/cgi-bin/webhook/send?key=k1")
    send(stored(Channel.WECOM, robot, recipients="张三、李四", mentions="13800000001,13800000002"))
    [request] = receiver.requests
    assert request["path"] == "/cgi-bin/webhook/send" and request["query"] == {"key": "k1"}
    assert request["json"]["msgtype"] == "text"
    assert request["json"]["text"]["mentioned_mobile_list"] == ["13800000001", "13800000002"]
    content = request["json"]["text"]["content"]
    assert content.startswith("【稿件《春耕》：已录用】\n致 张三、李四：\n您的稿件已被录用。")
    assert content.endswith("/portal/contributions/7/")


def test_a_dingtalk_robot_gets_a_signed_url_that_its_server_can_check(receiver):
    secret = "SECabcdef"
    robot = Robot(channel=Channel.DINGTALK, url=f"{receiver.url}/robot/send?access_token=t1", secret=secret)
    send(stored(Channel.DINGTALK, robot, mentions="13800000001"))
    [request] = receiver.requests
    query = request["query"]
    # What DingTalk's server does with the two parameters:
    import base64

    expected = base64.b64encode(hmac.new(secret.encode(), f"{query['timestamp']}\n{secret}".encode(),
                                         hashlib.sha256).digest()).decode()
    assert query["access_token"] == "t1" and query["sign"] == expected
    assert request["json"]["at"] == {"atMobiles": ["13800000001"], "isAtAll": False}
    assert "@13800000001" in request["json"]["text"]["content"]


def test_a_robot_that_refuses_is_a_delivery_error_with_its_reason(receiver):
    receiver.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    robot = Robot(channel=Channel.WECOM, url=f"{receiver.url}/cgi-bin/webhook/send?key=bad")
    with pytest.raises(DeliveryError, match="机器人拒收：93000 invalid webhook url"):
        send(stored(Channel.WECOM, robot))
    receiver.status, receiver.answer = 500, {}
    with pytest.raises(DeliveryError, match="HTTP 500"):
        send(stored(Channel.WECOM, robot))


def test_a_webhook_carries_the_key_and_a_signature_over_the_exact_body(receiver):
    robot = Robot(channel=Channel.WEBHOOK, url=f"{receiver.url}/hook", secret="s3cret")
    send(stored(Channel.WEBHOOK, robot, recipients="张三"))
    [request] = receiver.requests
    headers = request["headers"]
    assert headers["Idempotency-Key"] == "transition:7:x" == request["json"]["id"]
    signed = headers["X-Timestamp"].encode() + b"." + request["raw"]
    assert headers["X-Signature"] == hmac.new(b"s3cret", signed, hashlib.sha256).hexdigest()
    assert request["json"]["event_label"] == "稿件审核" and request["json"]["recipients"] == "张三"


def test_an_email_has_a_message_id_made_of_its_key(mailoutbox):
    send(stored(Channel.EMAIL, address="a@example.org"))
    send(stored(Channel.EMAIL, address="a@example.org"))
    assert mailoutbox[0].extra_headers["Message-ID"] == mailoutbox[1].extra_headers["Message-ID"]
    assert mailoutbox[0].to == ["a@example.org"] and mailoutbox[0].body.endswith("/portal/contributions/7/")


@pytest.mark.parametrize("channel", ["wecom", "dingtalk", "webhook"])
def test_send_test_message_posts_one_message(receiver, channel):
    out = StringIO()
    args = ["--channel", channel, f"{receiver.url}/x?key=1"] + (["--secret", "SECk"] if channel == "dingtalk" else [])
    call_command("send_test_message", *args, stdout=out)
    assert "已发送测试消息" in out.getvalue()
    [request] = receiver.requests
    assert "测试消息" in json.dumps(request["json"], ensure_ascii=False)
    assert ("sign" in request["query"]) == (channel == "dingtalk")


def test_send_test_message_by_email_and_its_refusals(mailoutbox):
    call_command("send_test_message", "--channel", "email", "clerk@example.org", stdout=StringIO())
    assert mailoutbox[0].to == ["clerk@example.org"] and "测试消息" in mailoutbox[0].subject
    with pytest.raises(CommandError, match="不是有效的邮箱地址"):
        call_command("send_test_message", "--channel", "email", "not-an-address")
    with pytest.raises(CommandError, match="不是 http"):
        call_command("send_test_message", "--channel", "wecom", "file:///etc/passwd")
    with pytest.raises(CommandError, match="连接失败"):
        call_command("send_test_message", "--channel", "webhook", "http://127.0.0.1:9/closed")
    with pytest.raises(DeliveryError):
        send_test("fax", "x")


def test_the_admin_test_button_sends_through_the_robot(receiver, admin_client_persona):
    robot = Robot.objects.create(name="枝江通讯员群", channel=Channel.WECOM, office=root_office(),
                                 url=f"{receiver.url}/cgi-bin/webhook/send?key=k9")
    change = reverse("admin:messaging_robot_change", args=[robot.pk])
    assert "测试（向群里发一条测试消息）" in page_text(admin_client_persona.get(change))
    response = admin_client_persona.post(reverse("admin:messaging_robot_test", args=[robot.pk]), follow=True)
    assert "测试消息已发到“枝江通讯员群”" in page_text(response)
    assert len(receiver.requests) == 1 and "admin-persona" in receiver.texts()[0]
    receiver.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    response = admin_client_persona.post(reverse("admin:messaging_robot_test", args=[robot.pk]), follow=True)
    assert "测试消息发送失败：机器人拒收：93000" in page_text(response)
    assert admin_client_persona.get(reverse("admin:messaging_robot_test", args=[robot.pk])).status_code == 302
    assert not Message.objects.exists()  # a test message is not written to the outbox
