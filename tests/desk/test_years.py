import datetime
import io
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse

from awards.models import AppraisalYear, Award
from tests.awards import worked_example
from tests.conftest import queries_pinned_at
from tests.factories import ContributionFactory, CorrespondentFactory, PlacementFactory, UnitFactory

pytestmark = pytest.mark.django_db

YEAR_URLS = [
    ("desk:year-detail", "get"),
    ("desk:year-export", "get"),
    ("desk:year-close", "get"),
    ("desk:award-add", "post"),
]


@pytest.mark.parametrize(("name", "method"), YEAR_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, name, method):
    response = getattr(client, method)(reverse(name, args=[2025]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(("name", "method"), YEAR_URLS)
def test_correspondents_get_403(client, correspondent, name, method):
    client.force_login(correspondent.user)
    assert getattr(client, method)(reverse(name, args=[2025])).status_code == 403


def test_the_year_page_shows_both_rankings_to_an_editor(client, editor):
    worked_example.build()
    client.force_login(editor)
    response = client.get(reverse("desk:year-detail", args=[2025]))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ["单位汇总", "个人汇总", "枝江市人大常委会", "36.00", "31.96", "150.0%", "评定奖项"]:
        assert text in page
    assert "结束年度评选" not in page  # only administrators close a year


def test_the_year_page_runs_a_pinned_number_of_queries(client, editor):

    def add(count, start):
        unit = UnitFactory()
        author = CorrespondentFactory(unit=unit)
        for i in range(count):
            piece = ContributionFactory(credited_unit=unit, authors=[author], state="published")
            PlacementFactory(contribution=piece, published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=(start + i) % 365))

    client.force_login(editor)
    url = reverse("desk:year-detail", args=[2025])
    add(10, 0)
    # (+1: the paper candidates also read the research plan's results; +1: the navigation's overdue count;
    # +1: the appraisal calendar, on a cold cache; +3 since offices: the editor's office and the
    # offices' tree on a cold cache, units and offices; +1: the office's own cache key; +1: the year's
    # 新闻奖参评, read as they are, not kept with the numbers)
    with queries_pinned_at(25, url):
        assert client.get(url).status_code == 200
    add(300, 10)
    with queries_pinned_at(25, url):
        assert client.get(url).status_code == 200
    # Nothing written since: every part of the page comes from the cache (session, user, groups,
    # the year's row, the data version and what waits for the navigation are all that is read; and,
    # since offices, the editor's office and the office's own cache key; and the 新闻奖参评).
    with queries_pinned_at(9, url + " (warm)"):
        assert client.get(url).status_code == 200


def test_an_editor_downloads_the_workbook_with_its_chinese_name(client, editor):
    worked_example.build()
    client.force_login(editor)
    response = client.get(reverse("desk:year-export", args=[2025]))
    assert response.status_code == 200
    assert "人大宣传年度统计-2025.xlsx" in unquote(response["Content-Disposition"])
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["单位汇总", "个人汇总", "获奖名单", "用稿明细", "县市区汇总（含乡镇）", "约稿完成情况",
                               "奖励发放表"]


def test_an_editor_picks_winners_from_the_rankings(client, editor):
    data = worked_example.build()
    client.force_login(editor)
    url = reverse("desk:award-add", args=[2025])
    client.post(url, {"category": "advanced_unit", "candidate": data["units"]["A"].pk, "citation": "用稿最多"})
    client.post(url, {"category": "excellent_correspondent", "candidate": data["people"]["a1"].pk})
    client.post(url, {"category": "excellent_paper", "candidate": data["pieces"]["X2"].pk, "grade": "first"})
    response = client.post(url, {"category": "excellent_paper", "candidate": data["pieces"]["X1"].pk, "grade": "second"},
                           follow=True)
    assert "理论文章或调研报告" in response.content.decode()
    awards = Award.objects.filter(appraisal_year__year=2025)
    assert sorted(awards.values_list("category", flat=True)) == ["advanced_unit", "excellent_correspondent", "excellent_paper"]
    page = client.get(reverse("desk:year-detail", args=[2025])).content.decode()
    assert "用稿最多" in page


def test_an_award_is_withdrawn_only_after_confirmation(client, editor):
    data = worked_example.build()
    client.force_login(editor)
    client.post(reverse("desk:award-add", args=[2025]), {"category": "advanced_unit", "candidate": data["units"]["B"].pk})
    award = Award.objects.get()
    url = reverse("desk:award-delete", args=[2025, award.pk])
    assert "确认撤销" in client.get(url).content.decode()
    assert Award.objects.exists()
    client.post(url)
    assert not Award.objects.exists()


def test_an_administrator_closes_and_reopens_the_year_after_confirming(client, administrator, editor):
    worked_example.build()
    client.force_login(administrator)
    close_url = reverse("desk:year-close", args=[2025])
    assert "确认结束" in client.get(close_url).content.decode()
    assert not AppraisalYear.objects.get(year=2025).is_closed
    response = client.post(close_url, follow=True)
    assert "统计已冻结" in response.content.decode()
    assert AppraisalYear.objects.get(year=2025).is_closed
    client.force_login(editor)
    assert client.post(reverse("desk:year-reopen", args=[2025])).status_code == 403
    client.force_login(administrator)
    client.post(reverse("desk:year-reopen", args=[2025]))
    assert not AppraisalYear.objects.get(year=2025).is_closed


def test_a_year_out_of_range_is_404(client, editor):
    client.force_login(editor)
    assert client.get(reverse("desk:year-detail", args=[1900])).status_code == 404


def test_the_admin_closes_a_year_through_the_service(admin_client_persona):
    worked_example.build()
    year = AppraisalYear.objects.get(year=2025)
    admin_client_persona.post(reverse("admin:awards_appraisalyear_changelist"),
                              {"action": "close_years", "_selected_action": [year.pk]})
    year.refresh_from_db()
    assert year.is_closed and year.snapshot["units"][0]["points"] == "36.00"


def test_the_admin_refuses_an_award_in_a_closed_year(admin_client_persona, administrator):
    from awards.services import appraisal_year_close

    data = worked_example.build()
    year = AppraisalYear.objects.get(year=2025)
    appraisal_year_close(appraisal_year=year, actor=administrator)
    response = admin_client_persona.post(reverse("admin:awards_award_add"), {
        "appraisal_year": year.pk, "category": "advanced_unit", "unit": data["units"]["A"].pk, "grade": "",
        "citation": "", "decided_on": "2026-01-10"})
    assert response.status_code == 200 and "评选已结束" in response.content.decode()
    assert not Award.objects.exists()


def test_the_admin_refuses_a_prize_for_a_piece_not_placed_that_year(admin_client_persona):
    data = worked_example.build()
    year = AppraisalYear.objects.get(year=2025)
    unplaced = ContributionFactory(title="没有刊发的稿件", credited_unit=data["units"]["A"], state="accepted")
    response = admin_client_persona.post(reverse("admin:awards_award_add"), {
        "appraisal_year": year.pk, "category": "good_news", "contribution": unplaced.pk, "grade": "first",
        "citation": "", "decided_on": "2026-01-10"})
    assert response.status_code == 200 and "没有刊发记录" in response.content.decode()
    assert not Award.objects.exists()


def test_the_admin_cannot_delete_or_move_a_closed_years_award(admin_client_persona, administrator):
    from awards.services import appraisal_year_close, appraisal_year_get_or_create

    data = worked_example.build()
    year = AppraisalYear.objects.get(year=2025)
    award = Award.objects.create(appraisal_year=year, category="advanced_unit", unit=data["units"]["A"])
    appraisal_year_close(appraisal_year=year, actor=administrator)
    other_year = appraisal_year_get_or_create(year=2024)
    admin_client_persona.post(reverse("admin:awards_award_delete", args=[award.pk]), {"post": "yes"})
    response = admin_client_persona.post(reverse("admin:awards_award_change", args=[award.pk]), {
        "appraisal_year": other_year.pk, "category": "advanced_unit", "unit": data["units"]["A"].pk, "grade": "",
        "citation": "", "decided_on": "2026-01-10"})
    assert "评选已结束" in response.content.decode()
    assert Award.objects.get(pk=award.pk).appraisal_year == year
