import datetime
from decimal import Decimal

import pytest

from awards.models import ScoringRules
from awards.selectors import placement_details, work_candidates
from awards.years import resolve_year
from contributions.models import Genre, Prominence
from outlets.models import Level
from tests.awards.tallied import people_rows, unit_rows
from tests.factories import ContributionFactory, CorrespondentFactory, OutletFactory, PlacementFactory, UnitFactory

from . import worked_example
from .worked_example import EXPECTED_PEOPLE, EXPECTED_UNITS

pytestmark = pytest.mark.django_db


def test_unit_tallies_match_the_worked_example():
    worked_example.build()
    rows = unit_rows(2025)
    assert [(r.name, r.national, r.provincial, r.municipal, r.county, r.internal, r.total, r.pieces, r.points, r.rank)
            for r in rows] == EXPECTED_UNITS


def test_correspondent_tallies_match_the_worked_example():
    worked_example.build()
    rows = people_rows(2025)
    got = [(r.name, r.unit, r.national, r.provincial, r.municipal, r.county, r.internal, r.total, r.pieces, r.points,
            r.target, r.completion, r.rank) for r in rows]
    assert got == EXPECTED_PEOPLE


def test_the_other_years_placements_count_in_their_own_year():
    worked_example.build()
    by_name = {r.name: r for r in unit_rows(2024)}
    assert (by_name["宜都市人大常委会"].national, by_name["宜都市人大常委会"].points) == (1, Decimal("20.00"))
    assert by_name["枝江市人大常委会"].total == 0
    assert {r.name: r.points for r in people_rows(2026)}["刘海燕"] == Decimal("2.00")


def test_a_year_without_an_appraisal_year_is_scored_with_the_defaults():
    worked_example.build()
    rows = {r.name: r.points for r in unit_rows(2024)}  # 2024 has no AppraisalYear row
    assert rows["宜都市人大常委会"] == Decimal("20.00")


def test_edited_rules_change_the_points_of_an_open_year():
    worked_example.build()
    ScoringRules.objects.filter(appraisal_year__year=2025).update(national_points=Decimal("20"))
    assert {r.name: r.points for r in unit_rows(2025)}["枝江市人大常委会"] == Decimal("56.00")


def test_shares_round_once_at_the_end_half_up():
    # One county brief theory piece: 1 × 0.5 × 1.5 = 0.75, shared 0.34 / 0.33 / 0.33
    # = 0.255 / 0.2475 / 0.2475, which round half up to 0.26 / 0.25 / 0.25.
    unit = UnitFactory()
    authors = [CorrespondentFactory(unit=unit, name=name) for name in ("甲", "乙", "丙")]
    piece = ContributionFactory(credited_unit=unit, authors=authors, genre=Genre.THEORY, state="published")
    PlacementFactory(contribution=piece, outlet=OutletFactory(level=Level.COUNTY), prominence=Prominence.BRIEF,
                     published_on=datetime.date(2025, 4, 4))
    points = {r.name: r.points for r in people_rows(2025)}
    assert (points["甲"], points["乙"], points["丙"]) == (Decimal("0.26"), Decimal("0.25"), Decimal("0.25"))


def test_equal_points_share_a_rank_and_are_ordered_by_national_then_provincial_then_name():
    national = OutletFactory(level=Level.NATIONAL)
    provincial = OutletFactory(level=Level.PROVINCIAL)
    municipal = OutletFactory(level=Level.MUNICIPAL)

    def unit_with(name, placements):
        unit = UnitFactory(name=name)
        for index, outlet in enumerate(placements):
            PlacementFactory(contribution=ContributionFactory(credited_unit=unit, state="published"), outlet=outlet,
                             published_on=datetime.date(2025, 5, 1 + index))
        return unit

    unit_with("甲单位", [national, national])                   # 20
    unit_with("乙单位", [municipal] * 5)                        # 10, no national, no provincial
    unit_with("丙单位", [provincial, provincial])               # 10, provincial 2
    unit_with("丁单位", [national])                             # 10, national 1
    unit_with("戊单位", [provincial, provincial])               # 10, same counts as 丙: by name
    unit_with("己单位", [provincial])                           # 5
    rows = unit_rows(2025)
    assert [(r.name, r.rank) for r in rows] == [
        ("甲单位", 1), ("丁单位", 2), *sorted([("丙单位", 2), ("戊单位", 2)]), ("乙单位", 2), ("己单位", 6),
    ]


def test_a_correspondent_without_placements_is_listed_with_zeros_and_a_blank_completion_without_quota():
    CorrespondentFactory(name="新来的", annual_quota=0)
    (row,) = people_rows(2025)
    assert (row.name, row.total, row.points, row.completion, row.rank) == ("新来的", 0, Decimal("0.00"), None, 1)


def test_inactive_people_and_units_appear_only_when_they_placed_something():
    worked_example.build()
    gone = CorrespondentFactory(name="已调离", active=False)
    assert "已调离" not in {r.name for r in people_rows(2025)}
    piece = ContributionFactory(authors=[gone], state="published")
    PlacementFactory(contribution=piece, published_on=datetime.date(2025, 3, 3))
    assert "已调离" in {r.name for r in people_rows(2025)}


def test_placement_details_list_the_years_placements_with_points():
    worked_example.build()
    details = list(placement_details(resolve_year(2025)))
    assert len(details) == 10
    assert details[0].published_on == datetime.date(2025, 1, 1)
    assert (details[0].title, details[0].level, details[0].prominence, details[0].points) == (
        "稿件X1", "国家级", "头版头条", Decimal("20.00"))
    x3 = [d for d in details if d.title == "稿件X3"]
    assert x3[0].authors == "刘海燕、王丽华、陈志强"
    assert sum(d.points for d in details) == Decimal("55.00")


def test_work_candidates_rank_pieces_and_papers_only_offers_theory_and_research():
    worked_example.build()
    news = work_candidates(resolve_year(2025))
    assert (news[0].title, news[0].points) == ("稿件X1", Decimal("22.00"))
    assert {c.title for c in work_candidates(resolve_year(2025), papers_only=True)} == {"稿件X2", "稿件X3"}


@pytest.mark.parametrize("selector", [unit_rows, people_rows])
def test_tally_queries_do_not_grow_with_the_placements(selector, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(count, start):
        unit = UnitFactory()
        author = CorrespondentFactory(unit=unit)
        for i in range(count):
            piece = ContributionFactory(credited_unit=unit, authors=[author], state="published")
            PlacementFactory(contribution=piece, published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=(start + i) % 365))

    add(10, 0)
    with CaptureQueriesContext(connection) as ten:
        selector(2025)
    add(990, 10)
    with django_assert_max_num_queries(len(ten)):
        rows = selector(2025)
    assert sum(r.total for r in rows) == 1000


def test_large_rules_do_not_overflow_the_database_integers():
    # 200 base points × prominence 9.99 × genre 9.99 × share 1.00 in hundredths is 1.996e11: past 32 bits.
    from awards.services import appraisal_year_get_or_create

    year = appraisal_year_get_or_create(year=2025)
    ScoringRules.objects.filter(appraisal_year=year).update(national_points=Decimal("200"), headline_factor=Decimal("9.99"),
                                                             theory_factor=Decimal("9.99"))
    author = CorrespondentFactory()
    piece = ContributionFactory(authors=[author], genre=Genre.THEORY, state="published")
    PlacementFactory(contribution=piece, outlet=OutletFactory(level=Level.NATIONAL), prominence=Prominence.HEADLINE,
                     published_on=datetime.date(2025, 7, 1))
    assert {r.id: r.points for r in people_rows(2025)}[author.pk] == Decimal("19960.02")
    assert {r.id: r.points for r in unit_rows(2025)}[piece.credited_unit_id] == Decimal("19960.02")
