"""Demo data for the network of offices: 枝江's own office with its editor, its own scoring rules,
townships, county outlets (one of them its own website), pieces it sent up to the city (taken,
declined, waiting) and a 2025 year closed by 枝江 but not by the city. Safe to run again: it adds only
what is missing."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from awards.models import AppraisalYear, Award, ScoringRules
from awards.selectors import unit_tallies
from awards.services import appraisal_year_close, appraisal_year_get_or_create, award_create
from awards.years import resolve_year
from contributions.forwards import Forward
from contributions.models import Contribution, Genre, Placement, Prominence, State, Transition
from contributions.services import contribution_create, contribution_transition, placement_create
from contributions.services.forwards import forward_decline, forward_send, forward_take
from correspondents import roles
from correspondents.models import Correspondent, Office, OfficeStaff, Unit
from correspondents.network import office_tree
from outlets.models import Level, Outlet

COUNTY_OFFICE = "枝江市人大常委会办公室"
COUNTY_UNIT = "枝江市人大常委会"
COUNTY_WEBSITE = "枝江人大网"
COUNTY_PAPER = "《今日枝江》"
# 枝江's townships beyond the two the city's demo already has, each with its correspondents.
MORE_TOWNSHIPS = [("董市镇", ["向春燕", "杜明远"]), ("白洋镇", ["柳青松"]), ("七星台镇", ["覃玉梅", "邹立军"]),
                  ("问安镇", ["严冬梅"])]
# 枝江 rewards county outlets and the city's papers more than the city does (its own policy).
COUNTY_RULES = {"county_points": Decimal("3"), "municipal_points": Decimal("5")}

# (title, genre, how far it got, outlet of its placement or None, days before today)
COUNTY_PIECES = [
    ("{place}人大代表小组开展“回娘家”活动", Genre.NEWS, State.PUBLISHED, "枝江融媒", 420),
    ("{place}人大督办代表建议全部办结", Genre.NEWS, State.PUBLISHED, COUNTY_WEBSITE, 390),
    ("{place}召开人大代表述职评议会", Genre.NEWS, State.PUBLISHED, "枝江融媒", 300),
    ("{place}人大推动农村公路“建管养”", Genre.NEWS, State.PUBLISHED, COUNTY_PAPER, 250),
    ("{place}代表联络站：群众家门口的“连心桥”", Genre.FEATURE, State.PUBLISHED, COUNTY_WEBSITE, 200),
    ("{place}人大开展农村人居环境整治视察", Genre.NEWS, State.PUBLISHED, "《三峡日报》", 150),
    ("{place}票决民生实事项目八件", Genre.NEWS, State.ACCEPTED, None, 60),
    ("{place}人大主席团走访代表", Genre.BRIEF, State.SUBMITTED, None, 6),
    ("{place}人大代表为柑橘产业“把脉”", Genre.FEATURE, State.SUBMITTED, None, 3),
    ("{place}人大听取镇政府财政预算执行情况报告", Genre.NEWS, State.RETURNED, None, 20),
]
# Pieces 枝江 sent up to the city, and what the city did with each.
SENT_UP = [
    ("{place}召开人大代表述职评议会", "taken", "述职评议做法有特色，建议市级媒体刊用。"),
    ("{place}人大推动农村公路“建管养”", "declined", "农村公路管养的做法，供市级媒体参考。"),
    ("{place}代表联络站：群众家门口的“连心桥”", "sent", "代表联络站建设主题征稿。"),
    ("{place}票决民生实事项目八件", "sent", "民生实事票决制，已在本地刊发前报送。"),
]
PATH_TO = {State.SUBMITTED: [State.SUBMITTED],
           State.RETURNED: [State.SUBMITTED, State.IN_REVIEW, State.RETURNED],
           State.ACCEPTED: [State.SUBMITTED, State.IN_REVIEW, State.ACCEPTED],
           State.PUBLISHED: [State.SUBMITTED, State.IN_REVIEW, State.ACCEPTED]}
DECLINED_BECAUSE = "与本月已采用的同类稿件重复，请补充数据后再报。"


def seed_county_office() -> Office:
    """枝江's office, headed by its congress (created before anything is reviewed, so that 枝江's pieces
    are reviewed by 枝江)."""
    head = Unit.objects.get(name=COUNTY_UNIT)
    office, _ = Office.objects.get_or_create(name=COUNTY_OFFICE, defaults={"head_unit": head})
    return office


def join_office(user: User, office: Office) -> None:
    OfficeStaff.objects.get_or_create(user=user, defaults={"office": office})


def reviewer_of(contribution: Contribution, fallback: User) -> User:
    """The demo's editor at the piece's home office (who reviews it), or the fallback."""
    home = office_tree().home_office(contribution.credited_unit_id)
    member = (OfficeStaff.objects.filter(office_id=home, user__groups__name=roles.EDITOR)
              .select_related("user").order_by("user_id").first())
    return member.user if member else fallback


def seed_county_network(*, city_editor: User, county_editor: User, this_year: int) -> None:
    office = Office.objects.get(name=COUNTY_OFFICE)
    for year in (this_year - 1, this_year):
        appraisal_year = appraisal_year_get_or_create(year=year, office=office.pk)
        ScoringRules.objects.filter(appraisal_year=appraisal_year, county_points=Decimal("1")).update(**COUNTY_RULES)
    _county_outlets(office)
    people = _townships(office)
    _pieces(people, county_editor)
    _sent_up(people, city_editor, county_editor)
    _close_last_year(office, this_year - 1)


def _county_outlets(office: Office) -> None:
    website, _ = Outlet.objects.get_or_create(
        name=COUNTY_WEBSITE, defaults={"level": Level.COUNTY, "medium": Outlet.Medium.WEBSITE, "owner": office})
    if website.owner_id is None:
        Outlet.objects.filter(pk=website.pk).update(owner=office)
    Outlet.objects.get_or_create(name=COUNTY_PAPER, defaults={"level": Level.COUNTY, "medium": Outlet.Medium.NEWSPAPER})


def _townships(office: Office) -> list[Correspondent]:
    head = office.head_unit
    people = []
    for order, (township, names) in enumerate(MORE_TOWNSHIPS, start=3):
        unit, _ = Unit.objects.get_or_create(name=f"枝江市{township}人大",
                                             defaults={"kind": Unit.Kind.TOWNSHIP_CONGRESS, "parent": head,
                                                       "sort_order": order})
        for index, name in enumerate(names):
            person, _ = Correspondent.objects.get_or_create(
                name=name, unit=unit, defaults={"phone": f"1397170{order:02d}{index:02d}", "annual_quota": 6})
            people.append(person)
    return people


def _title(template: str, person: Correspondent) -> str:
    return template.format(place=person.unit.name.removeprefix("枝江市").removesuffix("人大"))


def _author_of(number: int, people: list[Correspondent]) -> Correspondent:
    return people[number % len(people)]


def _pieces(people: list[Correspondent], editor: User) -> None:
    today = timezone.localdate()
    for number, (template, genre, target, outlet, days_ago) in enumerate(COUNTY_PIECES):
        rng = random.Random(f"zhijiang-{number}")
        person = _author_of(number, people)
        title = _title(template, person)
        if Contribution.objects.filter(title=title).exists():
            continue
        written = today - datetime.timedelta(days=days_ago + rng.randrange(0, 15))
        piece = contribution_create(title=title, genre=genre, authors=[person], actor=editor,
                                    body=f"{title}。\n\n近日，{person.unit.name}依法履职，取得了实效。\n\n（{person.name}）")
        for state in PATH_TO[target]:
            note = "请补充预算执行的具体数字。" if state == State.RETURNED else ""
            contribution_transition(contribution=piece, to_state=state, actor=editor, note=note)
        written_at = timezone.make_aware(datetime.datetime.combine(written, datetime.time(10)))
        Contribution.objects.filter(pk=piece.pk).update(created_at=written_at)
        Transition.objects.filter(contribution=piece).update(created_at=written_at + datetime.timedelta(days=1))
        if outlet:
            placement_create(contribution=piece, outlet=Outlet.objects.get(name=outlet), actor=editor,
                             published_on=min(today, written + datetime.timedelta(days=4)),
                             page=f"第{rng.randrange(1, 8)}版", prominence=Prominence.REGULAR)


def _sent_up(people: list[Correspondent], city_editor: User, county_editor: User) -> None:
    office = Office.objects.get(name=COUNTY_OFFICE)
    numbers = {template: number for number, (template, *_) in enumerate(COUNTY_PIECES)}
    for template, outcome, note in SENT_UP:
        title = _title(template, _author_of(numbers[template], people))
        piece = Contribution.objects.filter(title=title).first()
        if piece is None or Forward.objects.filter(contribution=piece).exists():
            continue
        forward = forward_send(contribution=piece, from_office=office.pk, actor=county_editor, note=note)
        if outcome == "taken":
            forward_take(forward=forward, actor=city_editor)
            day = max(p.published_on for p in piece.placements.all()) + datetime.timedelta(days=3)
            if not Placement.objects.filter(contribution=piece, outlet__name="《宜昌人大》").exists():
                # The city runs it in its own journal: 内部刊物 for the city, 市级 for 枝江.
                placement_create(contribution=piece, outlet=Outlet.objects.get(name="《宜昌人大》"), actor=city_editor,
                                 published_on=min(timezone.localdate(), day), edition="基层人大",
                                 prominence=Prominence.REGULAR)
        elif outcome == "declined":
            forward_decline(forward=forward, actor=city_editor, reason=DECLINED_BECAUSE)


def _close_last_year(office: Office, year: int) -> None:
    """枝江 ranks its townships for last year, awards the top two and closes the year; the city has not."""
    appraisal_year = AppraisalYear.objects.get(office=office, year=year)
    if appraisal_year.is_closed:
        return
    if not appraisal_year.awards.exists():
        resolved = resolve_year(year, office=office.pk)
        townships = [row for row in unit_tallies(resolved.rules, resolved.start, resolved.end)
                     if row.kind == Unit.Kind.TOWNSHIP_CONGRESS and row.total]
        for row in townships[:2]:
            award_create(appraisal_year=appraisal_year, category=Award.Category.ADVANCED_UNIT, actor=None,
                         unit=Unit.objects.get(pk=row.id),
                         citation=f"全年稿件 {row.pieces} 篇（用稿 {row.total} 次），积分 {row.points}")
    appraisal_year_close(appraisal_year=appraisal_year, actor=None)
