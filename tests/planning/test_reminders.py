"""send_reminders: three days before the due date and the day after it passes, once each, only
while nothing has been delivered, to every active correspondent the assignment is for."""

import datetime

import pytest
from django.core.management import call_command

from contributions.models import State
from planning.mail import send_reminders
from tests.factories import CorrespondentFactory, TeamFactory, UnitFactory

from .conftest import DUE, answered, commission

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_three_days_before_once_then_overdue_once(editor, mailoutbox):
    unit = UnitFactory()
    CorrespondentFactory(unit=unit, email="a@example.org")
    CorrespondentFactory(unit=unit, email="b@example.org")
    CorrespondentFactory(unit=unit, email="gone@example.org", active=False)
    commission(editor, unit=unit)
    assert send_reminders(DUE - 4 * DAY) == {"before": 0, "overdue": 0, "mails": 0}
    assert send_reminders(DUE - 3 * DAY) == {"before": 1, "overdue": 0, "mails": 2}
    assert sorted(mail.to[0] for mail in mailoutbox) == ["a@example.org", "b@example.org"]
    assert "将于 2026-06-30 截止" in mailoutbox[0].subject
    assert send_reminders(DUE - 2 * DAY)["mails"] == 0  # once
    assert send_reminders(DUE)["mails"] == 0  # the due day itself is not overdue yet
    assert send_reminders(DUE + DAY) == {"before": 0, "overdue": 1, "mails": 2}
    assert "约稿已逾期" in mailoutbox[-1].subject
    assert send_reminders(DUE + 5 * DAY)["mails"] == 0
    assert len(mailoutbox) == 4


def test_nothing_is_sent_once_a_piece_was_delivered(editor, mailoutbox):
    person = CorrespondentFactory(email="c@example.org")
    assignment = commission(editor, correspondent=person)
    answered(editor, assignment, State.SUBMITTED, delivered=DUE - 5 * DAY)
    assert send_reminders(DUE - 3 * DAY)["before"] == 0
    assert send_reminders(DUE + DAY)["overdue"] == 0
    assert mailoutbox == []


def test_a_team_assignment_reminds_the_team_and_the_command_reports(editor, mailoutbox):
    team = TeamFactory()
    CorrespondentFactory(team=team, email="t1@example.org")
    CorrespondentFactory(email="outsider@example.org")
    commission(editor, team=team, due_on=DUE)
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", "--today", (DUE + DAY).isoformat(), stdout=out)
    assert out.getvalue().strip() == "到期前提醒 0 项，逾期提醒 1 项，共发出 1 封邮件。"
    assert [mail.to for mail in mailoutbox] == [["t1@example.org"]]


def test_a_mail_server_that_fails_leaves_the_reminder_for_the_next_run(editor, mailoutbox, monkeypatch):
    commission(editor, correspondent=CorrespondentFactory(email="d@example.org"))

    def down(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("planning.mail.send_mass_mail", down)
    assert send_reminders(DUE + DAY)["overdue"] == 0
    monkeypatch.undo()
    assert send_reminders(DUE + DAY)["overdue"] == 1
    assert len(mailoutbox) == 1
