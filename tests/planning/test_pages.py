"""The planning pages of the desk and the portal: who may open them, what they show, and a pinned
number of queries however much the plan holds."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contributions.models import Contribution, State
from datacache.cache import forget_local
from planning.models import Answer, Assignment, Notice, NoticeRead, TopicTag
from planning.services import notice_publish, tag_contribution
from tests.conftest import page_text, queries_pinned_at
from tests.factories import ContributionFactory, CorrespondentFactory, OutletFactory, PlacementFactory, UnitFactory

from .conftest import answered, commission

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def desk_urls(topic, assignment, notice):
    return [reverse("desk:plan"), reverse("desk:plan-export"), reverse("desk:topic-new"),
            reverse("desk:topic-detail", args=[topic.pk]), reverse("desk:topic-edit", args=[topic.pk]),
            reverse("desk:assignment-list"), reverse("desk:assignment-new"),
            reverse("desk:assignment-detail", args=[assignment.pk]), reverse("desk:notice-list"),
            reverse("desk:notice-new"), reverse("desk:notice-detail", args=[notice.pk])]


def a_notice(editor, **kwargs):
    return notice_publish(notice=Notice(title="征稿启事", body="请报送。", **kwargs), actor=editor)


def test_correspondents_are_refused_every_desk_planning_page(editor, correspondent, inquiry):
    assignment = commission(editor, unit=correspondent.unit, topic=inquiry)
    client = as_user(correspondent.user)
    for url in desk_urls(inquiry, assignment, a_notice(editor)):
        assert client.get(url).status_code == 403, url
    for name in ["desk:assignment-delete", "desk:assignment-answer"]:
        assert client.post(reverse(name, args=[assignment.pk])).status_code == 403
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_editors_open_every_desk_planning_page(editor, inquiry):
    assignment = commission(editor, unit=UnitFactory(), topic=inquiry)
    client = as_user(editor)
    for url in desk_urls(inquiry, assignment, a_notice(editor)):
        assert client.get(url).status_code == 200, url


def test_the_desk_commissions_one_topic_from_two_units_in_one_form(editor, inquiry):
    units = [UnitFactory(name="枝江市人大常委会"), UnitFactory(name="宜都市人大常委会")]
    stage = inquiry.stages.get(name="调查研究")
    response = as_user(editor).post(reverse("desk:assignment-new"), {
        "topic_stage": f"s{stage.pk}", "genre": "news", "brief": "写本地调研", "due_on": "2026-06-30",
        "units": [unit.pk for unit in units], "people": ""}, follow=True)
    assert "已发出约稿 2 项，2026-06-30 截止。" in page_text(response)
    assert sorted(Assignment.objects.filter(topic=inquiry, stage=stage).values_list("unit__name", flat=True)) == [
        "宜都市人大常委会", "枝江市人大常委会"]


def test_the_assignment_form_names_an_unknown_person_and_wants_someone(editor):
    client = as_user(editor)
    data = {"topic_stage": "", "brief": "写", "due_on": "2026-06-30"}
    assert "请至少选择一个约稿对象" in page_text(client.post(reverse("desk:assignment-new"), {**data, "people": ""}))
    assert "找不到通讯员“查无此人”" in page_text(client.post(reverse("desk:assignment-new"),
                                                          {**data, "people": "查无此人"}))
    assert not Assignment.objects.exists()


def test_overdue_assignments_come_first_on_the_desk(editor):
    unit = UnitFactory()
    later = commission(editor, unit=unit, due_on=TODAY() + datetime.timedelta(days=1))
    overdue = commission(editor, unit=unit, due_on=TODAY() - datetime.timedelta(days=3))
    delivered = commission(editor, unit=unit, due_on=TODAY() - datetime.timedelta(days=9))
    answered(editor, delivered, State.SUBMITTED, delivered=TODAY() - datetime.timedelta(days=10))
    page = as_user(editor).get(reverse("desk:assignment-list")).context["page"]
    assert [(a.pk, a.status) for a in page] == [(overdue.pk, "逾期"), (delivered.pk, "已交稿"), (later.pk, "待交稿")]
    filtered = as_user(editor).get(reverse("desk:assignment-list") + "?status=overdue").context["page"]
    assert [a.pk for a in filtered] == [overdue.pk]


def test_the_topic_page_follows_the_topic_stage_by_stage(editor, inquiry):
    stages = {stage.name: stage for stage in inquiry.stages.all()}
    placed = ContributionFactory(title="询问会上问饮水", state=State.PUBLISHED)
    PlacementFactory(contribution=placed, outlet=OutletFactory(name="《湖北日报》", level="provincial"))
    tag_contribution(contribution=placed, topic=inquiry, stage=stages["会议审议"], actor=editor)
    assignment = commission(editor, unit=UnitFactory(name="宜都市人大常委会"), topic=inquiry,
                            stage=stages["调查研究"], due_on=TODAY() - datetime.timedelta(days=1))
    response = as_user(editor).get(reverse("desk:topic-detail", args=[inquiry.pk]))
    coverage = {entry.stage.name: entry for entry in response.context["stages"]}
    assert (coverage["会议审议"].submitted, coverage["会议审议"].placed) == (1, 1)
    assert [a.status for a in coverage["调查研究"].assignments] == ["逾期"]
    assert response.context["gaps"] == ["议题征集", "意见反馈", "督办落实"]
    text = page_text(response)
    assert "询问会上问饮水" in text and "《湖北日报》" in text and "宜都市人大常委会" in text
    answered(editor, assignment, State.PUBLISHED, delivered=TODAY())
    coverage = {e.stage.name: e for e in as_user(editor).get(
        reverse("desk:topic-detail", args=[inquiry.pk])).context["stages"]}
    assert [a.status for a in coverage["调查研究"].assignments] == ["已刊发"]


def test_the_desk_lists_filter_by_topic(editor, inquiry):
    tagged = ContributionFactory(title="带选题的稿件", state=State.PUBLISHED)
    PlacementFactory(contribution=tagged)
    PlacementFactory(contribution=ContributionFactory(title="别的稿件", state=State.PUBLISHED))
    tag_contribution(contribution=tagged, topic=inquiry, stage=None, actor=editor)
    client = as_user(editor)
    pieces = client.get(reverse("desk:contribution-list") + f"?topic={inquiry.pk}").context["page"]
    assert [piece.title for piece in pieces] == ["带选题的稿件"]
    rows = client.get(reverse("desk:placement-list") + f"?topic={inquiry.pk}").context["rows"]
    assert [row.contribution.title for row in rows] == ["带选题的稿件"]


def test_an_editor_tags_a_piece_from_its_page_and_links_it_to_an_assignment(editor, inquiry):
    piece = ContributionFactory(state=State.SUBMITTED)
    stage = inquiry.stages.get(name="议题征集")
    client = as_user(editor)
    client.post(reverse("desk:contribution-tag", args=[piece.pk]), {"topic_stage": f"s{stage.pk}"})
    assert TopicTag.objects.get(contribution=piece).stage == stage
    assignment = commission(editor, unit=UnitFactory())
    client.post(reverse("desk:assignment-answer", args=[assignment.pk]), {"contribution": piece.pk})
    assert Answer.objects.get(contribution=piece).assignment == assignment
    assert client.post(reverse("desk:assignment-answer", args=[assignment.pk]),
                       {"contribution": 999999}).status_code == 404


def test_my_tasks_shows_mine_my_units_and_not_others(editor, correspondent, other_correspondent):
    mine = commission(editor, correspondent=correspondent, due_on=TODAY() + datetime.timedelta(days=4))
    units = commission(editor, unit=correspondent.unit, due_on=TODAY() - datetime.timedelta(days=2))
    commission(editor, unit=other_correspondent.unit)
    client = as_user(correspondent.user)
    page = client.get(reverse("portal:tasks")).context["page"]
    assert [task.pk for task in page] == [units.pk, mine.pk]  # overdue first
    text = page_text(client.get(reverse("portal:home")))
    assert "已逾期 2 天" in text and "还有 4 天" in text
    theirs = Assignment.objects.get(unit=other_correspondent.unit)
    assert client.get(reverse("portal:contribution-new") + f"?assignment={theirs.pk}").status_code == 404


def test_writing_for_an_assignment_answers_it_and_fills_topic_and_genre(editor, correspondent, inquiry):
    stage = inquiry.stages.get(name="调查研究")
    assignment = commission(editor, unit=correspondent.unit, topic=inquiry, stage=stage)
    Assignment.objects.filter(pk=assignment.pk).update(genre="feature")
    client = as_user(correspondent.user)
    url = reverse("portal:contribution-new") + f"?assignment={assignment.pk}"
    form = client.get(url).context["form"]
    assert (form.initial["genre"], form.initial["topic_stage"]) == ("feature", f"s{stage.pk}")
    client.post(url, {"title": "联络站调研记", "genre": "feature", "body": "正文。", "credited_unit": correspondent.unit.pk,
                      "co_authors": "", "shares": "", "topic_stage": f"s{stage.pk}"})
    piece = Contribution.objects.get(title="联络站调研记")
    assert Answer.objects.get(contribution=piece).assignment == assignment
    assert TopicTag.objects.get(contribution=piece).stage == stage


def test_the_portal_home_shows_unread_notices_and_hides_read_ones(editor, correspondent):
    unread = a_notice(editor)
    read = notice_publish(notice=Notice(title="已经读过的通知", body="x"), actor=editor)
    NoticeRead.objects.create(notice=read, correspondent=correspondent)
    notices = as_user(correspondent.user).get(reverse("portal:home")).context["notices"]
    assert list(notices) == [unread]


def grow(editor, inquiry, size: int):
    """`size` more units with assignments in every state, tagged pieces, notices read and unread."""
    stages = list(inquiry.stages.all())
    for index in range(size):
        unit = UnitFactory()
        person = CorrespondentFactory(unit=unit)
        assignment = commission(editor, unit=unit, topic=inquiry, stage=stages[index % len(stages)],
                                due_on=TODAY() + datetime.timedelta(days=index - size // 2))
        if index % 3:
            piece = answered(editor, assignment, [State.SUBMITTED, State.PUBLISHED][index % 2], delivered=TODAY())
            if piece.state == State.PUBLISHED:
                PlacementFactory(contribution=piece)
        notice = a_notice(editor)
        if index % 2:
            NoticeRead.objects.create(notice=notice, correspondent=person)


# (each with +3 since offices: the editor's office, and the offices' tree on a cold cache: units,
# offices; +1 since an office's numbers have their own key, read once)
@pytest.mark.parametrize(("name", "queries"), [
    ("desk:plan", 14), ("desk:topic-detail", 19), ("desk:assignment-list", 15), ("desk:notice-list", 12),
    ("desk:notice-detail", 14), ("desk:assignment-detail", 14),
])
def test_desk_planning_pages_run_a_pinned_number_of_queries(editor, inquiry, name, queries):
    grow(editor, inquiry, 3)
    args = {"desk:topic-detail": [inquiry.pk], "desk:notice-detail": [Notice.objects.first().pk],
            "desk:assignment-detail": [Assignment.objects.first().pk]}.get(name, [])
    client = as_user(editor)
    url = reverse(name, args=args)
    for size in (0, 12):
        grow(editor, inquiry, size)
        cache.clear()  # both on a cold cache (whether the tree is warm depends on the last write of grow)
        forget_local()
        with queries_pinned_at(queries, url):
            assert client.get(url).status_code == 200


# (+3 since offices, +2 on the home page which reads the data version anyway: the home office of the
# correspondent's unit comes from the offices' tree, kept under the data version: units, offices;
# +1 on the home page: the home office's own cache key, for its year's numbers)
@pytest.mark.parametrize(("name", "queries"), [("portal:home", 18), ("portal:tasks", 8), ("portal:notices", 8)])
def test_portal_planning_pages_run_a_pinned_number_of_queries(editor, correspondent, inquiry, name, queries):
    grow(editor, inquiry, 2)
    client = as_user(correspondent.user)
    url = reverse(name)
    for size in (2, 10):
        for _ in range(size):
            commission(editor, unit=correspondent.unit, topic=inquiry)
            a_notice(editor)
        cache.clear()  # the year's numbers are cached under the data version, which plans do not move
        forget_local()
        with queries_pinned_at(queries, url):
            assert client.get(url).status_code == 200


def test_the_desk_chases_the_last_years_assignments_and_shows_older_ones_when_asked(editor):
    unit = UnitFactory()
    old = commission(editor, unit=unit, due_on=TODAY() - datetime.timedelta(days=400))
    recent = commission(editor, unit=unit, due_on=TODAY() - datetime.timedelta(days=30))
    client = as_user(editor)
    response = client.get(reverse("desk:assignment-list"))
    assert [a.pk for a in response.context["page"]] == [recent.pk]
    assert response.context["waiting"]["overdue"] == 1  # the navigation counts the last year's only
    assert [a.pk for a in client.get(reverse("desk:assignment-list") + "?period=all").context["page"]] == [
        old.pk, recent.pk]
    year = old.due_on.year
    assert old.pk in [a.pk for a in client.get(reverse("desk:assignment-list") + f"?period={year}").context["page"]]


@pytest.mark.parametrize(("status", "expected"), [
    ("open", ["later"]), ("overdue", ["overdue", "drafted"]), ("l1", ["submitted"]), ("l3", ["placed"]), ("", None)])
def test_the_assignment_list_filters_by_state(editor, status, expected):
    unit = UnitFactory()
    made = {"later": commission(editor, unit=unit, due_on=TODAY() + datetime.timedelta(days=5)),
            "overdue": commission(editor, unit=unit, due_on=TODAY() - datetime.timedelta(days=5)),
            "drafted": commission(editor, unit=unit, due_on=TODAY() - datetime.timedelta(days=4)),
            "submitted": commission(editor, unit=unit, due_on=TODAY() - datetime.timedelta(days=3)),
            "placed": commission(editor, unit=unit, due_on=TODAY() - datetime.timedelta(days=2))}
    answered(editor, made["drafted"], State.DRAFT)
    answered(editor, made["submitted"], State.SUBMITTED, delivered=TODAY() - datetime.timedelta(days=4))
    answered(editor, made["placed"], State.PUBLISHED, delivered=TODAY() - datetime.timedelta(days=4))
    page = as_user(editor).get(reverse("desk:assignment-list") + f"?status={status}").context["page"]
    names = {assignment.pk: name for name, assignment in made.items()}
    assert [names[a.pk] for a in page] == (expected or ["overdue", "drafted", "submitted", "placed", "later"])
