"""Reads with a rule in them: who an assignment or a notice is for, a topic's coverage by stage,
a year's plan month by month."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from contributions.models import Placement
from contributions.states import ACCEPTED_OR_PLACED, DELIVERED, PLACED
from correspondents.models import Correspondent
from correspondents.network import Scope, office_tree, scope_of

from .models import Notice, NoticeRead, Stage, Topic, TopicTag
from .progress import LABELS, labelled, with_progress


def notices_for(correspondent: Correspondent):
    """The notices addressed to a correspondent, each annotated `read`; unread first, newest first.
    A notice to everyone reaches the network of the office that sent it (the city's reaches every
    township of every county; a county's, its own townships)."""
    offices = office_tree().offices_counting(correspondent.unit_id)
    addressed = Q(to_everyone=True, office_id__in=offices) | Q(units=correspondent.unit_id)
    if correspondent.team_id:
        addressed |= Q(teams=correspondent.team_id)
    read = NoticeRead.objects.filter(notice=OuterRef("pk"), correspondent=correspondent)
    ids = Notice.objects.filter(addressed).values("pk")
    return (Notice.objects.filter(pk__in=ids, published_at__lte=timezone.now())
            .annotate(read=Exists(read)).order_by("read", "-published_at", "-id"))


def _addressed(units, teams) -> Q:
    """A notice not sent to everyone reaches the people of its units and of its teams."""
    return Q(unit__in=units) | Q(team__in=teams)


def notice_audience(notice: Notice):
    """The active correspondents a notice is addressed to (everyone: of the office's network)."""
    people = Correspondent.objects.active()
    if notice.to_everyone:
        return people.filter(**scope_of(notice.office_id).units_filter("unit"))
    return people.filter(_addressed(notice.units.all(), notice.teams.all())).distinct()


def audience_count(scope: Scope):
    """应读: how many active correspondents each of an office's notices is addressed to, as an
    annotation (a subquery per notice, whatever the number of notices)."""
    people = Correspondent.objects.active()
    everyone = people.filter(**scope.units_filter("unit"))
    units = Notice.units.through.objects.filter(notice_id=OuterRef(OuterRef("pk"))).values("unit_id")
    teams = Notice.teams.through.objects.filter(notice_id=OuterRef(OuterRef("pk"))).values("team_id")
    # Conditions on the person's own row (IN lists), so nobody is counted twice.
    return Case(When(to_everyone=True, then=counted(everyone)),
                default=counted(people.filter(_addressed(Subquery(units), Subquery(teams)))),
                output_field=IntegerField())


def counted(rows) -> Coalesce:
    """How many rows a correlated queryset has, as a subquery (a join would multiply rows)."""
    return Coalesce(Subquery(rows.order_by().values(one=Value(1)).annotate(n=Count("*")).values("n")[:1],
                             output_field=IntegerField()), Value(0))


def plan_topics(start: datetime.date, end: datetime.date):
    """The topics of a year's plan: every topic whose period touches the appraisal year's period."""
    return Topic.objects.filter(starts_on__lte=end, ends_on__gte=start)


@dataclass
class Month:
    number: int
    year: int = 0
    topics: list = field(default_factory=list)
    due: list = field(default_factory=list)  # (day, count of assignments due)


def plan_calendar(months: list[tuple[int, int]], topics: list[Topic],
                  due_days: dict[datetime.date, int]) -> list[Month]:
    """Month by month over the (year, month)s of a period: the topics running in it and the days
    assignments fall due."""
    result = []
    for year, number in months:
        month = Month(number, year)
        first = datetime.date(year, number, 1)
        last = datetime.date(year, number, calendar.monthrange(year, number)[1])
        month.topics = [topic for topic in topics if topic.starts_on <= last and topic.ends_on >= first]
        month.due = sorted((day, count) for day, count in due_days.items() if first <= day <= last)
        result.append(month)
    return result


@dataclass
class StageCoverage:
    stage: Stage | None  # None: pieces tagged with the topic but no stage
    pieces: list = field(default_factory=list)
    assignments: list = field(default_factory=list)

    @property
    def submitted(self) -> int:
        return sum(1 for piece in self.pieces if piece.state in DELIVERED)

    @property
    def accepted(self) -> int:
        return sum(1 for piece in self.pieces if piece.state in ACCEPTED_OR_PLACED)

    @property
    def placed(self) -> int:
        return sum(1 for piece in self.pieces if piece.state in PLACED)

    @property
    def gap(self) -> bool:
        """A stage with nothing: no piece submitted and none commissioned."""
        return self.stage is not None and not self.submitted and not self.assignments


def topic_coverage(topic: Topic, today: datetime.date) -> list[StageCoverage]:
    """Stage by stage: the pieces tagged with it (state, placements with level and outlet) and the
    assignments for it with their state. A fixed number of queries whatever the topic's size."""
    stages = list(topic.stages.all())
    coverage = {stage.pk: StageCoverage(stage) for stage in stages}
    unstaged = StageCoverage(None)
    tags = (TopicTag.objects.filter(topic=topic).select_related("contribution__credited_unit")
            .prefetch_related(Prefetch("contribution__placements",
                                       queryset=Placement.objects.select_related("outlet").order_by("published_on")),
                              "contribution__authorships__correspondent")
            .order_by("contribution__created_at"))
    for tag in tags:
        (coverage.get(tag.stage_id) or unstaged).pieces.append(tag.contribution)
    assignments = with_progress(topic.assignments.select_related("unit", "correspondent", "team"), today)
    for assignment in labelled(list(assignments.order_by("due_on", "id")), today):
        (coverage.get(assignment.stage_id) or unstaged).assignments.append(assignment)
    result = [coverage[stage.pk] for stage in stages]
    if unstaged.pieces or unstaged.assignments:
        result.append(unstaged)
    return result


STATUS_CHOICES = [("open", "待交稿"), ("overdue", "逾期"), *[(f"l{level}", label) for level, label in LABELS.items()]]


def filter_by_status(assignments, status: str, today: datetime.date):
    """Filter annotated (with_progress) assignments by a STATUS_CHOICES key (待交稿 and 逾期 by plain
    filters: a WHERE on the annotations made PostgreSQL run the lookups for every row)."""
    if status == "open":
        return assignments.waiting(today)
    if status == "overdue":
        return assignments.overdue(today)
    if status in {"l1", "l2", "l3"}:
        return assignments.filter(level=int(status[1]))
    return assignments


def topic_stage_choices(topics) -> list[tuple[str, str]]:
    """One dropdown for a topic and, optionally, its stage: "t<id>" a topic, "s<id>" one of its stages."""
    choices = [("", "（不属于选题）")]
    for topic in topics.prefetch_related("stages").order_by("-starts_on", "title"):
        choices.append((f"t{topic.pk}", topic.title))
        choices += [(f"s{stage.pk}", f"{topic.title} · {stage.name}") for stage in topic.stages.all()]
    return choices


def topic_stage_value(topic_id: int | None, stage_id: int | None) -> str:
    """The topic_stage_choices value naming a stage, else its topic, else nothing."""
    return f"s{stage_id}" if stage_id else (f"t{topic_id}" if topic_id else "")


def topic_and_stage(value: str) -> tuple[Topic | None, Stage | None]:
    """The topic and stage a topic_stage_choices value names (None, None for none or an unknown one)."""
    if value.startswith("s") and value[1:].isdigit():
        stage = Stage.objects.select_related("topic").filter(pk=int(value[1:])).first()
        return (stage.topic, stage) if stage else (None, None)
    if value.startswith("t") and value[1:].isdigit():
        return Topic.objects.filter(pk=int(value[1:])).first(), None
    return None, None


def open_topics(office: int | None = None, *, offices: list[int] | None = None):
    """An office's topics one may still tag or commission for: not finished; or those of several
    offices (a correspondent tags a piece with a topic of any office that counts their unit)."""
    topics = Topic.objects.exclude(status=Topic.Status.DONE)
    if offices is not None:
        return topics.filter(office_id__in=offices)
    return topics if office is None else topics.filter(office_id=office)
