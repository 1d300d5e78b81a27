import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from awards.statistics import (
    monthly_counts,
    same_day_last_year,
    team_weeks,
    top_outlets,
    year_to_date,
    year_to_date_counts,
)
from awards.years import resolve_year
from contributions.models import State
from correspondents.network import scope_of
from tests.factories import ContributionFactory, CorrespondentFactory, PlacementFactory, TeamFactory, UnitFactory

from . import worked_example

pytestmark = pytest.mark.django_db


def test_monthly_counts_by_level_match_the_worked_example():
    worked_example.build()
    months = {row.month: row for row in monthly_counts(resolve_year(2025))}
    # January: P1 national; February: P7 county, P8 municipal; June: P3 provincial.
    assert (months[1].national, months[1].total) == (1, 1)
    assert (months[2].county, months[2].municipal, months[2].total) == (1, 1, 2)
    assert (months[6].provincial, months[6].total) == (1, 1)
    assert months[11].total == 0
    assert sum(row.total for row in months.values()) == 10


def test_year_to_date_compares_with_last_year_to_the_same_date():
    today = datetime.date(2026, 3, 15)
    unit = UnitFactory(name="当阳市人大常委会")

    def placed(day):
        PlacementFactory(contribution=ContributionFactory(credited_unit=unit, state=State.PUBLISHED), published_on=day)

    for day in [datetime.date(2026, 1, 5), datetime.date(2026, 3, 15), datetime.date(2025, 3, 15),
                datetime.date(2025, 3, 16), datetime.date(2025, 2, 1), datetime.date(2024, 3, 1)]:
        placed(day)
    counts = year_to_date_counts(today, scope_of())
    rows, total = year_to_date(counts)
    assert counts.last_day == datetime.date(2025, 3, 15)
    row = next(r for r in rows if r.name == "当阳市人大常委会")
    assert (row.this_year, row.last_year, row.change) == (2, 2, 0)
    assert (total.this_year, total.last_year) == (2, 2)
    assert same_day_last_year(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)


def test_team_weeks_count_each_placement_once_per_team_by_iso_week():
    today = datetime.date(2026, 11, 26)  # a Thursday; this week began on Monday 23 November
    team = TeamFactory(name="第一宣传小组", weekly_target=2)
    a, b = CorrespondentFactory(team=team), CorrespondentFactory(team=team)
    both = ContributionFactory(authors=[a, b], state=State.PUBLISHED)
    PlacementFactory(contribution=both, published_on=datetime.date(2026, 11, 23))  # co-written: counts once
    PlacementFactory(contribution=ContributionFactory(authors=[a], state=State.PUBLISHED),
                     published_on=datetime.date(2026, 11, 22))  # Sunday: the week before
    PlacementFactory(contribution=ContributionFactory(authors=[b], state=State.PUBLISHED),
                     published_on=datetime.date(2026, 9, 27))  # nine weeks back: outside
    mondays, teams = team_weeks(today, scope_of())
    assert mondays[-1] == datetime.date(2026, 11, 23) and mondays[0] == datetime.date(2026, 9, 28)
    (row,) = teams
    assert (row.team, row.target) == ("第一宣传小组", 2)
    assert row.counts[-1] == 1 and row.counts[-2] == 1 and sum(row.counts) == 2


def test_top_outlets_are_ordered_by_placements():
    worked_example.build()
    rows = top_outlets(resolve_year(2025))
    assert (rows[0]["outlet__name"], rows[0]["count"]) == ("《三峡日报》", 3)


def test_the_statistics_page_shows_the_numbers_and_a_chart(client, editor):
    worked_example.build()
    client.force_login(editor)
    page = client.get(reverse("desk:statistics"), {"year": 2025}).content.decode()
    assert "<svg" in page and "1月：用稿 1 次" in page and "2月：用稿 2 次" in page
    assert "稿件 6 篇（用稿 10 次）" in page
    assert "枝江市人大常委会" in page and "36.00" in page


def test_the_monthly_bulletin_ranks_units_and_lists_national_and_provincial_pieces(client, editor):
    worked_example.build()
    client.force_login(editor)
    page = client.get(reverse("desk:bulletin"), {"month": "2025-02"}).content.decode()
    assert "2025年2月人大宣传用稿情况通报" in page
    assert "共刊发稿件 1 篇（用稿 2 次）" in page
    assert "宜都市人大常委会" in page and "本月没有国家级、省级用稿" in page
    page = client.get(reverse("desk:bulletin"), {"month": "2025-06"}).content.decode()
    assert "稿件X2" in page and "《湖北日报》" in page
    response = client.get(reverse("desk:bulletin-export"), {"month": "2025-06"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["各单位用稿", "国家级省级用稿"]
    units = list(book["各单位用稿"].iter_rows(min_row=2, values_only=True))
    assert units[0][:10] == (1, "枝江市人大常委会", 1, 0, 1, 0, 0, 0, 1, 11.25)
    assert [row[1] for row in book["国家级省级用稿"].iter_rows(min_row=2, values_only=True)] == ["稿件X2"]
