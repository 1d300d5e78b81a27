"""Delivering the outbox, exactly once per message.

A message is claimed by one compare-and-set UPDATE (待发送 → 发送中, committed before anything is sent),
so two senders (cron and the request that wrote it) never both send it. After the send it becomes
已送达, or goes back to 待发送 with a later attempt time (1 min, 5 min, 30 min, 2 h, 12 h), and after the
sixth failure 发送失败, which administrators see on the desk and in the admin.

A sender killed between claiming and recording leaves a message 发送中. Once its lease has run out:
an e-mail or webhook message is sent again with the same Message-ID / Idempotency-Key, which mail
clients and webhook receivers use to drop a repeat; a WeCom or DingTalk robot cannot drop a repeat,
so its message becomes 待确认 and waits for an administrator (重新发送 / 标记为已送达) instead of being
posted to the group twice."""

import datetime
import logging
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from . import channels
from .channels import DeliveryError, send
from .models import Channel, Message

logger = logging.getLogger(__name__)

BACKOFF = (datetime.timedelta(minutes=1), datetime.timedelta(minutes=5), datetime.timedelta(minutes=30),
           datetime.timedelta(hours=2), datetime.timedelta(hours=12))
MAX_ATTEMPTS = len(BACKOFF) + 1
LEASE = datetime.timedelta(minutes=10)
RESENDABLE = (Channel.EMAIL, Channel.WEBHOOK)  # their receivers drop a repeat of the same key


@dataclass
class Counts:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    recovered: int = 0
    uncertain: int = 0


def recover_stale(now: datetime.datetime, lease: datetime.timedelta = LEASE) -> tuple[int, int]:
    """Messages left 发送中 by a sender that died: (sent again later, waiting for an administrator)."""
    stale = Message.objects.filter(state=Message.State.SENDING, claimed_at__lt=now - lease)
    again = stale.filter(channel__in=RESENDABLE).update(
        state=Message.State.PENDING, next_attempt_at=now,
        last_error="上次发送中断（发送程序被终止），以相同的幂等键重发。")
    uncertain = stale.exclude(channel__in=RESENDABLE).update(
        state=Message.State.UNCERTAIN,
        last_error="上次发送中断（发送程序被终止），不能确定群里是否已收到：请在群里核对后选择“重新发送”或“标记为已送达”。")
    return again, uncertain


def _claim(pk: int, now: datetime.datetime) -> bool:
    return Message.objects.filter(pk=pk, state=Message.State.PENDING, next_attempt_at__lte=now).update(
        state=Message.State.SENDING, claimed_at=now, attempts=F("attempts") + 1) == 1


def _deliver_one(pk: int, now: datetime.datetime, counts: Counts) -> None:
    message = Message.objects.select_related("robot").get(pk=pk)
    try:
        send(message)
    except DeliveryError as error:
        if message.attempts >= MAX_ATTEMPTS:
            Message.objects.filter(pk=pk).update(state=Message.State.FAILED, last_error=str(error)[:2000])
            counts.failed += 1
            logger.error("消息 %s 第 %s 次发送失败，不再重试：%s", message.key, message.attempts, error)
        else:
            Message.objects.filter(pk=pk).update(
                state=Message.State.PENDING, last_error=str(error)[:2000],
                next_attempt_at=now + BACKOFF[message.attempts - 1])
            counts.retrying += 1
        return
    Message.objects.filter(pk=pk, state=Message.State.SENDING).update(
        state=Message.State.SENT, sent_at=timezone.now(), last_error="")
    counts.sent += 1


def deliver_due(*, now: datetime.datetime | None = None, limit: int = 500, only: list[str] | None = None,
                lease: datetime.timedelta = LEASE, quiet: bool = False) -> Counts:
    """Send what is due (only the messages with the keys in `only`, when given): each claimed, sent
    and recorded on its own, so a run stopped at any point loses nothing and repeats nothing."""
    counts = Counts()
    now = now or timezone.now()
    token = channels.timeout.set(channels.AT_ONCE_SECONDS if quiet else channels.TIMEOUT_SECONDS)
    try:
        if only is None:
            counts.recovered, counts.uncertain = recover_stale(now, lease)
        due = Message.objects.filter(state=Message.State.PENDING, next_attempt_at__lte=now)
        if only is not None:
            due = due.filter(key__in=only)
        for pk in list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]):
            if _claim(pk, now):
                _deliver_one(pk, now, counts)
    except Exception:
        if not quiet:
            raise
        # Right after an event commits: whatever goes wrong here, the outbox keeps the messages for cron.
        logger.exception("消息即时发送出错，留待 send_messages 重试")
    finally:
        channels.timeout.reset(token)
    return counts


def resend(queryset) -> int:
    """An administrator's 重新发送 of failed or uncertain messages: due again, attempts from zero."""
    return queryset.filter(state__in=[Message.State.FAILED, Message.State.UNCERTAIN]).update(
        state=Message.State.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error="")


def mark_delivered(queryset) -> int:
    return queryset.filter(state__in=[Message.State.FAILED, Message.State.UNCERTAIN]).update(
        state=Message.State.SENT, sent_at=timezone.now(), last_error="由管理员标记为已送达")
