"""send_reminders: three days before the due date and the day after it passes, once each, only
while nothing has been delivered, to every active correspondent the assignment is for. Reminders
are written to the outbox; `deliver_due` (send_messages) mails them."""

import datetime

import pytest
from django.core.management import call_command

from contributions.models import State
from messaging.delivery import deliver_due
from messaging.models import Message
from planning.messages import send_reminders
from tests.factories import CorrespondentFactory, TeamFactory, UnitFactory

from .conftest import DUE, answered, commission

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def reminders_only(mailoutbox):
    return [mail for mail in mailoutbox if "新约稿" not in mail.subject]


def test_three_days_before_once_then_overdue_once(editor, mailoutbox):
    unit = UnitFactory()
    CorrespondentFactory(unit=unit, email="a@example.org")
    CorrespondentFactory(unit=unit, email="b@example.org")
    CorrespondentFactory(unit=unit, email="gone@example.org", active=False)
    commission(editor, unit=unit)
    assert send_reminders(DUE - 4 * DAY) == {"before": 0, "overdue": 0, "messages": 0}
    assert send_reminders(DUE - 3 * DAY) == {"before": 1, "overdue": 0, "messages": 2}
    deliver_due()
    mails = reminders_only(mailoutbox)
    assert sorted(mail.to[0] for mail in mails) == ["a@example.org", "b@example.org"]
    assert "将于 2026-06-30 截止" in mails[0].subject
    assert send_reminders(DUE - 2 * DAY)["messages"] == 0  # once
    assert send_reminders(DUE)["messages"] == 0  # the due day itself is not overdue yet
    assert send_reminders(DUE + DAY) == {"before": 0, "overdue": 1, "messages": 2}
    deliver_due()
    assert "约稿已逾期" in reminders_only(mailoutbox)[-1].subject
    assert send_reminders(DUE + 5 * DAY)["messages"] == 0
    deliver_due()
    assert len(reminders_only(mailoutbox)) == 4


def test_nothing_is_sent_once_a_piece_was_delivered(editor, mailoutbox):
    person = CorrespondentFactory(email="c@example.org")
    assignment = commission(editor, correspondent=person)
    answered(editor, assignment, State.SUBMITTED, delivered=DUE - 5 * DAY)
    assert send_reminders(DUE - 3 * DAY)["before"] == 0
    assert send_reminders(DUE + DAY)["overdue"] == 0
    deliver_due()
    assert reminders_only(mailoutbox) == []


def test_a_team_assignment_reminds_the_team_and_the_command_reports(editor, mailoutbox):
    team = TeamFactory()
    CorrespondentFactory(team=team, email="t1@example.org")
    CorrespondentFactory(email="outsider@example.org")
    commission(editor, team=team, due_on=DUE)
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", "--today", (DUE + DAY).isoformat(), stdout=out)
    assert out.getvalue().strip() == "到期前提醒 0 项，逾期提醒 1 项，写入发件箱 1 条消息。"
    deliver_due()
    assert [mail.to for mail in reminders_only(mailoutbox)] == [["t1@example.org"]]


def test_a_mail_server_that_fails_keeps_the_reminder_in_the_outbox_until_it_is_sent(editor, mailoutbox,
                                                                                    monkeypatch):
    commission(editor, correspondent=CorrespondentFactory(email="d@example.org"))
    deliver_due()  # the new assignment's message
    mailoutbox.clear()

    def down(*args, **kwargs):
        raise ConnectionRefusedError("邮件服务器拒绝连接")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", down)
    assert send_reminders(DUE + DAY)["overdue"] == 1
    counts = deliver_due()
    assert (counts.sent, counts.retrying) == (0, 1)
    waiting = Message.objects.get(event="reminder")
    assert waiting.state == Message.State.PENDING and "邮件服务器拒绝连接" in waiting.last_error
    monkeypatch.undo()
    assert send_reminders(DUE + DAY)["overdue"] == 0  # reminded once: the outbox holds it
    assert deliver_due().sent == 0  # not yet due again (a minute's backoff)
    assert deliver_due(now=waiting.next_attempt_at).sent == 1
    assert [mail.to for mail in mailoutbox] == [["d@example.org"]]


def test_a_reminder_another_run_wrote_meanwhile_is_not_written_twice(editor, monkeypatch):
    from django.utils import timezone

    from planning import messages
    from planning.models import Assignment

    assignment = commission(editor, correspondent=CorrespondentFactory(email="e@example.org"))
    written = messages._reminder

    def other_run_first(item, overdue):  # a second cron run stamps it between our read and our write
        Assignment.objects.filter(pk=item.pk).update(reminded_overdue_at=timezone.now())
        return written(item, overdue)

    monkeypatch.setattr(messages, "_reminder", other_run_first)
    assert send_reminders(DUE + DAY) == {"before": 0, "overdue": 0, "messages": 0}
    assert not Message.objects.filter(event="reminder").exists()
    assert Assignment.objects.get(pk=assignment.pk).reminded_overdue_at is not None
