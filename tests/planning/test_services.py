"""Writing the plan: topics and stages, many assignees at once, who may answer an assignment with
which piece, tags, and planners only."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from contributions.models import State
from planning.models import Answer, Assignment, Stage, Topic, TopicKind, TopicTag
from planning.services import answer_link, assign, assignment_update, tag_contribution, topic_save
from tests.factories import ContributionFactory, TeamFactory, UnitFactory

from .conftest import DUE, commission

pytestmark = pytest.mark.django_db


def stage_names(topic):
    return list(topic.stages.values_list("name", flat=True))


def test_a_new_topic_gets_its_kinds_stages_and_keeps_edited_ones(editor, inquiry):
    assert stage_names(inquiry) == ["议题征集", "调查研究", "会议审议", "意见反馈", "督办落实"]
    law = topic_save(topic=Topic(title="某某条例", kind=TopicKind.LEGISLATION, starts_on=DUE, ends_on=DUE),
                     stages=None, actor=editor)
    assert stage_names(law) == ["立项", "起草", "审议", "通过", "实施"]
    topic_save(topic=inquiry, stages=["会议审议", "议题征集", "回头看"], actor=editor)
    assert stage_names(inquiry) == ["会议审议", "议题征集", "回头看"]


def test_a_stage_with_pieces_is_kept_when_dropped_from_the_list(editor, inquiry):
    survey = inquiry.stages.get(name="调查研究")
    tag_contribution(contribution=ContributionFactory(), topic=inquiry, stage=survey, actor=editor)
    topic_save(topic=inquiry, stages=["议题征集"], actor=editor)
    assert stage_names(inquiry) == ["议题征集", "调查研究"]


def test_topics_refuse_repeated_stages_reversed_periods_and_correspondents(editor, correspondent, inquiry):
    with pytest.raises(ValidationError, match="阶段名称不能重复"):
        topic_save(topic=inquiry, stages=["起草", "起草"], actor=editor)
    inquiry.ends_on = datetime.date(2026, 1, 1)
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        topic_save(topic=inquiry, stages=None, actor=editor)
    with pytest.raises(ValidationError, match="只有编辑或管理员"):
        topic_save(topic=Topic(title="x", starts_on=DUE, ends_on=DUE), stages=None, actor=correspondent.user)


def test_one_topic_commissioned_from_many_units_at_once(editor, inquiry):
    units = [UnitFactory() for _ in range(5)]
    stage = inquiry.stages.get(name="调查研究")
    created = assign(brief="写本地代表联络站", due_on=DUE, topic=inquiry, stage=stage, genre="news", actor=editor,
                     units=units, teams=[TeamFactory()])
    assert len(created) == 6
    assert Assignment.objects.filter(topic=inquiry, stage=stage, due_on=DUE, created_by=editor).count() == 6
    assert {a.unit for a in created if a.unit} == set(units)


def test_assign_refuses_nobody_no_brief_a_foreign_stage_and_correspondents(editor, correspondent, inquiry):
    other = topic_save(topic=Topic(title="另一个", kind=TopicKind.SUPERVISION, starts_on=DUE, ends_on=DUE),
                       stages=None, actor=editor)
    unit = UnitFactory()
    with pytest.raises(ValidationError, match="请至少选择一个约稿对象"):
        assign(brief="写", due_on=DUE, actor=editor)
    with pytest.raises(ValidationError, match="请写明约稿要求"):
        assign(brief="  ", due_on=DUE, actor=editor, units=[unit])
    with pytest.raises(ValidationError, match="所选阶段不属于所选的选题"):
        assign(brief="写", due_on=DUE, actor=editor, units=[unit], topic=inquiry, stage=other.stages.first())
    with pytest.raises(ValidationError, match="只有编辑或管理员"):
        assign(brief="写", due_on=DUE, actor=correspondent.user, units=[unit])
    assert not Assignment.objects.exists()


def test_one_assignee_only_is_a_database_rule(editor):
    from django.db import IntegrityError, transaction

    assignment = commission(editor, unit=UnitFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk).update(team=TeamFactory())


def test_a_new_due_date_earns_new_reminders(editor):
    from django.utils import timezone

    assignment = commission(editor, unit=UnitFactory())
    Assignment.objects.filter(pk=assignment.pk).update(reminded_before_at=timezone.now(),
                                                       reminded_overdue_at=timezone.now())
    assignment.refresh_from_db()
    assignment_update(assignment=assignment, actor=editor, brief="改了要求")
    assignment.refresh_from_db()
    assert assignment.reminded_before_at is not None
    assignment_update(assignment=assignment, actor=editor, due_on=DUE + datetime.timedelta(days=7))
    assignment.refresh_from_db()
    assert assignment.reminded_before_at is None and assignment.reminded_overdue_at is None


@pytest.mark.parametrize("to", ["me", "my_unit", "my_team"])
def test_a_correspondent_answers_an_assignment_for_them_their_unit_or_their_team(editor, correspondent, to):
    team = TeamFactory()
    correspondent.team = team
    correspondent.save()
    assignee = {"me": {"correspondent": correspondent}, "my_unit": {"unit": correspondent.unit},
                "my_team": {"team": team}}[to]
    assignment = commission(editor, **assignee)
    piece = ContributionFactory(authors=[correspondent], state=State.DRAFT)
    answer_link(assignment=assignment, contribution=piece, actor=correspondent.user)
    assert Answer.objects.get(contribution=piece).assignment == assignment


def test_a_correspondent_cannot_answer_someone_elses_assignment_or_with_someone_elses_piece(
        editor, correspondent, other_correspondent):
    theirs = commission(editor, unit=other_correspondent.unit)
    mine = commission(editor, unit=correspondent.unit)
    my_piece = ContributionFactory(authors=[correspondent])
    with pytest.raises(ValidationError, match="只能用自己的稿件"):
        answer_link(assignment=theirs, contribution=my_piece, actor=correspondent.user)
    with pytest.raises(ValidationError, match="只能用自己的稿件"):
        answer_link(assignment=mine, contribution=ContributionFactory(authors=[other_correspondent]),
                    actor=correspondent.user)
    assert not Answer.objects.exists()


def test_a_piece_answers_one_assignment_and_is_tagged_with_its_topic_and_stage(editor, inquiry):
    stage = inquiry.stages.get(name="会议审议")
    first = commission(editor, unit=UnitFactory(), topic=inquiry, stage=stage)
    piece = ContributionFactory()
    answer_link(assignment=first, contribution=piece, actor=editor)
    assert TopicTag.objects.get(contribution=piece).stage == stage
    with pytest.raises(ValidationError, match="已经回应了另一项约稿"):
        answer_link(assignment=commission(editor, unit=UnitFactory()), contribution=piece, actor=editor)
    assert Answer.objects.filter(contribution=piece).count() == 1


def test_tags_by_authors_or_editors_only_and_a_stage_of_the_same_topic(editor, correspondent, other_correspondent,
                                                                      inquiry):
    piece = ContributionFactory(authors=[correspondent])
    with pytest.raises(ValidationError, match="只有稿件作者或编辑"):
        tag_contribution(contribution=piece, topic=inquiry, stage=None, actor=other_correspondent.user)
    other = topic_save(topic=Topic(title="另一个", kind=TopicKind.SUPERVISION, starts_on=DUE, ends_on=DUE),
                       stages=None, actor=editor)
    with pytest.raises(ValidationError, match="这个阶段不属于所选的选题"):
        tag_contribution(contribution=piece, topic=inquiry, stage=other.stages.first(), actor=editor)
    tag_contribution(contribution=piece, topic=inquiry, stage=None, actor=correspondent.user)
    stage = Stage.objects.get(topic=inquiry, name="意见反馈")
    tag_contribution(contribution=piece, topic=inquiry, stage=stage, actor=editor)  # the same tag, now staged
    assert list(TopicTag.objects.values_list("topic", "stage")) == [(inquiry.pk, stage.pk)]
