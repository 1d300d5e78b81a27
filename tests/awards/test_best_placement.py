"""不累计: a piece scores once in an appraisal year, at its best placement of that year's period; equal
best placements go to the earliest, then to the first logged. Worked out by hand."""

import datetime
from decimal import Decimal

import pytest

from awards.models import CountingMode, ScoringRules
from awards.selectors import points_of_placements, unit_tallies
from awards.services import appraisal_year_get_or_create
from awards.years import resolve_year
from contributions.models import Placement
from outlets.models import Level
from tests.factories import ContributionFactory, OutletFactory, UnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def best_only():
    for year in (2024, 2025):
        appraisal_year_get_or_create(year=year)
    ScoringRules.objects.update(counting_mode=CountingMode.BEST)


def scored(*placements) -> list[Decimal]:
    points = points_of_placements(placements)
    return [points[placement.pk] for placement in placements]


def test_equal_best_placements_go_to_the_earliest(best_only):
    piece = ContributionFactory(state="published")
    later = Placement.objects.create(contribution=piece, outlet=OutletFactory(), published_on=D(2025, 3, 5))
    earlier = Placement.objects.create(contribution=piece, outlet=OutletFactory(), published_on=D(2025, 3, 1))
    assert scored(earlier, later) == [Decimal("2.00"), Decimal("0.00")]


def test_equal_best_placements_on_one_day_go_to_the_first_logged(best_only):
    piece = ContributionFactory(state="published")
    first = Placement.objects.create(contribution=piece, outlet=OutletFactory(), published_on=D(2025, 3, 1))
    second = Placement.objects.create(contribution=piece, outlet=OutletFactory(), published_on=D(2025, 3, 1))
    assert scored(first, second) == [Decimal("2.00"), Decimal("0.00")]


def test_the_best_placement_is_the_best_of_the_years_period_not_of_all_time(best_only):
    unit = UnitFactory()
    piece = ContributionFactory(state="published", credited_unit=unit)
    national = Placement.objects.create(contribution=piece, outlet=OutletFactory(level=Level.NATIONAL),
                                        published_on=D(2024, 12, 31))
    municipal = Placement.objects.create(contribution=piece, outlet=OutletFactory(), published_on=D(2025, 1, 5))
    # Each year scores the piece once: 10 in 2024 (national), 2 in 2025 (its best of 2025).
    assert scored(national, municipal) == [Decimal("10.00"), Decimal("2.00")]
    year = resolve_year(2025)
    (row,) = [row for row in unit_tallies(year.rules, year.start, year.end) if row.id == unit.pk]
    assert (row.points, row.total, row.pieces) == (Decimal("2.00"), 1, 1)


def test_targets_count_pieces_in_a_best_only_year_and_placements_in_a_cumulative_one(best_only, client, editor):
    unit = UnitFactory(annual_target=2)
    piece = ContributionFactory(state="published", credited_unit=unit)
    for day in (D(2025, 3, 1), D(2025, 3, 2), D(2025, 3, 3)):
        Placement.objects.create(contribution=piece, outlet=OutletFactory(), published_on=day)
    year = resolve_year(2025)
    (row,) = [row for row in unit_tallies(year.rules, year.start, year.end) if row.id == unit.pk]
    assert (row.total, row.pieces, row.completion_percent) == (3, 1, "50.0%")  # 1 piece of 2
    client.force_login(editor)
    assert "任务数（稿件篇数）" in client.get("/desk/years/2025/").content.decode()
    ScoringRules.objects.update(counting_mode=CountingMode.CUMULATIVE)
    year = resolve_year(2025)
    (row,) = [row for row in unit_tallies(year.rules, year.start, year.end) if row.id == unit.pk]
    assert row.completion_percent == "150.0%"  # 3 placements of 2
    assert "任务数（用稿次数）" in client.get("/desk/years/2025/").content.decode()
