"""An assignment's state follows its answers: 待交稿 → 已交稿 → 已录用 / 已刊发, or 逾期; delivered
on time or late by the day the first answer reached the office."""

import datetime

import pytest

from contributions.models import State
from planning.models import Assignment
from planning.progress import (
    completion,
    completion_by_assignee,
    open_assignments,
    overdue_count,
    status_label,
    with_progress,
)
from tests.factories import CorrespondentFactory, TeamFactory, UnitFactory

from .conftest import DUE, answered, commission

pytestmark = pytest.mark.django_db
BEFORE, AFTER = DUE - datetime.timedelta(days=1), DUE + datetime.timedelta(days=1)


def state_of(assignment, today):
    return status_label(with_progress(Assignment.objects.filter(pk=assignment.pk), today).get())


@pytest.mark.parametrize(("state", "label"), [
    (State.SUBMITTED, "已交稿"), (State.IN_REVIEW, "已交稿"), (State.RETURNED, "已交稿"), (State.REJECTED, "已交稿"),
    (State.ACCEPTED, "已录用"), (State.PUBLISHED, "已刊发"),
])
def test_the_state_follows_the_answering_piece(editor, state, label):
    assignment = commission(editor, unit=UnitFactory())
    answered(editor, assignment, state, delivered=BEFORE)
    assert state_of(assignment, BEFORE) == label
    assert state_of(assignment, AFTER) == label  # delivered: never overdue afterwards


def test_nothing_submitted_waits_until_the_due_date_and_is_overdue_the_day_after(editor):
    assignment = commission(editor, unit=UnitFactory())
    answered(editor, assignment, State.DRAFT)  # a draft is not a delivery
    assert state_of(assignment, DUE) == "待交稿"
    assert state_of(assignment, AFTER) == "逾期"


def test_the_furthest_answer_counts(editor):
    assignment = commission(editor, unit=UnitFactory())
    answered(editor, assignment, State.SUBMITTED, delivered=BEFORE)
    answered(editor, assignment, State.PUBLISHED, delivered=BEFORE)
    answered(editor, assignment, State.REJECTED, delivered=BEFORE)
    assert state_of(assignment, AFTER) == "已刊发"


def test_completion_counts_on_time_late_missing_and_waiting(editor):
    unit = UnitFactory(name="宜都市人大常委会")
    on_time = commission(editor, unit=unit)
    answered(editor, on_time, State.ACCEPTED, delivered=DUE)  # on the due day itself: on time
    late = commission(editor, unit=unit)
    answered(editor, late, State.SUBMITTED, delivered=AFTER)
    commission(editor, unit=unit)  # nothing: missing once the date passed
    commission(editor, unit=unit, due_on=DUE + datetime.timedelta(days=30))  # still waiting
    today = AFTER + datetime.timedelta(days=1)
    assert completion(Assignment.objects.all(), today) == {
        "assigned": 4, "on_time": 1, "late": 1, "missing": 1, "waiting": 1}
    assert overdue_count(today) == 1


def test_completion_by_unit_counts_a_correspondents_assignment_for_the_unit_and_teams_apart(editor):
    unit = UnitFactory(name="枝江市人大常委会")
    person = CorrespondentFactory(unit=unit)
    answered(editor, commission(editor, unit=unit), State.PUBLISHED, delivered=BEFORE)
    commission(editor, correspondent=person)
    commission(editor, team=TeamFactory(name="第一宣传小组"))
    rows = {row["name"]: row for row in completion_by_assignee(Assignment.objects.all(), AFTER)}
    assert set(rows) == {"枝江市人大常委会", "小组：第一宣传小组"}
    zhijiang = rows["枝江市人大常委会"]
    assert (zhijiang["assigned"], zhijiang["on_time"], zhijiang["late"], zhijiang["missing"]) == (2, 1, 0, 1)
    assert zhijiang["rate"] == "50%"
    assert rows["小组：第一宣传小组"]["missing"] == 1


def test_open_assignments_put_the_overdue_first(editor):
    unit = UnitFactory()
    soon = commission(editor, unit=unit, due_on=AFTER + datetime.timedelta(days=2))
    late = commission(editor, unit=unit, due_on=DUE)
    done = commission(editor, unit=unit, due_on=DUE - datetime.timedelta(days=5))
    answered(editor, done, State.SUBMITTED, delivered=BEFORE)
    assert list(open_assignments(Assignment.objects.all(), AFTER)) == [late, soon]


def test_the_navigations_overdue_filter_agrees_with_the_states(editor):
    unit = UnitFactory()
    for state in [None, State.DRAFT, State.SUBMITTED, State.REJECTED, State.PUBLISHED]:
        assignment = commission(editor, unit=unit)
        if state:
            answered(editor, assignment, state, delivered=BEFORE)
    commission(editor, unit=unit, due_on=AFTER + datetime.timedelta(days=3))
    expected = set(with_progress(Assignment.objects.all(), AFTER).filter(overdue=1).values_list("pk", flat=True))
    assert set(Assignment.objects.overdue(AFTER).values_list("pk", flat=True)) == expected
    assert len(expected) == 2  # nothing, or only a draft


def test_open_assignments_agree_with_the_states(editor):
    unit = UnitFactory()
    for state in [None, State.DRAFT, State.SUBMITTED, State.ACCEPTED]:
        for due in (DUE, AFTER + datetime.timedelta(days=3)):
            assignment = commission(editor, unit=unit, due_on=due)
            if state:
                answered(editor, assignment, state, delivered=BEFORE)
    expected = [(a.pk, a.overdue) for a in with_progress(Assignment.objects.all(), AFTER).filter(level=0)
                .order_by("-overdue", "due_on", "id")]
    assert [(a.pk, a.overdue) for a in open_assignments(Assignment.objects.all(), AFTER)] == expected
    assert len(expected) == 4
