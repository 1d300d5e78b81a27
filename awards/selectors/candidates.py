"""Who and what may win: ranked pieces, nominations with their grades, and the year's award list."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum

from contributions.models import PAPER_GENRES, Contribution, Genre, Placement, State, Transition
from correspondents.models import Correspondent
from planning.models import TopicKind, TopicTag

from ..models import Award, Nomination, QualityGrade
from ..scoring import POINTS_SCALE, counted_points, to_points
from ..years import Year, instants
from .tallies import in_network

QUALITY_ORDER = {QualityGrade.CLASS_ONE: 0, QualityGrade.CLASS_TWO: 1, QualityGrade.CLASS_THREE: 2, "": 3}


@dataclass
class WorkCandidate:
    id: int
    title: str
    unit: str
    genre: str
    placements: int
    points: Decimal
    nomination_id: int | None = None  # put forward by the editors
    quality: str = ""  # 一类/二类/三类稿件, as the editors graded it
    score: Decimal | None = None
    note: str = ""
    research_topic: str = ""  # 课题成果: delivered for the year's theory research plan


def submitted_in(year: Year):
    """Contributions sent to the office (上报) within the year's period."""
    first, after = instants(year.start, year.end)
    return Transition.objects.filter(to_state=State.SUBMITTED, created_at__gte=first, created_at__lt=after)


def eligible_works(year: Year, *, papers_only: bool = False):
    """好新闻奖: the office's network's pieces placed in the year. 优秀论文: its theory and research
    pieces placed or submitted in it."""
    placed = Placement.objects.in_period(year.start, year.end).filter(contribution=OuterRef("pk"))
    works = Contribution.objects.filter(**year.scope.units_filter("credited_unit"))
    if not papers_only:
        return works.filter(Exists(placed))
    submitted = submitted_in(year).filter(contribution=OuterRef("pk"))
    return works.filter(genre__in=PAPER_GENRES).filter(Exists(placed) | Exists(submitted))


def research_results(year: Year) -> dict[int, str]:
    """Theory and research pieces that reached the office for a 理论研究 topic running in the year
    (the research plan): piece id → the topic's title. They are 优秀论文 candidates placed or not."""
    tags = (TopicTag.objects.filter(topic__kind=TopicKind.RESEARCH, topic__starts_on__lte=year.end,
                                    topic__ends_on__gte=year.start, contribution__genre__in=PAPER_GENRES,
                                    topic__office_id=year.scope.office_id)
            .exclude(contribution__state=State.DRAFT).order_by("topic__starts_on", "topic_id"))
    found: dict[int, str] = {}
    for contribution_id, title in tags.values_list("contribution_id", "topic__title"):
        found.setdefault(contribution_id, title)
    return found


def work_candidates(year: Year, *, papers_only: bool = False, limit: int = 50, order: str = "points"
                    ) -> list[WorkCandidate]:
    """The year's pieces ranked by points (the top `limit`), and every nominated piece, with grades;
    for 优秀论文 also every result of the year's research plan (research_results).

    `order="quality"` lists graded pieces first (一类, 二类, 三类), then by score and points."""
    category = Award.Category.EXCELLENT_PAPER if papers_only else Award.Category.GOOD_NEWS
    nominations = {n.contribution_id: n for n in Nomination.objects.filter(appraisal_year=year.row, category=category)} \
        if year.row else {}
    placements = in_network(Placement.objects.in_period(year.start, year.end), year.scope)
    if papers_only:
        placements = placements.filter(contribution__genre__in=PAPER_GENRES)
    points = counted_points(year.rules, year.start, year.end)
    # Grouped by contribution id alone, then the few titles are read (grouping by title made far wider sorts).
    ranked = list(placements.values("contribution").annotate(count=Count("pk"), raw_points=Sum(points))
                  .order_by("-raw_points", "contribution")[:limit])
    research = research_results(year) if papers_only else {}
    wanted = {row["contribution"] for row in ranked} | set(nominations) | set(research)
    missing = wanted - {row["contribution"] for row in ranked}
    if missing:
        ranked += list(placements.filter(contribution__in=missing).values("contribution")
                       .annotate(count=Count("pk"), raw_points=Sum(points)).order_by())
        unplaced = missing - {row["contribution"] for row in ranked}
        ranked += [{"contribution": pk, "count": 0, "raw_points": 0} for pk in unplaced]
    details = {pk: (title, unit, genre) for pk, title, unit, genre in Contribution.objects.filter(pk__in=wanted)
               .order_by().values_list("pk", "title", "credited_unit__name", "genre")}
    genres = dict(Genre.choices)
    candidates = []
    for row in ranked:
        pk = row["contribution"]
        nomination = nominations.get(pk)
        title, unit, genre = details[pk]
        candidates.append(WorkCandidate(
            id=pk, title=title, unit=unit, genre=genres[genre], placements=row["count"],
            points=to_points(row["raw_points"], POINTS_SCALE), nomination_id=nomination.pk if nomination else None,
            quality=nomination.get_quality_display() if nomination and nomination.quality else "",
            score=nomination.score if nomination else None, note=nomination.note if nomination else "",
            research_topic=research.get(pk, ""),
        ))
    if order == "quality":
        grades = {n.contribution_id: n.quality for n in nominations.values()}
        candidates.sort(key=lambda c: (QUALITY_ORDER[grades.get(c.id, "")], -(c.score or 0), -c.points, c.id))
    else:
        candidates.sort(key=lambda c: (-c.points, c.id))
    return candidates


@dataclass
class AwardRow:
    """One line of the award list, as the 获奖名单 sheet prints it; `id` is None once frozen."""

    category: str
    grade: str
    recipient: str
    unit: str
    citation: str
    id: int | None = None
    category_value: str = ""  # the stored value ("good_news"); empty in a frozen list
    recipient_id: int | None = None  # the unit, correspondent or contribution

    def as_json(self) -> list:
        return [self.category, self.grade, self.recipient, self.unit, self.citation]


def award_rows(year: Year) -> list[AwardRow]:
    """The year's awards: frozen with a closed year (whatever happens to the rows later), live otherwise."""
    frozen = year.snapshot
    if frozen is not None and "awards" in frozen:
        return [AwardRow(*row) for row in frozen["awards"]]
    if year.row is None:
        return []
    categories, grades = dict(Award.Category.choices), dict(Award.Grade.choices)
    rows = []
    for pk, category, grade, citation, unit, person, person_unit, title, piece_unit, *ids in (
        Award.objects.filter(appraisal_year=year.row).order_by("category", "grade", "id").values_list(
            "pk", "category", "grade", "citation", "unit__name", "correspondent__name",
            "correspondent__unit__name", "contribution__title", "contribution__credited_unit__name",
            "unit_id", "correspondent_id", "contribution_id")
    ):
        if unit:
            recipient = unit
        elif person:
            recipient, unit = person, person_unit
        else:
            recipient, unit = title, piece_unit
        rows.append(AwardRow(categories[category], grades.get(grade, ""), recipient, unit, citation, pk, category,
                             next(recipient_id for recipient_id in ids if recipient_id is not None)))
    return rows


def information_officers(rows):
    """The people ranking narrowed to information officers (信息员), for 优秀信息员."""
    return [row for row in rows if row.kind == Correspondent.Kind.INFORMATION_OFFICER]
