"""The desk where users lost work, made a wrong record or could not find what they needed:
correcting placements, one-step review, what waits, every piece, a unit's year, the order of units."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contributions.models import Contribution, Placement, PlacementClaim, State, Transition
from correspondents.models import Unit
from correspondents.selectors import units_in_administrative_order
from tests.factories import (
    ContributionFactory,
    OutletFactory,
    PlacementFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def test_an_editor_corrects_a_placement_on_the_desk_with_history(desk, editor):
    placement = PlacementFactory(page="第2版", prominence="regular")
    piece = placement.contribution
    page = desk.get(reverse("desk:contribution-detail", args=[piece.pk])).content.decode()
    assert reverse("desk:placement-edit", args=[placement.pk]) in page
    form = desk.get(reverse("desk:placement-edit", args=[placement.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "clipping"}
    data.update(page="第1版", prominence="front")
    response = desk.post(reverse("desk:placement-edit", args=[placement.pk]), data, follow=True)
    assert "已修改" in response.content.decode()
    placement.refresh_from_db()
    assert (placement.page, placement.prominence) == ("第1版", "front")
    latest = placement.history.latest()
    assert latest.history_user == editor and latest.prominence == "front"


def test_deleting_the_last_placement_asks_first_and_returns_the_piece_to_accepted(desk):
    placement = PlacementFactory()
    piece = placement.contribution
    Contribution.objects.filter(pk=piece.pk).update(state=State.PUBLISHED)
    asked = desk.get(reverse("desk:placement-delete", args=[placement.pk])).content.decode()
    assert "删除用稿记录？" in asked and "删除后稿件恢复为“已录用”" in asked
    assert Placement.objects.filter(pk=placement.pk).exists()  # asking changes nothing
    response = desk.post(reverse("desk:placement-delete", args=[placement.pk]), follow=True)
    assert "稿件已恢复为“已录用”" in response.content.decode()
    assert not Placement.objects.exists() and Contribution.objects.get(pk=piece.pk).state == State.ACCEPTED


def test_correspondents_cannot_correct_placements(client, correspondent):
    placement = PlacementFactory()
    client.force_login(correspondent.user)
    assert client.get(reverse("desk:placement-edit", args=[placement.pk])).status_code == 403
    assert client.post(reverse("desk:placement-delete", args=[placement.pk])).status_code == 403
    assert Placement.objects.filter(pk=placement.pk).exists()


def test_an_editor_accepts_a_submitted_piece_in_one_step_with_one_note_box(desk, correspondent):
    piece = ContributionFactory(state=State.SUBMITTED, authors=[correspondent])
    page = desk.get(reverse("desk:contribution-detail", args=[piece.pk])).content.decode()
    assert page.count("<textarea") == 1
    assert {"开始审核", "退回修改", "录用", "不予采用"} <= set(re.findall(r'name="to_state" value="\w+"[^>]*>([^<]+)<', page))
    desk.post(reverse("desk:contribution-move", args=[piece.pk]),
              {"to_state": State.ACCEPTED, "seen_state": State.SUBMITTED, "note": ""})
    assert Contribution.objects.get(pk=piece.pk).state == State.ACCEPTED
    assert list(Transition.objects.filter(contribution=piece).values_list("to_state", flat=True)) == [
        State.IN_REVIEW, State.ACCEPTED]


def test_returning_without_a_note_is_refused_with_the_reason(desk, correspondent):
    piece = ContributionFactory(state=State.SUBMITTED, authors=[correspondent])
    response = desk.post(reverse("desk:contribution-move", args=[piece.pk]),
                         {"to_state": State.RETURNED, "seen_state": State.SUBMITTED, "note": ""}, follow=True)
    assert "“退回修改”必须填写意见" in response.content.decode()
    assert Contribution.objects.get(pk=piece.pk).state == State.SUBMITTED


def test_the_admin_says_what_to_do_instead_of_an_impossible_move(admin_client_persona, correspondent):
    draft = ContributionFactory(state=State.DRAFT, authors=[correspondent])
    response = admin_client_persona.post(reverse("admin:contributions_contribution_changelist"),
                                         {"action": "accept", "_selected_action": [draft.pk]}, follow=True)
    assert "不能直接改为“已录用”。请先由作者或编辑“报送”" in response.content.decode()
    assert Contribution.objects.get(pk=draft.pk).state == State.DRAFT


def test_the_navigation_counts_what_waits(desk, correspondent):
    ContributionFactory.create_batch(3, state=State.SUBMITTED)
    ContributionFactory(state=State.IN_REVIEW)
    ContributionFactory(state=State.ACCEPTED)
    piece = ContributionFactory(state=State.ACCEPTED, authors=[correspondent])
    PlacementClaim.objects.create(contribution=piece, claimed_by=correspondent, outlet=OutletFactory(),
                                  published_on=timezone.localdate())
    page = desk.get(reverse("desk:statistics")).content.decode()
    assert re.search(r'审核队列 <span class="count"[^>]*>4</span>', page)
    assert re.search(r'刊发申报 <span class="count"[^>]*>1</span>', page)


def test_every_piece_can_be_found_and_accepted_pieces_wait_to_be_placed(desk, correspondent):
    unit = correspondent.unit
    ContributionFactory(title="已录用待刊的稿", state=State.ACCEPTED, authors=[correspondent], credited_unit=unit)
    ContributionFactory(title="一篇草稿", state=State.DRAFT, authors=[correspondent], credited_unit=unit)
    placed = PlacementFactory(contribution=ContributionFactory(title="已经见报的稿", state=State.PUBLISHED))
    assert placed
    url = reverse("desk:contribution-list")
    to_place = desk.get(url, {"state": "accepted"}).content.decode()
    assert "已录用待刊的稿" in to_place and "已经见报的稿" not in to_place and "登记用稿" in to_place
    by_author = desk.get(url, {"author": correspondent.name}).content.decode()
    assert "一篇草稿" in by_author and "已经见报的稿" not in by_author
    today = timezone.localdate()
    by_date = desk.get(url, {"created_after": (today + datetime.timedelta(days=1)).isoformat()}).content.decode()
    assert "一篇草稿" not in by_date and 'type="date"' in by_date


def test_a_units_name_opens_its_year_by_month_level_and_outlet(desk):
    unit = UnitFactory(name="宜都市人大常委会")
    daily = OutletFactory(name="《三峡日报》", level="municipal")
    for day, outlet in [(datetime.date(2025, 3, 5), daily), (datetime.date(2025, 3, 9), daily),
                        (datetime.date(2025, 7, 1), OutletFactory(name="中国人大网", level="national"))]:
        PlacementFactory(contribution=ContributionFactory(state=State.PUBLISHED, credited_unit=unit),
                         outlet=outlet, published_on=day)
    statistics = desk.get(reverse("desk:statistics"), {"year": 2025}).content.decode()
    link = reverse("desk:unit-detail", args=[unit.pk]) + "?year=2025"
    assert link in statistics
    response = desk.get(link)
    months = {row.month: row for row in response.context["months"]}
    assert (months[3].municipal, months[7].national, months[5].total) == (2, 1, 0)
    assert [(o["outlet__name"], o["count"]) for o in response.context["outlets"]] == [("《三峡日报》", 2), ("中国人大网", 1)]
    assert len(response.context["page"].rows) == 3 and all(p.points is not None for p in response.context["page"].rows)


def test_unit_dropdowns_follow_the_administrative_order():
    yidu = UnitFactory(name="宜都市人大常委会", kind=Unit.Kind.COUNTY_CONGRESS, sort_order=2)
    zhijiang = UnitFactory(name="枝江市人大常委会", kind=Unit.Kind.COUNTY_CONGRESS, sort_order=1)
    UnitFactory(name="研究室", kind=Unit.Kind.OFFICE_DEPARTMENT)
    UnitFactory(name="三峡日报社", kind=Unit.Kind.NEWS_ORGANISATION)
    UnitFactory(name="马家店街道人大工委", kind=Unit.Kind.TOWNSHIP_CONGRESS, parent=zhijiang)
    UnitFactory(name="陆城街道人大工委", kind=Unit.Kind.TOWNSHIP_CONGRESS, parent=yidu)
    assert [label.strip("\u3000") for _, label in units_in_administrative_order()] == [
        "枝江市人大常委会", "马家店街道人大工委", "宜都市人大常委会", "陆城街道人大工委", "研究室", "三峡日报社"]


def test_the_review_queue_lists_units_in_that_order(desk):
    UnitFactory(name="乙县人大常委会", kind=Unit.Kind.COUNTY_CONGRESS, sort_order=2)
    UnitFactory(name="甲县人大常委会", kind=Unit.Kind.COUNTY_CONGRESS, sort_order=1)
    page = desk.get(reverse("desk:review-queue")).content.decode()
    assert page.index("甲县人大常委会") < page.index("乙县人大常委会")


def test_every_desk_page_has_its_own_title(desk):
    titles = set()
    for name in ["desk:review-queue", "desk:contribution-list", "desk:placement-list", "desk:placement-log",
                 "desk:placement-import", "desk:claims", "desk:statistics", "desk:bulletin", "desk:issue-list"]:
        page = desk.get(reverse(name)).content.decode()
        titles.add(re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip())
    assert len(titles) == 9 and all(title.endswith("人大宣传工作管理系统") for title in titles)
    assert 'rel="icon"' in page
    assert desk.get("/favicon.ico").status_code == 301


def test_notification_emails_link_to_the_piece(desk, correspondent, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://xc.example.gov.cn"
    correspondent.email = "zhang@example.org"
    correspondent.save()
    piece = ContributionFactory(state=State.IN_REVIEW, authors=[correspondent])
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(reverse("desk:contribution-move", args=[piece.pk]),
                  {"to_state": State.ACCEPTED, "seen_state": State.IN_REVIEW})
    (message,) = mail.outbox
    assert f"https://xc.example.gov.cn/portal/contributions/{piece.pk}/" in message.body


def test_claims_carry_their_position_to_the_placement(desk, correspondent):
    piece = ContributionFactory(state=State.ACCEPTED, authors=[correspondent])
    claim = PlacementClaim.objects.create(contribution=piece, claimed_by=correspondent, outlet=OutletFactory(),
                                          published_on=timezone.localdate(), page="第1版", prominence="headline")
    assert "头版头条" in desk.get(reverse("desk:claims")).content.decode()
    desk.post(reverse("desk:claim-decide", args=[claim.pk]), {"decision": "verify"})
    assert Placement.objects.get(contribution=piece).prominence == "headline"


def test_award_picks_return_to_the_same_form(desk):
    unit = UnitFactory(name="枝江市人大常委会")
    PlacementFactory(contribution=ContributionFactory(state=State.PUBLISHED, credited_unit=unit),
                     published_on=datetime.date(2025, 4, 1))
    url = reverse("desk:award-add", args=[2025])
    first = desk.post(url, {"category": "advanced_unit", "candidate": unit.pk})
    assert first["Location"].endswith("#pick-advanced_unit")
    again = desk.post(url, {"category": "advanced_unit", "candidate": unit.pk}, follow=True)
    assert "该单位已获得本年度先进单位" in again.content.decode()
