"""Messages of the plan: a new assignment to its assignees, reminders of assignments falling due or
overdue, notices to their audience. Each is written to the outbox (messaging.enqueue) in the same
transaction as what it reports, and reaches people through the channels they chose."""

import datetime

from django.db import transaction
from django.utils import timezone

from messaging.models import Event
from messaging.services import enqueue
from sheets.text import single_line

from .models import Assignment, Notice

REMIND_DAYS_BEFORE = 3
SIGNATURE = "人大宣传工作管理系统"
PORTAL = "/portal/"


def _topic(assignment: Assignment) -> str:
    return f"（选题：{assignment.topic.title}）" if assignment.topic_id else ""


def tell_of_assignment(assignment: Assignment) -> list[str]:
    body = (f"您（或您的单位、小组）收到一项约稿{_topic(assignment)}，{assignment.due_on:%Y年%m月%d日} 截止。\n\n"
            f"约稿要求：{assignment.brief}\n\n在门户“我的任务”中回应约稿。\n{SIGNATURE}")
    return enqueue(event=Event.ASSIGNMENT, key=f"assignment:{assignment.pk}",
                   people=assignment.audience().select_related("user"),
                   subject=single_line(f"新约稿：{assignment.due_on:%Y-%m-%d} 截止"), body=body, link=PORTAL)


def tell_of_notice(notice: Notice) -> list[str]:
    from .selectors import notice_audience

    keys = enqueue(event=Event.NOTICE, key=f"notice:{notice.pk}",
                   people=notice_audience(notice).select_related("user"), subject=single_line(f"【通知】{notice.title}"),
                   body=f"{notice.body}\n\n{SIGNATURE}", link=f"/portal/notices/{notice.pk}/")
    Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return keys


def _reminder(assignment: Assignment, overdue: bool) -> tuple[str, str]:
    if overdue:
        subject = f"约稿已逾期：{assignment.due_on:%Y-%m-%d} 截止"
        first = f"您（或您的单位、小组）的约稿{_topic(assignment)}已于 {assignment.due_on:%Y年%m月%d日} 截止，尚未收到稿件。"
    else:
        subject = f"约稿将于 {assignment.due_on:%Y-%m-%d} 截止"
        first = f"您（或您的单位、小组）的约稿{_topic(assignment)}将于 {assignment.due_on:%Y年%m月%d日} 截止。"
    body = f"{first}\n\n约稿要求：{assignment.brief}\n\n在门户“我的任务”中回应约稿。\n{SIGNATURE}"
    return single_line(subject), body


def send_reminders(today: datetime.date | None = None) -> dict[str, int]:
    """Remind assignees once three days before the due date and once the day after it passes, of
    assignments with nothing delivered: each reminder is written to the outbox with its stamp, in one
    transaction. Returns how many assignments of each kind and how many messages."""
    today = today or timezone.localdate()
    waiting = Assignment.objects.undelivered().select_related("topic")
    counts = {"before": 0, "overdue": 0, "messages": 0}
    batches = [
        ("before", waiting.filter(due_on__gt=today, due_on__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
                                  reminded_before_at__isnull=True), "reminded_before_at"),
        ("overdue", waiting.filter(due_on__lt=today, reminded_overdue_at__isnull=True), "reminded_overdue_at"),
    ]
    for kind, assignments, stamp in batches:
        for assignment in assignments:
            subject, body = _reminder(assignment, overdue=kind == "overdue")
            with transaction.atomic():
                stamped = Assignment.objects.filter(pk=assignment.pk, **{f"{stamp}__isnull": True}).update(
                    **{stamp: timezone.now()})
                if not stamped:
                    continue  # another run reminded it meanwhile
                counts["messages"] += len(enqueue(
                    event=Event.REMINDER, key=f"reminder-{kind}:{assignment.pk}:{assignment.due_on:%Y%m%d}",
                    people=assignment.audience().select_related("user"), subject=subject, body=body, link=PORTAL))
            counts[kind] += 1
    return counts
