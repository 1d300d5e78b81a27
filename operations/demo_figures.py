"""Last year of the demo with the figures of the documents the product was built from: 枝江 places 6
national, 47 provincial and 49 municipal pieces; the research office's own staff write 80+ pieces of
which 50+ run, 15 nationally; the news organisations run 620 pieces on the congress; the journal
receives 1,000+ pieces and prints 483 in its issues; the bulletin runs 13 issues; the busiest person
places 30+; one day sees 8 pieces on 湖北人大网; three teams have weekly targets.

The seeding above makes a believable city; this tops it up to those figures with rows written in bulk
(pieces that went through the workflow long ago, their bylines, transitions and placements), counting
what is already there first, so a second run adds nothing."""

import datetime
import random

from django.db.models import Count, Q
from django.utils import timezone

from contributions.models import Authorship, Contribution, Placement, State, Transition
from contributions.services.bylines import split_shares
from correspondents.models import Correspondent, Team, Unit
from journal.models import IssueItem, JournalIssue
from outlets.models import Column, Level, Outlet

ZHIJIANG = "枝江市人大常委会"
STAFF_UNIT = "市人大常委会研究室"
WEBSITE = "湖北人大网"
JOURNAL, BULLETIN = "《宜昌人大》", "《人大工作信息》"
PAPER, FEATURE, MISSED_MONTHS = "《三峡日报》", "民主与法制", {3, 7, 10}
BUSIEST = ("张晓明", ZHIJIANG)
FIGURES = {"zhijiang": {Level.NATIONAL: 6, Level.PROVINCIAL: 47, Level.MUNICIPAL: 49},
           "staff_pieces": 80, "staff_placed": 52, "staff_national": 15, "media": 620, "received": 1010,
           "printed": 483, "bulletin_issues": 13, "busiest": 31, "website_day": 8}
TOPICS = ["人大代表视察民生实事", "常委会审议专项工作报告", "基层立法联系点听取意见", "代表联络站接待选民",
          "专题询问推动问题整改", "人大监督助力营商环境", "地方性法规颁布实施", "代表建议办理回头看"]


class Writer:
    """Collects pieces and their placements, then writes them in a few bulk inserts."""

    def __init__(self, rng: random.Random, first: datetime.date, last: datetime.date):
        self.rng, self.first, self.last = rng, first, last
        self.pieces: list[tuple[Contribution, list[Correspondent], list[tuple[Outlet, datetime.date]]]] = []
        self.count = Contribution.objects.count()

    def day(self) -> datetime.date:
        return self.first + datetime.timedelta(days=self.rng.randrange((self.last - self.first).days + 1))

    def piece(self, unit: Unit, authors: list[Correspondent], placements=(), state: str | None = None,
              genre: str = "news") -> Contribution:
        self.count += 1
        written = min((place[1] for place in placements), default=self.day()) - datetime.timedelta(days=self.rng.randrange(2, 9))
        title = f"{unit.name}{self.rng.choice(TOPICS)}（{written:%Y}-{self.count:04d}）"
        piece = Contribution(title=title, body=f"{title}。\n\n（{'、'.join(a.name for a in authors)}）", genre=genre,
                             credited_unit=unit, state=state or (State.PUBLISHED if placements else State.SUBMITTED),
                             created_at=timezone.make_aware(datetime.datetime.combine(max(written, self.first),
                                                                                      datetime.time(9))))
        self.pieces.append((piece, authors, list(placements)))
        return piece

    def save(self) -> list[Placement]:
        Contribution.objects.bulk_create([piece for piece, _, _ in self.pieces], batch_size=500)
        Authorship.objects.bulk_create([Authorship(contribution=piece, correspondent=person, position=n, share=share)
                                        for piece, authors, _ in self.pieces
                                        for n, (person, share) in enumerate(zip(authors, split_shares(len(authors))), start=1)], batch_size=500)
        Transition.objects.bulk_create([
            Transition(contribution=piece, from_state=State.DRAFT, to_state=State.SUBMITTED, created_at=piece.created_at)
            for piece, _, _ in self.pieces] + [
            Transition(contribution=piece, from_state=State.SUBMITTED, to_state=piece.state,
                       created_at=piece.created_at + datetime.timedelta(days=1))
            for piece, _, _ in self.pieces if piece.state != State.SUBMITTED], batch_size=500)
        placements = [Placement(contribution=piece, outlet=place[0], published_on=place[1], page="第2版",
                                column=place[2] if len(place) > 2 else None)
                      for piece, _, where in self.pieces for place in where]
        Placement.objects.bulk_create(placements, batch_size=500)
        return placements


def _placed(period, **lookups) -> int:
    return Placement.objects.filter(published_on__range=period, **lookups).count()


def seed_figures(*, first: datetime.date, last: datetime.date) -> None:
    rng = random.Random(20251231)
    period = (first, last)
    media = list(Outlet.objects.filter(owner__isnull=True))  # the news organisations' own outlets
    by_level = {level: [o for o in media if o.level == level] for level in Level.values}
    writer = Writer(rng, first, last)

    zhijiang = Unit.objects.get(name=ZHIJIANG)
    local = list(Correspondent.objects.filter(unit=zhijiang).order_by("pk"))
    busiest = Correspondent.objects.get(name=BUSIEST[0], unit__name=BUSIEST[1])
    for level, wanted in FIGURES["zhijiang"].items():
        have = _placed(period, contribution__credited_unit=zhijiang, outlet__level=level, outlet__owner__isnull=True)
        for _ in range(max(0, wanted - have)):
            writer.piece(zhijiang, [busiest if rng.random() < 0.1 else rng.choice(local)],
                         [(rng.choice(by_level[level]), writer.day())])

    staff_unit = Unit.objects.get(name=STAFF_UNIT)
    staff = list(Correspondent.objects.filter(unit=staff_unit).order_by("pk"))
    staff_pieces = Contribution.objects.filter(credited_unit=staff_unit, created_at__date__range=period)
    national = staff_pieces.filter(placements__outlet__level=Level.NATIONAL).distinct().count()
    if national > FIGURES["staff_national"]:  # the city above placed a few too many: those ran in the province
        extra = list(staff_pieces.filter(placements__outlet__level=Level.NATIONAL).distinct()
                     .order_by("-pk").values_list("pk", flat=True)[:national - FIGURES["staff_national"]])
        Placement.objects.filter(contribution_id__in=extra, outlet__level=Level.NATIONAL).update(
            outlet=by_level[Level.PROVINCIAL][0])
        national = FIGURES["staff_national"]
    for _ in range(max(0, FIGURES["staff_national"] - national)):
        writer.piece(staff_unit, [rng.choice(staff)], [(rng.choice(by_level[Level.NATIONAL]), writer.day())])
    placed = staff_pieces.filter(placements__isnull=False).distinct().count() + max(0, FIGURES["staff_national"] - national)
    for _ in range(max(0, FIGURES["staff_placed"] - placed)):
        writer.piece(staff_unit, [rng.choice(staff)], [(rng.choice(by_level[Level.MUNICIPAL]), writer.day())])
    written = staff_pieces.count() + len([p for p in writer.pieces if p[0].credited_unit_id == staff_unit.pk])
    for _ in range(max(0, FIGURES["staff_pieces"] - written)):
        writer.piece(staff_unit, [rng.choice(staff)], state=rng.choice([State.ACCEPTED, State.REJECTED, State.SUBMITTED]))

    have = Placement.objects.filter(published_on__range=period, contribution__authorships__correspondent=busiest).count()
    added = sum(1 for piece, authors, where in writer.pieces if busiest in authors for _ in where)
    for _ in range(max(0, FIGURES["busiest"] - have - added)):
        writer.piece(zhijiang, [busiest], [(rng.choice(by_level[Level.COUNTY] or by_level[Level.MUNICIPAL]), writer.day())])

    website = Outlet.objects.get(name=WEBSITE)
    busy_day = datetime.date(first.year if first.month <= 3 else first.year + 1, 3, 12)
    busy_day = min(max(busy_day, first), last)
    counties = list(Unit.objects.filter(kind=Unit.Kind.COUNTY_CONGRESS).exclude(pk=zhijiang.pk).order_by("pk"))
    for n in range(max(0, FIGURES["website_day"] - _placed((busy_day, busy_day), outlet=website))):
        unit = counties[n % len(counties)]
        people = list(unit.correspondents.order_by("pk")[:1]) or [busiest]
        writer.piece(unit, people, [(website, busy_day)])

    _agreement_months(writer, first, last)
    pending = sum(len(where) for piece, _, where in writer.pieces)
    units = list(Unit.objects.filter(active=True).exclude(pk__in=[zhijiang.pk, staff_unit.pk])
                 .annotate(n=Count("correspondents"))
                 .filter(n__gt=0).order_by("pk"))
    people = {unit.pk: list(unit.correspondents.order_by("pk")) for unit in units}
    others = [o for o in media if o.pk != website.pk]
    for _ in range(max(0, FIGURES["media"] - _placed(period, outlet__in=media) - pending)):
        unit = rng.choice(units)
        writer.piece(unit, [rng.choice(people[unit.pk])], [(rng.choice(others), writer.day())])

    received = Transition.objects.filter(to_state=State.SUBMITTED, created_at__date__range=period).count()
    received += sum(1 for _ in writer.pieces)
    for _ in range(max(0, FIGURES["received"] - received)):
        unit = rng.choice(units)
        writer.piece(unit, [rng.choice(people[unit.pk])], state=rng.choice([State.ACCEPTED, State.ACCEPTED, State.REJECTED]))
    writer.save()
    _journal(first, last)
    for team in Team.objects.filter(weekly_target__isnull=True):
        Team.objects.filter(pk=team.pk).update(weekly_target=1)


def _agreement_months(writer: Writer, first: datetime.date, last: datetime.date) -> None:
    """《三峡日报》's “民主与法制” ran in 9 of last year's 12 months (March, July and October missed): the
    months it has not run in yet, but those three, get a piece in one of its 栏目."""
    feature = Column.objects.filter(outlet__name=PAPER, name=FEATURE).first()
    if feature is None:
        return
    sections = list(feature.children.order_by("pk")) or [feature]
    ran = {(day.year, day.month) for day in Placement.objects.filter(
        Q(column=feature) | Q(column__parent=feature), published_on__range=(first, last)).values_list("published_on", flat=True)}
    unit = (Unit.objects.filter(kind=Unit.Kind.COUNTY_CONGRESS, correspondents__isnull=False).exclude(name=ZHIJIANG)
            .order_by("pk").first())  # not 枝江, whose figures are counted above
    authors = list(Correspondent.objects.filter(unit=unit).order_by("pk")[:3])
    month = first.replace(day=1)
    for n in range(12):
        if month > last:
            break
        if month.month not in MISSED_MONTHS and (month.year, month.month) not in ran:
            writer.piece(unit, [authors[n % len(authors)]], [(feature.outlet, month.replace(day=15), sections[n % len(sections)])])
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _journal(first: datetime.date, last: datetime.date) -> None:
    """《宜昌人大》 prints 483 of the year's pieces in twelve published issues (each item logged as a
    placement in the journal, as publishing an issue does); 《人大工作信息》 runs 13 issues."""
    journal = Outlet.objects.get(name=JOURNAL)
    issues = []
    for month in range(12):
        day = (first.replace(day=1) + datetime.timedelta(days=31 * month)).replace(day=20)
        if day <= last:
            issue, _ = JournalIssue.objects.get_or_create(
                outlet=journal, number=f"{day:%Y}年第{month + 1}期",
                defaults={"issue_date": day, "theme": "人大工作研究", "status": JournalIssue.Status.PUBLISHED,
                          "published_at": timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))})
            issues.append(issue)
    wanted = max(0, FIGURES["printed"] - IssueItem.objects.filter(issue__in=issues).count())
    if wanted:
        candidates = list(Contribution.objects.filter(
            created_at__date__range=(first, issues[-1].issue_date), state__in=[State.ACCEPTED, State.PUBLISHED])
            .exclude(placements__outlet=journal).exclude(issue_items__isnull=False).order_by("pk")[:wanted])
        chosen = []
        for n, piece in enumerate(candidates):
            issue = next((i for i in issues[n % len(issues):] + issues if i.issue_date >= piece.created_at.date()), None)
            if issue is not None:
                chosen.append((issue, piece))
        placements = [Placement(contribution=piece, outlet=journal, published_on=issue.issue_date, page="")
                      for issue, piece in chosen]
        Placement.objects.bulk_create(placements, batch_size=500)
        IssueItem.objects.bulk_create([IssueItem(issue=issue, contribution=piece, position=n + 1, placement=placement)
                                       for n, ((issue, piece), placement) in enumerate(zip(chosen, placements))],
                                      batch_size=500)
        accepted = [piece.pk for _, piece in chosen if piece.state == State.ACCEPTED]
        Contribution.objects.filter(pk__in=accepted).update(state=State.PUBLISHED)
        Transition.objects.bulk_create([Transition(contribution_id=pk, from_state=State.ACCEPTED, to_state=State.PUBLISHED,
                                                   note="刊物发布，登记用稿") for pk in accepted], batch_size=500)
    bulletin = Outlet.objects.get(name=BULLETIN)
    for n in range(FIGURES["bulletin_issues"]):
        day = min(first + datetime.timedelta(days=28 * n + 10), last)
        JournalIssue.objects.get_or_create(
            outlet=bulletin, number=f"{first:%Y}年第{n + 1}期",
            defaults={"issue_date": day, "theme": "人大工作信息", "status": JournalIssue.Status.PUBLISHED,
                      "published_at": timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))})
