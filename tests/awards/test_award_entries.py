"""新闻奖参评: a piece entered for an outside competition, its category and result, on the desk's and the
portal's page of the piece and on the year page (of the office that entered it)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import NewsAwardEntry
from contributions.models import State
from correspondents.models import Office
from correspondents.network import root_office
from tests.conftest import page_text
from tests.factories import ContributionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entered(correspondent):
    piece = ContributionFactory(title="代表联络站里的民生账", state=State.PUBLISHED, authors=[correspondent],
                                credited_unit=correspondent.unit)
    entry = NewsAwardEntry.objects.create(office=root_office(), contribution=piece,
                                          competition=NewsAwardEntry.Competition.PROVINCIAL,
                                          competition_name="第十届湖北省人大新闻奖", year=2025, category="通讯",
                                          result=NewsAwardEntry.Result.SECOND)
    return entry


def test_the_piece_s_pages_show_its_entries(desk, client, correspondent, entered):
    text = page_text(desk.get(reverse("desk:contribution-detail", args=[entered.contribution_id])))
    assert "2025年 第十届湖北省人大新闻奖 · 通讯 · <strong>二等奖</strong>" in text
    client.force_login(correspondent.user)
    text = page_text(client.get(reverse("portal:contribution-detail", args=[entered.contribution_id])))
    assert "第十届湖北省人大新闻奖（通讯）：<strong>二等奖</strong>" in text


def test_the_year_page_lists_the_office_s_entries_of_that_year(desk, entered):
    county = Office.objects.create(name="某县人大常委会办公室", head_unit=UnitFactory())
    NewsAwardEntry.objects.create(office=county, contribution=ContributionFactory(title="县里报送的作品"),
                                  competition=NewsAwardEntry.Competition.CITY, year=2025, category="消息")
    NewsAwardEntry.objects.create(office=root_office(), contribution=ContributionFactory(title="前一年的作品"),
                                  competition=NewsAwardEntry.Competition.NATIONAL, year=2024, category="评论")
    text = page_text(desk.get(reverse("desk:year-detail", args=[2025])))
    assert "第十届湖北省人大新闻奖" in text and "代表联络站里的民生账" in text and "二等奖" in text
    assert "县里报送的作品" not in text and "前一年的作品" not in text


def test_an_entry_names_other_competitions_and_is_entered_once_per_year(entered):
    with pytest.raises(ValidationError, match="请填写奖项全称"):
        NewsAwardEntry(office=root_office(), contribution=entered.contribution, competition="other", year=2025,
                       category="消息").full_clean()
    with pytest.raises(ValidationError, match="已经报送过"):
        NewsAwardEntry(office=root_office(), contribution=entered.contribution, competition="provincial",
                       year=2025, category="消息").full_clean()
