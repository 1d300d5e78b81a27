"""The demo's last year reproduces the documents' figures, read back the way the product reads them:
the year's tallies, the statistics page's flow, the journal's issues."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from awards.selectors import total_row, year_tallies
from awards.statistics import flow
from awards.years import resolve_year, this_year
from contributions.models import Contribution, Placement
from correspondents.models import Team
from correspondents.network import scope_of
from journal.models import IssueItem, JournalIssue
from liaison.delivery import deliveries_of
from liaison.models import Agreement

pytestmark = pytest.mark.django_db


def test_last_year_has_the_documents_figures():
    call_command("seed_demo", stdout=io.StringIO())
    year = resolve_year(this_year() - 1)
    period = (year.start, year.end)
    tallies = year_tallies(year)
    zhijiang = next(row for row in tallies.units if row.name == "枝江市人大常委会")
    assert (zhijiang.national, zhijiang.provincial, zhijiang.municipal) == (6, 47, 49)

    staff = Contribution.objects.filter(credited_unit__name="市人大常委会研究室", created_at__date__range=period)
    assert staff.count() >= 80
    assert staff.filter(placements__isnull=False).distinct().count() >= 50
    assert staff.filter(placements__outlet__level="national").distinct().count() == 15

    assert Placement.objects.filter(published_on__range=period, outlet__owner__isnull=True).count() == 620
    received = flow(year.start, year.end, total_row(tallies.units, 100), scope_of()).received
    assert received >= 1000
    journal = JournalIssue.objects.filter(outlet__name="《宜昌人大》", issue_date__range=period)
    assert IssueItem.objects.filter(issue__in=journal).count() == 483
    assert JournalIssue.objects.filter(outlet__name="《人大工作信息》", issue_date__range=period).count() == 13

    placed = [row.total for row in tallies.people if row.total]
    assert max(placed) >= 30 and min(placed) < 5
    busiest_day = (Placement.objects.filter(published_on__range=period, outlet__name="湖北人大网")
                   .values("published_on").annotate(n=Count("pk")).order_by("-n").first())
    assert busiest_day["n"] == 8
    assert Team.objects.filter(weekly_target__isnull=False).count() == 3
    [delivery] = deliveries_of(list(Agreement.objects.filter(starts_on=year.start)), today=year.end + datetime.timedelta(days=1))
    assert (delivery.expected, delivery.ran) == (12, 9)
    assert [period.label[5:] for period in delivery.missed] == ["3月", "7月", "10月"]
