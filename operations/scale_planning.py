"""The plan at benchmark scale: 50 topics and 5,000 commissioned pieces a year, three in four of
those already due answered by one of the year's pieces (tagged with the topic and stage), the rest
overdue or still waiting; twenty notices a year with readers. Written in bulk, deterministic."""

import datetime
import random

from django.utils import timezone

from contributions.models import Contribution
from correspondents.models import Correspondent, Team, Unit
from correspondents.network import scope_of
from planning.models import DEFAULT_STAGES, Answer, Assignment, Notice, NoticeRead, Stage, Topic, TopicKind, TopicTag

TOPICS_PER_YEAR = 50
ASSIGNMENTS_PER_YEAR = 5_000
NOTICES_PER_YEAR = 20
BATCH = 5_000
KINDS = list(TopicKind.values)


def seed_plan_year(rng: random.Random, year: int, mark: str, today: datetime.date, *, office_id: int | None = None,
                   units: list[int] | None = None, people: list[int] | None = None, sizes: tuple = ()) -> tuple[int, int]:
    """One year's plan of an office (the root when none is named) for the scale data of units whose
    names start with `mark` (or the units and people given: an office's network); `sizes` overrides
    (topics, assignments, notices) a year. Returns (topics, assignments) written."""
    office_id = office_id or scope_of().office_id
    topic_count, assignment_count, notice_count = sizes or (TOPICS_PER_YEAR, ASSIGNMENTS_PER_YEAR, NOTICES_PER_YEAR)
    if units is None:
        units = list(Unit.objects.filter(name__startswith=mark).values_list("pk", flat=True))
        teams = list(Team.objects.filter(name__startswith=mark).values_list("pk", flat=True))
        people = list(Correspondent.objects.filter(unit__name__startswith=mark).values_list("pk", flat=True))
    else:
        teams = []
    last = min(datetime.date(year, 12, 31), today + datetime.timedelta(days=60))
    span = max(1, (last - datetime.date(year, 1, 1)).days)

    def day(offset: int) -> datetime.date:
        return datetime.date(year, 1, 1) + datetime.timedelta(days=min(offset, span))

    topics = Topic.objects.bulk_create([
        Topic(office_id=office_id, title=f"{mark}{year}年选题{n:02d}", kind=KINDS[n % len(KINDS)], starts_on=day(start := rng.randrange(span)),
              ends_on=day(start + rng.randrange(30, 200)),
              status=Topic.Status.DONE if year < today.year else Topic.Status.ACTIVE)
        for n in range(topic_count)
    ])
    Stage.objects.bulk_create([
        Stage(topic=topic, name=name, position=position)
        for topic in topics for position, name in enumerate(DEFAULT_STAGES.get(topic.kind, ["准备", "进行", "总结"]), 1)
    ])
    stages: dict[int, list[int]] = {}
    for pk, topic_id in Stage.objects.filter(topic__in=topics).values_list("pk", "topic_id"):
        stages.setdefault(topic_id, []).append(pk)

    assignments = []
    for _ in range(assignment_count):
        topic = rng.choice(topics) if rng.random() < 0.9 else None
        roll = rng.random()
        who = ({"unit_id": rng.choice(units)} if roll < 0.8 or not teams else
               {"team_id": rng.choice(teams)} if roll < 0.9 else {"correspondent_id": rng.choice(people)})
        assignments.append(Assignment(
            office_id=office_id, topic=topic, stage_id=rng.choice(stages[topic.pk]) if topic else None, brief="请围绕选题撰写稿件一篇。",
            due_on=day(rng.randrange(span)), genre="news", **who))
    assignments = Assignment.objects.bulk_create(assignments, batch_size=BATCH)

    # Answers: the year's placed pieces, each answering one assignment at most.
    pieces = list(Contribution.objects.filter(created_at__year=year, credited_unit__in=units,
                                              answer__isnull=True).values_list("pk", flat=True))
    rng.shuffle(pieces)
    answers, tags = [], []
    for assignment in assignments:
        if not pieces or assignment.due_on >= today or rng.random() > 0.75:
            continue
        piece = pieces.pop()
        linked = timezone.make_aware(datetime.datetime.combine(
            assignment.due_on - datetime.timedelta(days=rng.randrange(-5, 20)), datetime.time(10)))
        answers.append(Answer(assignment=assignment, contribution_id=piece, linked_at=linked))
        if assignment.topic_id:
            tags.append(TopicTag(contribution_id=piece, topic_id=assignment.topic_id, stage_id=assignment.stage_id))
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    TopicTag.objects.bulk_create(tags, batch_size=BATCH)

    notices = Notice.objects.bulk_create([
        Notice(office_id=office_id, title=f"{mark}{year}年征稿通知{n:02d}", body="请各单位按选题报送稿件。", to_everyone=True,
               published_at=timezone.make_aware(datetime.datetime.combine(day(n * span // notice_count),
                                                                          datetime.time(9))))
        for n in range(notice_count)
    ])
    NoticeRead.objects.bulk_create([NoticeRead(notice=notice, correspondent_id=pk)
                                    for notice in notices for pk in rng.sample(people, k=len(people) // 2)],
                                   batch_size=BATCH)
    return len(topics), len(assignments)
