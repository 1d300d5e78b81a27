"""The one rule for "which appraisal year holds a date" (awards/years.py), and every page that asks it.

An office that appraises from 1 December to 30 November calls 2025-12-01 … 2026-11-30 its 2026 year.
"""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from awards.models import AppraisalYear, ScoringRules
from awards.services import appraisal_year_close, appraisal_year_get_or_create, appraisal_year_save
from awards.statistics import monthly_counts
from awards.years import Calendar, resolve_year, this_year, year_calendar, year_of
from contributions.models import Placement
from outlets.models import Level
from tests.factories import ContributionFactory, CorrespondentFactory, OutletFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def today(monkeypatch):
    """Set the office's today (every caller asks django.utils.timezone.localdate)."""
    from django.utils import timezone

    real = timezone.localdate

    def set_to(day: datetime.date):
        monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: day if value is None
                            else real(value, timezone))
        return day

    return set_to


def december_to_november(*years: int) -> None:
    """Years set up as 1 December of the year before to 30 November."""
    for year in years:
        appraisal_year_get_or_create(year=year)
        AppraisalYear.objects.filter(year=year).update(period_start=D(year - 1, 12, 1), period_end=D(year, 11, 30))


# --- the rule ------------------------------------------------------------------------------------------

def test_without_any_year_set_up_a_year_is_the_calendar_year():
    calendar = Calendar()
    assert calendar.year_of(D(2026, 12, 5)) == 2026
    assert calendar.period(2025) == (D(2025, 1, 1), D(2025, 12, 31))


def test_a_date_belongs_to_the_year_whose_period_holds_it():
    calendar = Calendar(((2026, D(2025, 12, 1), D(2026, 11, 30)),))
    assert calendar.year_of(D(2025, 12, 15)) == 2026
    assert calendar.year_of(D(2025, 11, 30)) == 2025
    assert calendar.year_of(D(2026, 11, 30)) == 2026


def test_years_nobody_set_up_follow_their_neighbours_without_gap_or_overlap():
    calendar = Calendar(((2026, D(2025, 12, 1), D(2026, 11, 30)),))
    assert calendar.period(2027) == (D(2026, 12, 1), D(2027, 11, 30))
    assert calendar.period(2029) == (D(2028, 12, 1), D(2029, 11, 30))
    assert calendar.period(2025) == (D(2024, 12, 1), D(2025, 11, 30))
    assert calendar.year_of(D(2026, 12, 5)) == 2027
    # A change of calendar: 2024 by calendar year, 2026 from December; 2025 fills what lies between.
    changed = Calendar(((2024, D(2024, 1, 1), D(2024, 12, 31)), (2026, D(2025, 12, 1), D(2026, 11, 30))))
    assert changed.period(2025) == (D(2025, 1, 1), D(2025, 11, 30))
    assert changed.year_of(D(2025, 11, 30)) == 2025 and changed.year_of(D(2025, 12, 1)) == 2026


def test_a_july_to_june_year_is_named_by_the_year_it_ends_in():
    calendar = Calendar(((2026, D(2025, 7, 1), D(2026, 6, 30)),))
    assert calendar.year_of(D(2025, 6, 30)) == 2025
    assert calendar.year_of(D(2026, 7, 1)) == 2027
    assert calendar.period(2024) == (D(2023, 7, 1), D(2024, 6, 30))


def test_this_year_on_5_december_of_a_december_calendar_is_next_years_number(today):
    december_to_november(2026)
    today(D(2026, 12, 5))
    assert this_year() == 2027
    assert year_calendar().offered()[:2] == [2027, 2026]
    today(D(2026, 11, 30))
    assert this_year() == 2026


def test_a_year_set_up_later_keeps_the_period_the_calendar_gave_it():
    december_to_november(2026)
    assert appraisal_year_get_or_create(year=2027).period_start == D(2026, 12, 1)
    assert AppraisalYear.objects.get(year=2027).period_end == D(2027, 11, 30)
    assert year_of(D(2026, 12, 5)) == 2027


# --- setting periods up ---------------------------------------------------------------------------------

def test_periods_run_from_the_first_of_a_month_to_the_last_day_of_one():
    year = AppraisalYear(year=2026, period_start=D(2025, 12, 15), period_end=D(2026, 12, 14))
    with pytest.raises(ValidationError, match="须为某月1日"):
        year.clean()
    year.period_start, year.period_end = D(2025, 12, 1), D(2026, 11, 29)
    with pytest.raises(ValidationError, match="须为某月最后一天"):
        year.clean()
    year.period_start, year.period_end = D(2024, 1, 1), D(2024, 12, 31)
    with pytest.raises(ValidationError, match="应包含2026年的日子"):
        year.clean()


def test_changing_a_period_moves_the_open_neighbours_so_every_day_keeps_one_year(administrator):
    for number in (2025, 2026, 2027):
        appraisal_year_get_or_create(year=number)
    year = AppraisalYear.objects.get(year=2026)
    year.period_start, year.period_end = D(2025, 12, 1), D(2026, 11, 30)
    moved = appraisal_year_save(appraisal_year=year, actor=administrator)
    assert sorted(neighbour.year for neighbour in moved) == [2025, 2027]
    periods = dict((y, (s, e)) for y, s, e in AppraisalYear.objects.values_list("year", "period_start", "period_end"))
    assert periods == {2025: (D(2025, 1, 1), D(2025, 11, 30)), 2026: (D(2025, 12, 1), D(2026, 11, 30)),
                       2027: (D(2026, 12, 1), D(2027, 12, 31))}


def test_a_closed_neighbour_is_never_moved_and_a_closed_years_period_never_changes(administrator):
    appraisal_year_get_or_create(year=2025)
    appraisal_year_close(appraisal_year=AppraisalYear.objects.get(year=2025), actor=administrator)
    year = appraisal_year_get_or_create(year=2026)
    year.period_start = D(2025, 12, 1)
    with pytest.raises(ValidationError, match="2025年度评选已结束，其统计期间不能随之调整"):
        appraisal_year_save(appraisal_year=year, actor=administrator)
    closed = AppraisalYear.objects.get(year=2025)
    closed.period_end = D(2025, 11, 30)
    with pytest.raises(ValidationError, match="不能修改统计期间"):
        appraisal_year_save(appraisal_year=closed, actor=administrator)
    assert AppraisalYear.objects.get(year=2025).period_end == D(2025, 12, 31)


def test_the_admin_sets_a_december_year_and_says_which_neighbour_moved(admin_client_persona):
    appraisal_year_get_or_create(year=2025)
    response = admin_client_persona.post(reverse("admin:awards_appraisalyear_add"), {
        "year": 2026, "period_start": "2025-12-01", "period_end": "2026-11-30",
        "scoring_rules-TOTAL_FORMS": 0, "scoring_rules-INITIAL_FORMS": 0,
        "scoring_rules-MIN_NUM_FORMS": 0, "scoring_rules-MAX_NUM_FORMS": 1,
    }, follow=True)
    assert "2025年度的统计期间已随之调整为 2025-01-01 至 2025-11-30" in response.content.decode()
    assert AppraisalYear.objects.get(year=2025).period_end == D(2025, 11, 30)
    assert ScoringRules.objects.filter(appraisal_year__year=2026).exists()


# --- every surface reads the rule -----------------------------------------------------------------------

@pytest.fixture
def december_office(editor):
    """The issue's case: 2026 runs from 2025-12-01 with a national base of 17; 2025's is 10."""
    december_to_november(2025, 2026)
    ScoringRules.objects.filter(appraisal_year__year=2026).update(national_points=Decimal("17"))
    unit = UnitFactory(name="枝江市人大常委会")
    author = CorrespondentFactory(name="张晓明", unit=unit, user=UserFactory(username="zxm", role="通讯员"))
    piece = ContributionFactory(title="十二月的稿", credited_unit=unit, authors=[author], state="published")
    national = OutletFactory(name="中国人大网", level=Level.NATIONAL)
    placement = Placement.objects.create(contribution=piece, outlet=national, published_on=D(2025, 12, 15))
    return {"unit": unit, "author": author, "piece": piece, "placement": placement}


def test_a_december_placement_has_the_new_years_points_on_the_desk_list_and_its_export(client, editor,
                                                                                       december_office):
    client.force_login(editor)
    rows = client.get(reverse("desk:placement-list")).context["rows"]
    assert [(row.pk, row.points) for row in rows] == [(december_office["placement"].pk, Decimal("17.00"))]
    response = client.get(reverse("desk:placement-export"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headers = [cell.value for cell in sheet[1]]
    (row,) = sheet.iter_rows(min_row=2, values_only=True)
    assert row[headers.index("积分")] == 17


def test_the_year_filter_of_the_desk_and_the_admin_is_the_appraisal_year(client, editor, december_office,
                                                                         admin_client_persona):
    client.force_login(editor)
    assert len(client.get(reverse("desk:placement-list") + "?year=2026").context["rows"]) == 1
    assert len(client.get(reverse("desk:placement-list") + "?year=2025").context["rows"]) == 0
    changelist = admin_client_persona.get(reverse("admin:contributions_placement_changelist") + "?year=2026")
    assert changelist.context["cl"].result_count == 1
    assert admin_client_persona.get(reverse("admin:contributions_placement_changelist") + "?year=2025"
                                    ).context["cl"].result_count == 0


def test_the_unit_page_the_portal_and_the_year_page_agree(client, editor, december_office):
    client.force_login(editor)
    unit_page = client.get(reverse("desk:unit-detail", args=[december_office["unit"].pk]) + "?year=2026")
    assert unit_page.context["row"].points == Decimal("17.00")
    assert [p.points for p in unit_page.context["page"].rows] == [Decimal("17.00")]
    portal = Client()
    portal.force_login(december_office["author"].user)
    home = portal.get(reverse("portal:home") + "?year=2026")
    assert home.context["me"].points == Decimal("17.00")
    piece = portal.get(reverse("portal:contribution-detail", args=[december_office["piece"].pk]))
    assert "17.00" in piece.content.decode()
    year_page = client.get(reverse("desk:year-detail", args=[2026]))
    (unit_row,) = [row for row in year_page.context["numbers"].tallies.units if row.points]
    assert unit_row.points == Decimal("17.00")


def test_the_statistics_months_run_over_the_period_december_first(client, editor, december_office):
    assert [(row.year, row.month) for row in monthly_counts(resolve_year(2026))][:2] == [(2025, 12), (2026, 1)]
    client.force_login(editor)
    numbers = client.get(reverse("desk:statistics") + "?year=2026").context["numbers"]
    assert numbers["months"][0].month == 12 and numbers["months"][0].national == 1
    assert sum(row.total for row in numbers["months"]) == 1
    assert numbers["top_outlets"][0]["outlet__name"] == "中国人大网"


def test_the_bulletin_of_december_scores_with_the_year_that_holds_december(client, editor, december_office):
    client.force_login(editor)
    context = client.get(reverse("desk:bulletin") + "?month=2025-12").context
    assert [(row.name, row.points) for row in context["units"]] == [("枝江市人大常委会", Decimal("17.00"))]
    assert [detail.points for detail in context["notable"]] == [Decimal("17.00")]


def test_every_view_reads_year_with_the_same_range_as_the_dropdowns_offer(client, editor, correspondent, today):
    today(D(2026, 6, 1))
    client.force_login(editor)
    offered = year_calendar().offered()
    assert offered == list(range(2026, 2015, -1))
    portal = Client()
    portal.force_login(correspondent.user)
    for year, accepted in [(2016, True), (2015, False), (2027, False)]:
        for response in [client.get(reverse("desk:statistics"), {"year": year}),
                         client.get(reverse("desk:plan"), {"year": year}),
                         client.get(reverse("desk:unit-detail", args=[correspondent.unit_id]), {"year": year}),
                         portal.get(reverse("portal:home"), {"year": year})]:
            assert response.context["year"] == (year if accepted else 2026), response.request["PATH_INFO"]
            assert list(response.context["years"]) == offered
        status = client.get(reverse("desk:year-detail", args=[year])).status_code
        assert status == (200 if accepted else 404)


def test_the_import_warns_of_rows_in_another_appraisal_year(december_office, today):
    from contributions.placement_sheets import import_placements
    from tests.contributions.test_import_care import row, xlsx

    today(D(2026, 12, 5))
    CorrespondentFactory(name="王丽华", unit=december_office["unit"])
    OutletFactory(name="《三峡日报》")
    rows = [row("这个年度的稿", day=D(2026, 12, 2)), row("上个年度的稿", day=D(2026, 11, 30))]
    report = import_placements(name="f.xlsx", data=xlsx(rows), actor=None, dry_run=True)
    (warning,) = report.warnings()
    assert "不在本年度（2027 年度）：2026 年度 1 行（第 3 行）" in warning
