"""The senders, one per channel: each delivers one message or raises DeliveryError with a Chinese
reason. E-mail goes through Django's mail backend; the robots and the webhook are one HTTPS POST of
JSON each (WeCom and DingTalk answer {"errcode": 0} when they accept a message)."""

import base64
import contextvars
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email

from .models import Channel, Event, Message

TIMEOUT_SECONDS = 10
# Right after an event commits, inside the user's request, a robot that does not answer must not hold
# the page: that first try waits AT_ONCE_SECONDS, and cron's send_messages retries with the full wait.
AT_ONCE_SECONDS = 3
timeout = contextvars.ContextVar("message_timeout", default=TIMEOUT_SECONDS)


class DeliveryError(Exception):
    pass


def dingtalk_signed(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    """The robot's URL with `timestamp` and `sign` = base64(HMAC-SHA256(secret, "timestamp\\nsecret"))."""
    timestamp = str(timestamp_ms if timestamp_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def _encode(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


def _post(url: str, data: bytes, headers: dict | None = None) -> bytes:
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout.get()) as response:
            return response.read(65536)
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"对方返回 HTTP {error.code}") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise DeliveryError(f"连接失败：{reason}") from error


def _robot_answer(raw: bytes) -> None:
    try:
        answer = json.loads(raw or b"{}")
    except ValueError as error:
        raise DeliveryError("对方的回答不是 JSON，请检查 Webhook 地址。") from error
    if answer.get("errcode", 0) != 0:
        raise DeliveryError(f"机器人拒收：{answer.get('errcode')} {answer.get('errmsg', '')}".strip())


def _mobiles(message: Message) -> list[str]:
    return [mobile for mobile in message.mentions.split(",") if mobile]


def send_email(message: Message, target: str, secret: str = "") -> None:
    digest = hashlib.sha256(message.key.encode()).hexdigest()[:32]
    mail = EmailMessage(message.subject, message.body + (f"\n\n{message.link}" if message.link else ""),
                        None, [target], headers={"Message-ID": f"<{digest}@renda-publicity>"})
    try:
        mail.send(fail_silently=False)
    except Exception as error:  # the mail backend's errors are many (SMTP, socket, TLS)
        raise DeliveryError(f"邮件发送失败：{error}") from error


def send_wecom(message: Message, target: str, secret: str = "") -> None:
    text = {"content": message.text}
    if message.mentions:
        text["mentioned_mobile_list"] = _mobiles(message)
    _robot_answer(_post(target, _encode({"msgtype": "text", "text": text})))


def send_dingtalk(message: Message, target: str, secret: str = "") -> None:
    url = dingtalk_signed(target, secret) if secret else target
    content = message.text + ("\n" + " ".join(f"@{m}" for m in _mobiles(message)) if message.mentions else "")
    _robot_answer(_post(url, _encode({"msgtype": "text", "text": {"content": content},
                                      "at": {"atMobiles": _mobiles(message), "isAtAll": False}})))


def send_webhook(message: Message, target: str, secret: str = "") -> None:
    """Receivers should drop a message whose `id` (also the Idempotency-Key header) they already have:
    after a crash mid-send the same message may come again with the same id."""
    payload = {"id": message.key, "event": message.event, "event_label": Event(message.event).label,
               "subject": message.subject, "body": message.body, "link": message.link, "text": message.text,
               "recipients": message.recipients, "mobiles": _mobiles(message)}
    body, headers = _encode(payload), {"Idempotency-Key": message.key}
    if secret:
        timestamp = str(int(time.time()))
        signature = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        headers |= {"X-Timestamp": timestamp, "X-Signature": signature}
    _post(target, body, headers)  # any 2xx answer is an acceptance


SENDERS = {Channel.EMAIL: send_email, Channel.WECOM: send_wecom, Channel.DINGTALK: send_dingtalk,
           Channel.WEBHOOK: send_webhook}


def send(message: Message) -> None:
    """Deliver a stored message to its address or robot."""
    if message.channel == Channel.EMAIL:
        target, secret = message.address, ""
    elif message.robot is None:
        raise DeliveryError("机器人已被删除，消息无处可发。")
    else:
        target, secret = message.robot.url, message.robot.secret
    if not target:
        raise DeliveryError("没有收件地址。")
    SENDERS[message.channel](message, target, secret)


def send_test(channel: str, target: str, secret: str = "", who: str = "") -> None:
    """One test message straight to `target` (a robot's URL or an e-mail address), outside the outbox:
    the admin's 测试 button and `manage.py send_test_message` both call this."""
    if channel not in SENDERS:
        raise DeliveryError(f"不认识的渠道“{channel}”。")
    if channel == Channel.EMAIL:
        try:
            validate_email(target)
        except ValidationError as error:
            raise DeliveryError(f"“{target}”不是有效的邮箱地址。") from error
    elif urllib.parse.urlsplit(target).scheme not in ("http", "https"):
        raise DeliveryError(f"“{target}”不是 http(s) 地址。")
    site = getattr(settings, "SITE_URL", "")
    message = Message(key=f"test:{channel}:{int(time.time() * 1000)}", event=Event.TEST, channel=channel,
                      subject="人大宣传工作管理系统测试消息",
                      body=f"这是一条测试消息{'（' + who + '发送）' if who else ''}。收到说明{Channel(channel).label}已接通。",
                      link=site)
    SENDERS[channel](message, target, secret)
