"""新闻单位联络: columns under a 专栏 with their cycle; an agreement's delivery counted month by month
(week, quarter) from the placements in its column and the column's own 栏目, the short periods named;
the desk's page of an outlet with its contacts, agreements, meetings and the year's placements."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contributions.models import State
from correspondents.network import root_office
from liaison.delivery import cut, deliveries_of
from liaison.models import Agreement, Contact, Meeting
from outlets.models import Column, Cycle, Outlet
from planning.models import Topic, TopicKind
from tests.conftest import page_text
from tests.factories import ContributionFactory, OutletFactory, PlacementFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def paper():
    """《宜昌日报》“民主与法制”专栏 (monthly) with its 栏目 人大论坛 and 代表风采."""
    outlet = OutletFactory(name="《宜昌日报》", level=Outlet.Level.MUNICIPAL)
    column = Column.objects.create(outlet=outlet, name="民主与法制", cycle=Cycle.MONTHLY)
    forum = Column.objects.create(outlet=outlet, name="人大论坛", parent=column)
    faces = Column.objects.create(outlet=outlet, name="代表风采", parent=column)
    return {"outlet": outlet, "column": column, "forum": forum, "faces": faces}


def ran(paper, column, *days):
    for day in days:
        PlacementFactory(contribution=ContributionFactory(state=State.PUBLISHED), outlet=paper["outlet"],
                         column=column, published_on=day)


@pytest.fixture
def agreement(paper):
    # Nine months run (some in the 专栏 itself, some in its 栏目, May twice); March, July, October missed.
    ran(paper, paper["column"], D(2026, 1, 8), D(2026, 2, 12), D(2026, 5, 7), D(2026, 5, 21))
    ran(paper, paper["forum"], D(2026, 4, 9), D(2026, 6, 11), D(2026, 9, 10), D(2026, 12, 3))
    ran(paper, paper["faces"], D(2026, 8, 13), D(2026, 11, 12))
    ran(paper, Column.objects.create(outlet=paper["outlet"], name="要闻"), D(2026, 3, 5))  # not this column
    ran(paper, paper["column"], D(2025, 12, 31))  # before the agreement
    return Agreement.objects.create(office=root_office(), outlet=paper["outlet"], column=paper["column"],
                                    kind=Agreement.Kind.COLUMN, cycle=Cycle.MONTHLY, starts_on=D(2026, 1, 1),
                                    ends_on=D(2026, 12, 31))


def test_a_monthly_agreement_counts_twelve_expected_nine_run_and_names_the_missed_months(agreement):
    [delivery] = deliveries_of([agreement], today=D(2027, 1, 5))
    assert (delivery.expected, delivery.ran) == (12, 9)
    assert [period.label for period in delivery.missed] == ["2026年3月", "2026年7月", "2026年10月"]
    assert [period.ran for period in delivery.periods][4] == 2  # May ran twice, counts once toward 12


def test_a_month_still_running_is_not_yet_missed(agreement):
    [delivery] = deliveries_of([agreement], today=D(2026, 10, 20))
    assert (delivery.expected, delivery.ran, delivery.expected_in_all) == (9, 7, 12)
    assert [period.label for period in delivery.missed] == ["2026年3月", "2026年7月"]


def test_weeks_and_quarters_are_cut_on_their_boundaries_and_clipped_to_the_period():
    weeks = cut(Cycle.WEEKLY, D(2026, 3, 4), D(2026, 3, 20))
    assert [(start.day, end.day) for start, end, _ in weeks] == [(4, 8), (9, 15), (16, 20)]
    assert weeks[0][2] == "2026年第10周"
    quarters = cut(Cycle.QUARTERLY, D(2026, 2, 1), D(2026, 12, 31))
    assert [label for _, _, label in quarters] == ["2026年第1季度", "2026年第2季度", "2026年第3季度", "2026年第4季度"]
    assert quarters[0][:2] == (D(2026, 2, 1), D(2026, 3, 31))


def test_columns_hold_one_level_of_columns_of_the_same_outlet(paper):
    with pytest.raises(ValidationError, match="只分两级"):
        Column(outlet=paper["outlet"], name="知识卡", parent=paper["forum"]).full_clean()
    with pytest.raises(ValidationError, match="同一媒体"):
        Column(outlet=OutletFactory(), name="知识卡", parent=paper["column"]).full_clean()
    with pytest.raises(ValidationError, match="栏目须属于所选媒体"):
        Agreement(office=root_office(), outlet=OutletFactory(), column=paper["column"], kind=Agreement.Kind.COLUMN,
                  cycle=Cycle.MONTHLY, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31)).full_clean()


def test_the_desk_page_of_an_outlet(desk, paper, agreement):
    Contact.objects.create(office=root_office(), outlet=paper["outlet"], name="刘记者", role=Contact.Role.REPORTER,
                           phone="13900000011", beat="人大、政协")
    topic = Topic.objects.create(office=root_office(), title="物业管理条例宣传", kind=TopicKind.LEGISLATION,
                                 starts_on=D(2026, 3, 1), ends_on=D(2026, 6, 30))
    meeting = Meeting.objects.create(office=root_office(), held_on=D(2026, 2, 20), kind=Meeting.Kind.BRIEFING,
                                     title="一季度宣传情况通报会")
    meeting.outlets.add(paper["outlet"])
    meeting.topics.add(topic)
    url = reverse("desk:outlet-detail", args=[paper["outlet"].pk]) + "?year=2026"
    text = page_text(desk.get(url))
    assert "刘记者（记者）" in text and "分管：人大、政协" in text
    assert "“民主与法制”专栏，每月 1 次" in text
    assert "2026年3月（0/1）" in text
    assert "情况通报会：一季度宣传情况通报会" in text and "物业管理条例宣传" in text
    assert "民主与法制（每月）：人大论坛、代表风采" in text
    assert "共 11 次" in text  # the year's placements in the outlet, every column
    assert paper["outlet"].name in page_text(desk.get(reverse("desk:outlet-list")))
    with CaptureQueriesContext(connection) as one:
        desk.get(url)
    for _ in range(3):
        Agreement.objects.create(office=root_office(), outlet=paper["outlet"], column=paper["forum"],
                                 kind=Agreement.Kind.COLUMN, cycle=Cycle.WEEKLY, starts_on=D(2026, 1, 1),
                                 ends_on=D(2026, 6, 30))
    with CaptureQueriesContext(connection) as four:
        text = page_text(desk.get(url))
    assert text.count("“人大论坛”专栏，每周 1 次") == 3
    assert len(four) == len(one)  # one query for the delivery of every agreement
