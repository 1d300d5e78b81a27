"""A topic with stages, and helpers to make an assignment answered by a piece in a given state."""

import datetime

import pytest
from django.utils import timezone

from contributions.models import State
from planning.models import Topic, TopicKind
from planning.services import answer_link, assign, topic_save
from tests.factories import ContributionFactory, TransitionFactory

DUE = datetime.date(2026, 6, 30)


@pytest.fixture
def inquiry(editor):
    """A supervision topic: it gets the five default stages."""
    return topic_save(topic=Topic(title="专题询问：农村饮水安全", kind=TopicKind.SUPERVISION,
                                  starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 11, 30)),
                      stages=None, actor=editor)


def commission(editor, *, due_on=DUE, topic=None, stage=None, **assignees):
    """One assignment to the unit, correspondent or team named."""
    plural = {"unit": "units", "correspondent": "correspondents", "team": "teams"}
    listed = {plural[key]: [value] for key, value in assignees.items()}
    return assign(brief="写一篇代表联络站的通讯", due_on=due_on, actor=editor, topic=topic, stage=stage, **listed)[0]


def answered(editor, assignment, state: str, *, delivered: datetime.date | None = None, authors=None):
    """A piece in `state` answering the assignment, reaching the office on `delivered` (noon, local)."""
    piece = ContributionFactory(state=state, **({"authors": authors} if authors else {}))
    if state != State.DRAFT and delivered is not None:
        moment = timezone.make_aware(datetime.datetime.combine(delivered, datetime.time(12)))
        TransitionFactory(contribution=piece, to_state=State.SUBMITTED, created_at=moment)
    answer_link(assignment=assignment, contribution=piece, actor=editor)
    return piece
