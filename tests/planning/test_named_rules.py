"""The rules of the plan that have a name, each checked against a table worked out by hand (not against
another function of the app that could share its mistake): overdue, waiting, open, recent, who an
assignment is for, and who may untag a piece or unlink an answer."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from contributions.models import State
from planning.models import Answer, Assignment, TopicTag
from planning.progress import open_assignments, overdue_count
from planning.services import answer_link, answer_unlink, tag_contribution, untag_contribution
from tests.factories import ContributionFactory, CorrespondentFactory, TeamFactory, UnitFactory

from .conftest import DUE, answered, commission

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
TODAY = DUE  # the assignments below fall due around this day


@pytest.fixture
def board(editor):
    """Assignments of one unit, named by what a clerk would call them on TODAY."""
    unit = UnitFactory()
    made = {
        "due_yesterday_nothing": commission(editor, unit=unit, due_on=TODAY - DAY),
        "due_yesterday_draft": commission(editor, unit=unit, due_on=TODAY - DAY),
        "due_yesterday_submitted": commission(editor, unit=unit, due_on=TODAY - DAY),
        "due_yesterday_rejected": commission(editor, unit=unit, due_on=TODAY - DAY),
        "due_today_nothing": commission(editor, unit=unit, due_on=TODAY),
        "due_tomorrow_nothing": commission(editor, unit=unit, due_on=TODAY + DAY),
        "due_tomorrow_accepted": commission(editor, unit=unit, due_on=TODAY + DAY),
        "due_366_days_ago_nothing": commission(editor, unit=unit, due_on=TODAY - 366 * DAY),
        "due_365_days_ago_nothing": commission(editor, unit=unit, due_on=TODAY - 365 * DAY),
    }
    answered(editor, made["due_yesterday_draft"], State.DRAFT)
    answered(editor, made["due_yesterday_submitted"], State.SUBMITTED, delivered=TODAY - 2 * DAY)
    answered(editor, made["due_yesterday_rejected"], State.REJECTED, delivered=TODAY - 2 * DAY)
    answered(editor, made["due_tomorrow_accepted"], State.ACCEPTED, delivered=TODAY - DAY)
    return made


def names(board, assignments) -> set[str]:
    by_pk = {assignment.pk: name for name, assignment in board.items()}
    return {by_pk[assignment.pk] for assignment in assignments}


def test_overdue_is_due_before_today_with_nothing_delivered(board):
    assert names(board, Assignment.objects.overdue(TODAY)) == {
        "due_yesterday_nothing", "due_yesterday_draft", "due_366_days_ago_nothing", "due_365_days_ago_nothing"}
    # The navigation chases the last year only: due 365 days ago still counts, 366 no longer.
    assert overdue_count(TODAY) == 3


def test_waiting_is_not_yet_due_today_included_with_nothing_delivered(board):
    assert names(board, Assignment.objects.waiting(TODAY)) == {"due_today_nothing", "due_tomorrow_nothing"}


def test_delivered_and_undelivered_split_the_board(board):
    assert names(board, Assignment.objects.delivered()) == {
        "due_yesterday_submitted", "due_yesterday_rejected", "due_tomorrow_accepted"}
    assert names(board, Assignment.objects.undelivered()) == set(board) - {
        "due_yesterday_submitted", "due_yesterday_rejected", "due_tomorrow_accepted"}


def test_the_portal_homes_tasks_are_the_open_ones_of_the_last_year_overdue_first(board):
    tasks = list(open_assignments(Assignment.objects.recent(TODAY), TODAY))
    order = {assignment.pk: name for name, assignment in board.items()}
    assert [(order[task.pk], task.overdue) for task in tasks] == [
        ("due_365_days_ago_nothing", 1), ("due_yesterday_nothing", 1), ("due_yesterday_draft", 1),
        ("due_today_nothing", 0), ("due_tomorrow_nothing", 0)]


def test_an_assignment_is_for_its_person_or_everyone_of_its_unit_or_team(editor):
    unit, team = UnitFactory(), TeamFactory()
    member = CorrespondentFactory(unit=unit, team=team)
    colleague = CorrespondentFactory(unit=unit)
    stranger = CorrespondentFactory(team=TeamFactory())
    to_unit, to_team = commission(editor, unit=unit), commission(editor, team=team)
    to_member, to_stranger = commission(editor, correspondent=member), commission(editor, correspondent=stranger)
    assert set(Assignment.objects.for_correspondent(member)) == {to_unit, to_team, to_member}
    assert set(Assignment.objects.for_correspondent(colleague)) == {to_unit}
    assert set(Assignment.objects.for_correspondent(stranger)) == {to_stranger}
    assert set(to_unit.audience()) == {member, colleague}
    assert set(to_team.audience()) == {member}
    assert set(to_member.audience()) == {member}
    assert to_team.is_for(member) and not to_team.is_for(colleague)
    assert set(Assignment.objects.for_unit(unit.pk)) == {to_unit, to_member}


def test_only_an_author_of_the_piece_or_an_editor_may_untag_it(editor, correspondent, other_correspondent, inquiry):
    piece = ContributionFactory(authors=[correspondent])
    tag = tag_contribution(contribution=piece, topic=inquiry, stage=None, actor=editor)
    with pytest.raises(ValidationError, match="只有稿件作者或编辑可以取消选题标注"):
        untag_contribution(tag=tag, actor=other_correspondent.user)
    assert TopicTag.objects.filter(pk=tag.pk).exists()
    untag_contribution(tag=tag, actor=correspondent.user)
    assert not TopicTag.objects.filter(pk=tag.pk).exists()


def test_only_an_editor_unlinks_an_answer_not_even_its_author(editor, correspondent):
    assignment = commission(editor, correspondent=correspondent)
    piece = ContributionFactory(authors=[correspondent])
    answer = answer_link(assignment=assignment, contribution=piece, actor=correspondent.user)
    with pytest.raises(ValidationError, match="只有编辑或管理员"):
        answer_unlink(answer=answer, actor=correspondent.user)
    assert Answer.objects.filter(pk=answer.pk).exists()
    answer_unlink(answer=answer, actor=editor)
    assert not Answer.objects.exists()


def test_an_author_answers_only_their_own_assignments_with_their_own_pieces(editor, correspondent,
                                                                           other_correspondent):
    mine = commission(editor, correspondent=correspondent)
    theirs = commission(editor, correspondent=other_correspondent)
    with pytest.raises(ValidationError, match="只能用自己的稿件回应"):
        answer_link(assignment=theirs, contribution=ContributionFactory(authors=[correspondent]),
                    actor=correspondent.user)
    with pytest.raises(ValidationError, match="只能用自己的稿件回应"):
        answer_link(assignment=mine, contribution=ContributionFactory(authors=[other_correspondent]),
                    actor=correspondent.user)
    answer_link(assignment=mine, contribution=ContributionFactory(authors=[correspondent]), actor=correspondent.user)
    assert Answer.objects.count() == 1
