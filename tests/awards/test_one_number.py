"""One placement, one number, on every surface: a property test.

Hypothesis draws an office's calendar (years from 1 January, 1 December or 1 July), different rules for
two set-up years (bases, factors, 累计 or 不累计) and placements on the edges of the periods. An oracle
written here, apart from the app (its own periods, its own points, its own 不累计 choice), says what every
placement is worth and what every unit and person totals; then the desk's list and export, the unit
page, the portal's piece page and year page, the statistics page, the year page, the bulletin, every
sheet of the workbook and the cached tallies must all say the same, each page read twice (the second
time from the cache)."""

import calendar as month_calendar
import datetime
import io
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awards import cached as cached_numbers
from awards.models import AppraisalYear, CountingMode, ScoringRules
from contributions.models import Genre, Placement, Prominence
from correspondents.models import Unit
from correspondents.network import root_office
from outlets.models import Level, Outlet
from tests.factories import ContributionFactory, CorrespondentFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
CENT = Decimal("0.01")
SET_UP = (2024, 2025)  # the years with their own rules; the others follow with the defaults
TODAY = D(2026, 12, 5)

OUTLETS = {  # key: (level, medium, internal)
    "N": (Level.NATIONAL, Outlet.Medium.NEWSPAPER, False),
    "P": (Level.PROVINCIAL, Outlet.Medium.WEBSITE, False),
    "M": (Level.MUNICIPAL, Outlet.Medium.NEWSPAPER, False),
    "K": (Level.COUNTY, Outlet.Medium.TV, False),
    "I": (Level.MUNICIPAL, Outlet.Medium.MAGAZINE, True),
}
# piece: genre, credited unit, authors with shares
PIECES = {
    "p0": (Genre.NEWS, "A", [("a1", Decimal("1.00"))]),
    "p1": (Genre.FEATURE, "A", [("a1", Decimal("0.50")), ("b1", Decimal("0.50"))]),
    "p2": (Genre.NEWS, "B", [("b1", Decimal("1.00"))]),
    "p3": (Genre.THEORY, "A", [("a2", Decimal("0.67")), ("a1", Decimal("0.33"))]),
}
DEFAULTS = {"national": Decimal(10), "provincial": Decimal(5), "municipal": Decimal(2), "county": Decimal(1),
            "internal": Decimal(1), "headline": Decimal("2.0"), "regular": Decimal("1.0"), "brief": Decimal("0.5"),
            "theory": Decimal("1.5"), "website": Decimal("1.0"), "mode": CountingMode.CUMULATIVE}


def period(number: int, first_month: int) -> tuple[datetime.date, datetime.date]:
    """The oracle's own periods: from the first month's 1st (in the year before, unless January)."""
    start = D(number if first_month == 1 else number - 1, first_month, 1)
    end_year, end_month = (number, 12) if first_month == 1 else (number, first_month - 1)
    return start, D(end_year, end_month, month_calendar.monthrange(end_year, end_month)[1])


def year_holding(day: datetime.date, first_month: int) -> int:
    return next(n for n in range(day.year - 1, day.year + 2) if period(n, first_month)[0] <= day <= period(n, first_month)[1])


RULES = st.fixed_dictionaries({
    "national": st.sampled_from([Decimal(10), Decimal(17), Decimal(3)]),
    "provincial": st.sampled_from([Decimal(5), Decimal(4)]),
    "municipal": st.sampled_from([Decimal(2), Decimal(3)]),
    "county": st.sampled_from([Decimal(1), Decimal("0.5")]),
    "internal": st.sampled_from([Decimal(1), Decimal(0), Decimal(2)]),
    "headline": st.sampled_from([Decimal("2.0"), Decimal("1.8")]),
    "regular": st.just(Decimal("1.0")),
    "brief": st.sampled_from([Decimal("0.5"), Decimal("0.3")]),
    "theory": st.sampled_from([Decimal("1.5"), Decimal("1.25")]),
    "website": st.sampled_from([Decimal("1.0"), Decimal("1.2")]),
    "mode": st.sampled_from([CountingMode.CUMULATIVE, CountingMode.BEST]),
})


@st.composite
def offices(draw):
    first_month = draw(st.sampled_from([1, 12, 7]))
    rules = {year: draw(RULES) for year in SET_UP}
    edges = sorted({day for year in SET_UP for start, end in [period(year, first_month)]
                    for day in (start - datetime.timedelta(days=1), start, end, end + datetime.timedelta(days=1))})
    placements = draw(st.lists(st.tuples(st.sampled_from(sorted(PIECES)), st.sampled_from(sorted(OUTLETS)),
                                         st.sampled_from(edges),
                                         st.sampled_from([Prominence.HEADLINE, Prominence.REGULAR, Prominence.BRIEF])),
                               min_size=1, max_size=8, unique_by=lambda p: p[:3]))
    return first_month, rules, placements


def points_of(piece: str, outlet: str, prominence: str, rules: dict) -> Decimal:
    level, medium, internal = OUTLETS[outlet]
    base = rules["internal"] if internal else rules[level]
    genre = PIECES[piece][0]
    return (base * rules[prominence] * (rules["theory"] if genre == Genre.THEORY else Decimal(1))
            * (rules["website"] if medium == Outlet.Medium.WEBSITE else Decimal(1)))


class Oracle:
    """What every number must be, worked out here from the drawn office alone."""

    def __init__(self, first_month, rules, placements, ids):
        self.first_month = first_month
        self.year = {}  # placement key → appraisal year
        self.points = {}  # placement key → what it adds to its year's tallies
        best = {}
        for key in placements:
            piece, outlet, day, prominence = key
            year = year_holding(day, first_month)
            year_rules = rules.get(year, DEFAULTS)
            self.year[key] = year
            self.points[key] = points_of(piece, outlet, prominence, year_rules)
            if year_rules["mode"] == CountingMode.BEST:
                rank = (-self.points[key], day, ids[key])  # highest, then the earliest, then the first logged
                if (piece, year) not in best or rank < best[(piece, year)][0]:
                    best[(piece, year)] = (rank, key)
        for key in placements:
            year_rules = rules.get(self.year[key], DEFAULTS)
            if year_rules["mode"] == CountingMode.BEST and best[(key[0], self.year[key])][1] != key:
                self.points[key] = Decimal(0)

    @staticmethod
    def rounded(value: Decimal) -> Decimal:
        return value.quantize(CENT, rounding=ROUND_HALF_UP)

    def unit_totals(self, year: int, month: tuple[int, int] | None = None) -> dict[str, Decimal]:
        totals = defaultdict(Decimal)
        for key, points in self.points.items():
            if self.year[key] == year and (month is None or (key[2].year, key[2].month) == month):
                totals[PIECES[key[0]][1]] += points
        return {unit: self.rounded(total) for unit, total in totals.items()}

    def person_totals(self, year: int) -> dict[str, Decimal]:
        totals = defaultdict(Decimal)
        for key, points in self.points.items():
            if self.year[key] == year:
                for person, share in PIECES[key[0]][2]:
                    totals[person] += points * share
        return {person: self.rounded(total) for person, total in totals.items()}

    def placement_points(self, key) -> Decimal:
        return self.rounded(self.points[key])


@pytest.fixture
def city(db, editor, monkeypatch):
    from django.utils import timezone

    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: TODAY if value is None
                        else real(value, timezone))
    units = {"A": UnitFactory(name="枝江市人大常委会"), "B": UnitFactory(name="宜都市人大常委会")}
    people = {"a1": CorrespondentFactory(name="张晓明", unit=units["A"],
                                         user=UserFactory(username="one-number", role="通讯员")),
              "a2": CorrespondentFactory(name="李建国", unit=units["A"]),
              "b1": CorrespondentFactory(name="王丽华", unit=units["B"])}
    outlets = {key: Outlet.objects.create(name=f"媒体{key}", level=level, medium=medium,
                                          owner=root_office() if internal else None)
               for key, (level, medium, internal) in OUTLETS.items()}
    pieces = {key: ContributionFactory(title=f"稿件{key}", genre=genre, credited_unit=units[unit], state="published",
                                       authors=[people[name] for name, _ in authors])
              for key, (genre, unit, authors) in PIECES.items()}
    for key, (_, _, authors) in PIECES.items():  # the drawn shares, not the default split
        for name, share in authors:
            pieces[key].authorships.filter(correspondent=people[name]).update(share=share)
    desk, portal = Client(), Client()
    desk.force_login(editor)
    portal.force_login(people["a1"].user)
    return {"units": units, "people": people, "outlets": outlets, "pieces": pieces, "desk": desk, "portal": portal}


def set_up_office(first_month: int, rules: dict) -> None:
    AppraisalYear.objects.all().delete()
    for year, year_rules in rules.items():
        start, end = period(year, first_month)
        row = AppraisalYear.objects.create(year=year, period_start=start, period_end=end, office=root_office())
        ScoringRules.objects.create(
            appraisal_year=row, national_points=year_rules["national"], provincial_points=year_rules["provincial"],
            municipal_points=year_rules["municipal"], county_points=year_rules["county"],
            internal_points=year_rules["internal"], headline_factor=year_rules["headline"],
            brief_factor=year_rules["brief"], theory_factor=year_rules["theory"],
            website_factor=year_rules["website"], counting_mode=year_rules["mode"])


def twice(client, url, **params):
    """A page read cold, then warm from the cache: both times the same response context."""
    first = client.get(url, params)
    second = client.get(url, params)
    assert first.status_code == second.status_code == 200, url
    return first, second


def sheet_rows(response, name):
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book[name] if name else book.active
    headers = [cell.value for cell in sheet[1]]
    return [dict(zip(headers, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(office=offices())
def test_every_surface_gives_each_placement_and_each_total_the_same_number(city, office):
    first_month, rules, drawn = office
    set_up_office(first_month, rules)
    Placement.objects.all().delete()
    ids, by_pk = {}, {}
    for key in drawn:  # in the drawn order: the order they were logged
        piece, outlet, day, prominence = key
        placement = Placement.objects.create(contribution=city["pieces"][piece], outlet=city["outlets"][outlet],
                                             published_on=day, prominence=prominence)
        ids[key], by_pk[placement.pk] = placement.pk, key
    oracle = Oracle(first_month, rules, drawn, ids)
    unit_name = {unit.name: key for key, unit in city["units"].items()}
    person_name = {person.name: key for key, person in city["people"].items()}
    desk, portal = city["desk"], city["portal"]

    def expected_units(year, month=None):
        totals = oracle.unit_totals(year, month)
        return {key: totals.get(key, Decimal("0.00")) for key in city["units"]}

    def expected_people(year):
        totals = oracle.person_totals(year)
        return {key: totals.get(key, Decimal("0.00")) for key in city["people"]}

    # Each placement: the desk's list and its export, the portal's piece page.
    for response in twice(desk, reverse("desk:placement-list")):
        assert {by_pk[row.pk]: row.points for row in response.context["rows"]} == \
            {key: oracle.placement_points(key) for key in drawn}
    exported = sheet_rows(desk.get(reverse("desk:placement-export")), None)
    assert {(row["标题"], row["媒体"], row["刊发日期"].date()): money(row["积分"]) for row in exported} == \
        {(f"稿件{p}", f"媒体{o}", d): oracle.placement_points((p, o, d, r)) for p, o, d, r in drawn}
    for piece in ("p0", "p1", "p3"):  # a1 wrote these
        for response in twice(portal, reverse("portal:contribution-detail", args=[city["pieces"][piece].pk])):
            assert {by_pk[p.pk]: p.points for p in response.context["placements"]} == \
                {key: oracle.placement_points(key) for key in drawn if key[0] == piece}

    for year in sorted(set(oracle.year.values())):
        units, people = expected_units(year), expected_people(year)
        # The cached tallies themselves.
        tallies = cached_numbers.tallies(year)
        assert {unit_name[r.name]: r.points for r in tallies.units if r.name in unit_name} == units
        assert {person_name[r.name]: r.points for r in tallies.people} == people
        # Statistics and the year page.
        for response in twice(desk, reverse("desk:statistics"), year=year):
            rows = response.context["numbers"]["units"]
            assert {unit_name[r.name]: r.points for r in rows if r.name in unit_name} == units
        for response in twice(desk, reverse("desk:year-detail", args=[year])):
            context = response.context
            assert {unit_name[r.name]: r.points for r in context["numbers"].tallies.units} == units
            assert {person_name[r.name]: r.points for r in context["people_page"]["rows"]} == people
        # The unit page: the unit's total and each of its placements of the year.
        for key, unit in city["units"].items():
            for response in twice(desk, reverse("desk:unit-detail", args=[unit.pk]), year=year):
                assert response.context["row"].points == units[key]
                assert {by_pk[p.pk]: p.points for p in response.context["page"].rows} == \
                    {k: oracle.placement_points(k) for k in drawn if oracle.year[k] == year and PIECES[k[0]][1] == key}
        # The portal's year page: a1's total and a1's placements of the year.
        for response in twice(portal, reverse("portal:home"), year=year):
            assert response.context["year"] == year
            assert response.context["me"].points == people["a1"]
            assert {by_pk[p.pk]: p.points for p in response.context["page"].rows} == \
                {k: oracle.placement_points(k) for k in drawn if oracle.year[k] == year
                 and any(name == "a1" for name, _ in PIECES[k[0]][2])}
        # Every sheet of the workbook.
        export = desk.get(reverse("desk:year-export", args=[year]))
        book = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
        sheet = {name: [dict(zip([c.value for c in book[name][1]], row))
                        for row in book[name].iter_rows(min_row=2, values_only=True)] for name in book.sheetnames}
        assert {unit_name[r["单位"]]: money(r["积分"]) for r in sheet["单位汇总"] if r["单位"] in unit_name} == units
        (unit_foot,) = [r for r in sheet["单位汇总"] if r["单位"] == "合计"]
        assert money(unit_foot["积分"]) == oracle.rounded(sum(p for k, p in oracle.points.items()
                                                            if oracle.year[k] == year))
        assert {person_name[r["姓名"]]: money(r["积分"]) for r in sheet["个人汇总"] if r["姓名"] in person_name} == people
        county = {r["单位"].removesuffix("（含所属乡镇）"): money(r["积分"]) for r in sheet["县市区汇总（含乡镇）"]}
        assert {unit_name[name]: points for name, points in county.items() if name in unit_name} == units
        assert sorted((r["标题"], r["媒体"], r["刊发日期"].date(), money(r["积分"])) for r in sheet["用稿明细"]) == \
            sorted((f"稿件{p}", f"媒体{o}", d, oracle.placement_points((p, o, d, r)))
                   for p, o, d, r in drawn if oracle.year[(p, o, d, r)] == year)
    # The bulletin of every month with a placement: units' month totals (不累计 decided over the
    # appraisal year), and each national or provincial placement.
    for month in sorted({(key[2].year, key[2].month) for key in drawn}):
        year = oracle.year[next(key for key in drawn if (key[2].year, key[2].month) == month)]
        for response in twice(desk, reverse("desk:bulletin"), month=f"{month[0]}-{month[1]:02d}"):
            context = response.context
            assert {unit_name[r.name]: r.points for r in context["all_units"] if r.name in unit_name} == \
                expected_units(year, month)
            assert sorted((d.title, d.outlet, d.published_on, d.points) for d in context["notable"]) == \
                sorted((f"稿件{p}", f"媒体{o}", d, oracle.placement_points((p, o, d, r))) for p, o, d, r in drawn
                       if (d.year, d.month) == month and OUTLETS[o][0] in (Level.NATIONAL, Level.PROVINCIAL)
                       and not OUTLETS[o][2])
    assert Unit.objects.count() == 2  # nothing else crept into the comparison
