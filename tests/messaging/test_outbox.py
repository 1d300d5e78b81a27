"""The outbox: every event that tells someone writes its messages in its own transaction; people are
reached through the channels they chose (the nearest robot, e-mail when nothing else reaches them);
delivery retries with backoff, fails visibly, and sends each key once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from awards.models import Award
from awards.services import award_create
from contributions.models import PlacementClaim, State
from contributions.services import claim_create, claim_decline, claim_verify, placement_create
from contributions.workflow import contribution_transition
from correspondents.network import root_office
from messaging.delivery import BACKOFF, MAX_ATTEMPTS, deliver_due
from messaging.models import Channel, Message, Preference, Robot
from messaging.services import enqueue
from planning.messages import send_reminders
from planning.models import Notice
from planning.services import assign, notice_publish
from tests.conftest import page_text
from tests.factories import (
    AppraisalYearFactory,
    ContributionFactory,
    CorrespondentFactory,
    OutletFactory,
    TeamFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def move(contribution, to_state, actor, note=""):
    return contribution_transition(contribution=contribution, to_state=to_state, actor=actor, note=note)


def robot(channel, url="http://127.0.0.1:9/x", **scope):
    return Robot.objects.create(name=f"{channel}-{len(scope)}", channel=channel, url=url,
                                office=scope.pop("office", None) or root_office(), **scope)


def choose(person, *channels):
    Preference.objects.update_or_create(correspondent=person, defaults={c.value: c in channels for c in Channel})


def test_people_are_reached_through_the_nearest_robot_of_what_they_chose():
    unit, team = UnitFactory(), TeamFactory()
    a = CorrespondentFactory(unit=unit, phone="13800000001", email="a@example.org")
    b = CorrespondentFactory(unit=unit, phone="0717-1234567", email="b@example.org")
    c = CorrespondentFactory(unit=unit, team=team, phone="13800000003", email="c@example.org")
    d = CorrespondentFactory(email="d@example.org")  # another unit, no robot of its own
    e = CorrespondentFactory(email="")  # nothing reaches them
    for person in (a, b, c, d):
        choose(person, Channel.WECOM)
    choose(e, Channel.DINGTALK)
    unit_robot = robot(Channel.WECOM, unit=unit)
    team_robot = robot(Channel.WECOM, team=team)
    office_robot = robot(Channel.WECOM)
    robot(Channel.DINGTALK, unit=unit)  # not chosen by anyone of the unit
    keys = enqueue(event="notice", key="notice:1", people=[a, b, c, d, e], subject="通知", body="正文")
    messages = {m.key: m for m in Message.objects.all()}
    assert sorted(keys) == sorted(messages)
    assert messages[f"notice:1:wecom:robot{unit_robot.pk}"].recipients == f"{a.name}、{b.name}"
    assert messages[f"notice:1:wecom:robot{unit_robot.pk}"].mentions == "13800000001"  # a landline is not @-able
    assert messages[f"notice:1:wecom:robot{team_robot.pk}"].mentions == "13800000003"
    assert messages[f"notice:1:wecom:robot{office_robot.pk}"].recipients == d.name
    assert len(messages) == 3  # e has no address and no robot: nothing can be written for them


def test_a_choice_that_reaches_nobody_falls_back_to_email_and_email_is_the_default():
    chose_dingtalk = CorrespondentFactory(email="x@example.org")
    choose(chose_dingtalk, Channel.DINGTALK)
    chose_nothing = CorrespondentFactory(email="y@example.org")
    enqueue(event="notice", key="notice:2", people=[chose_dingtalk, chose_nothing], subject="s", body="b")
    assert sorted(Message.objects.values_list("channel", "address")) == [("email", "x@example.org"),
                                                                        ("email", "y@example.org")]


def test_the_same_event_is_written_once_whatever_happens_twice():
    person = CorrespondentFactory(email="z@example.org")
    enqueue(event="notice", key="notice:3", people=[person], subject="s", body="b")
    enqueue(event="notice", key="notice:3", people=[person], subject="s", body="b")
    assert Message.objects.count() == 1


def test_messages_live_and_die_with_their_event(editor, correspondent):
    piece = ContributionFactory(state=State.SUBMITTED, authors=[correspondent])
    with pytest.raises(RuntimeError), transaction.atomic():
        move(piece, State.IN_REVIEW, editor)
        assert Message.objects.filter(event="review").count() == 1
        raise RuntimeError("something after the move failed")
    assert not Message.objects.exists()
    piece.refresh_from_db()
    move(piece, State.IN_REVIEW, editor)
    assert Message.objects.get().key.startswith("transition:")


def test_every_event_that_tells_someone_writes_to_the_outbox(editor, administrator, correspondent):
    events = lambda: sorted(Message.objects.values_list("event", flat=True))  # noqa: E731
    piece = ContributionFactory(state=State.IN_REVIEW, authors=[correspondent])
    move(piece, State.RETURNED, editor, note="请补充数据")
    assert "意见：请补充数据" in Message.objects.get(event="review").body
    Message.objects.all().delete()
    move(piece, State.SUBMITTED, correspondent.user)
    move(piece, State.ACCEPTED, editor)
    Message.objects.all().delete()
    placement_create(contribution=piece, outlet=OutletFactory(name="湖北日报"), published_on=datetime.date(2026, 3, 5),
                     actor=editor)
    assert events() == ["placement"]  # one message: the placement, not also its state
    assert "湖北日报（2026年03月05日）" in Message.objects.get().body
    Message.objects.all().delete()
    claim = claim_create(contribution=piece, claimed_by=correspondent, actor=correspondent.user,
                         outlet=OutletFactory(), published_on=datetime.date(2026, 3, 6))
    claim_verify(claim=claim, actor=editor)
    assert events() == ["claim"]
    other = claim_create(contribution=piece, claimed_by=correspondent, actor=correspondent.user,
                         outlet=OutletFactory(), published_on=datetime.date(2026, 3, 7))
    claim_decline(claim=other, actor=editor, note="查无此稿")
    assert "原因：查无此稿" in Message.objects.get(key=f"claim:{other.pk}:email:{correspondent.pk}").body
    assert PlacementClaim.objects.get(pk=other.pk).state == PlacementClaim.ClaimState.DECLINED
    Message.objects.all().delete()
    [assignment] = assign(brief="写一篇通讯", due_on=timezone.localdate() + datetime.timedelta(days=2), actor=editor,
                          correspondents=[correspondent])
    assert events() == ["assignment"]
    send_reminders()
    assert events() == ["assignment", "reminder"]
    Message.objects.all().delete()
    notice_publish(notice=Notice(title="培训通知", body="周五培训", to_everyone=True), actor=editor, email=True)
    notice_publish(notice=Notice(title="不发邮件的通知", body="…", to_everyone=True), actor=editor)
    assert events() == ["notice"]
    Message.objects.all().delete()
    year = AppraisalYearFactory(year=2026)
    award_create(appraisal_year=year, category=Award.Category.EXCELLENT_CORRESPONDENT, correspondent=correspondent,
                 actor=administrator)
    assert events() == ["award"] and "2026年度" in Message.objects.get().subject
    del assignment


def test_a_refused_decline_writes_no_message(editor, correspondent):
    piece = ContributionFactory(state=State.ACCEPTED, authors=[correspondent])
    claim = claim_create(contribution=piece, claimed_by=correspondent, actor=correspondent.user,
                         outlet=OutletFactory(), published_on=datetime.date(2026, 3, 6))
    claim_decline(claim=claim, actor=editor, note="查无此稿")
    with pytest.raises(ValidationError):
        claim_decline(claim=claim, actor=editor, note="再拒一次")
    assert Message.objects.count() == 1


def test_failures_back_off_then_fail_and_administrators_see_them(receiver, admin_client_persona):
    receiver.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    person = CorrespondentFactory()
    choose(person, Channel.WECOM)
    robot(Channel.WECOM, url=f"{receiver.url}/send?key=k", unit=person.unit)
    enqueue(event="notice", key="notice:9", people=[person], subject="会议通知", body="b")
    now = timezone.now()
    for attempt, wait in enumerate(BACKOFF, start=1):
        counts = deliver_due(now=now)
        assert counts.retrying == 1
        message = Message.objects.get()
        assert (message.attempts, message.state) == (attempt, Message.State.PENDING)
        assert message.next_attempt_at == now + wait
        assert deliver_due(now=now + wait - datetime.timedelta(seconds=1)).retrying == 0  # not before
        now += wait
    assert deliver_due(now=now).failed == 1
    message = Message.objects.get()
    assert (message.state, message.attempts) == (Message.State.FAILED, MAX_ATTEMPTS)
    assert len(receiver.requests) == MAX_ATTEMPTS
    listing = page_text(admin_client_persona.get(reverse("admin:messaging_message_changelist") + "?state=failed"))
    assert "会议通知" in listing and "机器人拒收：93000 invalid webhook url" in listing
    receiver.answer = {"errcode": 0, "errmsg": "ok"}
    admin_client_persona.post(reverse("admin:messaging_message_changelist"),
                              {"action": "send_again", "_selected_action": [message.pk]})
    assert deliver_due().sent == 1
    assert Message.objects.get().state == Message.State.SENT


def test_a_claimed_message_is_not_sent_by_a_second_sender(mailoutbox):
    enqueue(event="notice", key="notice:10", people=[CorrespondentFactory(email="q@example.org")], subject="s", body="b")
    pk = Message.objects.get().pk
    from messaging.delivery import _claim

    assert _claim(pk, timezone.now()) is True
    assert _claim(pk, timezone.now()) is False  # the other sender's compare-and-set finds it taken
    assert deliver_due().sent == 0 and mailoutbox == []


def test_the_portal_sets_the_channels_and_says_where_they_land(client, correspondent):
    client.force_login(correspondent.user)
    url = reverse("portal:message-settings")
    text = page_text(client.get(url))
    assert "尚未设置" in text and correspondent.email in text
    robot(Channel.WECOM, unit=correspondent.unit)
    response = client.post(url, {"wecom": "on", "dingtalk": "on"}, follow=True)
    text = page_text(response)
    assert "钉钉群机器人还没有设置" in text and "发到：wecom-1（单位：" in text
    assert Preference.objects.get(correspondent=correspondent).channels() == ["wecom", "dingtalk"]
    assert "请至少选择一种接收方式" in page_text(client.post(url, {}, follow=True))
    assert Preference.objects.get(correspondent=correspondent).channels() == ["wecom", "dingtalk"]


def test_the_admin_index_tells_administrators_of_stuck_messages(admin_client_persona):
    page = page_text(admin_client_persona.get(reverse("admin:index")))
    assert "消息发送失败" not in page
    for n, state in enumerate([Message.State.FAILED, Message.State.UNCERTAIN, Message.State.SENT]):
        Message.objects.create(key=f"k{n}", event="notice", channel="email", address="a@example.org",
                               office=root_office(), subject="s", body="b", state=state,
                               next_attempt_at=timezone.now())
    page = page_text(admin_client_persona.get(reverse("admin:index")))
    assert "有 2 条消息发送失败或待确认" in page and "state__in=failed,uncertain" in page
    listing = admin_client_persona.get(reverse("admin:messaging_message_changelist") + "?state__in=failed,uncertain")
    assert listing.status_code == 200 and listing.context["cl"].result_count == 2


def test_the_try_right_after_the_event_gives_a_silent_robot_three_seconds_not_ten(receiver):
    import time

    receiver.hold_at = 1  # the robot takes the request and never answers (until the test ends)
    person = CorrespondentFactory()
    choose(person, Channel.WECOM)
    robot(Channel.WECOM, url=f"{receiver.url}/send?key=slow", unit=person.unit)
    keys = enqueue(event="notice", key="notice:slow", people=[person], subject="s", body="b")
    started = time.monotonic()
    counts = deliver_due(only=keys, quiet=True)
    waited = time.monotonic() - started
    assert 2.5 <= waited < 6 and counts.retrying == 1
    message = Message.objects.get()
    assert message.state == Message.State.PENDING and "连接失败" in message.last_error
