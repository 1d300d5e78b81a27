"""E-mails of the plan: notices to their audience, reminders of assignments falling due or overdue.
A mail server that is down is logged, never undoes what was saved."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone

from correspondents.models import Correspondent
from sheets.text import single_line

from .models import Assignment, Notice

logger = logging.getLogger(__name__)
REMIND_DAYS_BEFORE = 3


def _address(person: Correspondent) -> str:
    return person.email or (person.user.email if person.user_id else "")


def send_notice(notice: Notice) -> int:
    from .selectors import notice_audience

    people = notice_audience(notice).select_related("user")
    link = f"{settings.SITE_URL.rstrip('/')}/portal/notices/{notice.pk}/"
    messages = [(single_line(f"【通知】{notice.title}"), f"{notice.body}\n\n查看通知：{link}\n\n人大宣传工作管理系统",
                 None, [address]) for address in sorted({_address(p) for p in people} - {""})]
    try:
        sent = send_mass_mail(messages, fail_silently=False)
    except Exception:
        logger.exception("通知 %s 的邮件发送失败", notice.pk)
        return 0
    Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return sent


def _reminder(assignment: Assignment, overdue: bool) -> tuple[str, str]:
    link = f"{settings.SITE_URL.rstrip('/')}/portal/"
    topic = f"（选题：{assignment.topic.title}）" if assignment.topic_id else ""
    if overdue:
        subject = f"约稿已逾期：{assignment.due_on:%Y-%m-%d} 截止"
        first = f"您（或您的单位、小组）的约稿{topic}已于 {assignment.due_on:%Y年%m月%d日} 截止，尚未收到稿件。"
    else:
        subject = f"约稿将于 {assignment.due_on:%Y-%m-%d} 截止"
        first = f"您（或您的单位、小组）的约稿{topic}将于 {assignment.due_on:%Y年%m月%d日} 截止。"
    body = f"{first}\n\n约稿要求：{assignment.brief}\n\n在门户“我的任务”中回应约稿：{link}\n\n人大宣传工作管理系统"
    return single_line(subject), body


def send_reminders(today: datetime.date | None = None) -> dict[str, int]:
    """Remind assignees once three days before the due date and once the day after it passes, of
    assignments with nothing delivered. Returns how many assignments and mails of each kind."""
    today = today or timezone.localdate()
    waiting = Assignment.objects.undelivered().select_related("topic")
    counts = {"before": 0, "overdue": 0, "mails": 0}
    batches = [
        ("before", waiting.filter(due_on__gt=today, due_on__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
                                  reminded_before_at__isnull=True), "reminded_before_at"),
        ("overdue", waiting.filter(due_on__lt=today, reminded_overdue_at__isnull=True), "reminded_overdue_at"),
    ]
    for kind, assignments, stamp in batches:
        for assignment in assignments:
            subject, body = _reminder(assignment, overdue=kind == "overdue")
            addresses = sorted({_address(person) for person in assignment.audience().select_related("user")} - {""})
            try:
                counts["mails"] += send_mass_mail([(subject, body, None, [a]) for a in addresses])
            except Exception:
                logger.exception("约稿 %s 的提醒邮件发送失败", assignment.pk)
                continue  # not stamped: tried again on the next run
            Assignment.objects.filter(pk=assignment.pk).update(**{stamp: timezone.now()})
            counts[kind] += 1
    return counts

