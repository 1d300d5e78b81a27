"""报送上级 through the desk: a county sends its accepted piece up, the city sees it in its queue with
the county's review, takes it and logs a placement, or declines it with a reason; the author reads the
path on the portal; a piece travels up more than one level; nobody else decides."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from contributions.forwards import Forward
from contributions.models import Placement, State
from contributions.services.forwards import forward_send
from correspondents import roles
from correspondents.models import Office
from tests.factories import ContributionFactory, UserFactory

from .conftest import DAY, all_rows, text_of


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_county_sends_a_piece_up_and_the_city_takes_it_and_places_it(network):
    a, city = network["a"], network["city"]
    piece = a.pieces[State.ACCEPTED]
    county, town = as_user(a.editor), as_user(city.editor)
    page = text_of(county.get(reverse("desk:contribution-detail", args=[piece.pk])))
    assert "报送上级" in page and "报送说明" in page
    response = county.post(reverse("desk:contribution-send-up", args=[piece.pk]), {"note": "县里重点推荐"}, follow=True)
    assert "已把《甲县稿件（accepted）》报送人大常委会研究室（宣传处）" in text_of(response)
    forward = Forward.objects.get(contribution=piece)
    assert (forward.from_office, forward.to_office, forward.state, forward.sent_by) == (
        a.office, city.office, Forward.ForwardState.SENT, a.editor)

    queue = text_of(town.get(reverse("desk:review-queue")))
    assert "下级报送来的稿件（2 篇待处理）" in queue  # 乙县's and 甲县's
    assert "甲县稿件（accepted）" in queue and "县里重点推荐" in queue and "甲县人大常委会办公室" in queue
    detail = text_of(town.get(reverse("desk:contribution-detail", args=[piece.pk])))
    assert "由甲县人大常委会办公室审核" in detail and "采用" in detail and "不采用时请写明原因" in detail

    town.post(reverse("desk:forward-decide", args=[forward.pk]), {"decision": "take"})
    forward.refresh_from_db()
    assert (forward.state, forward.decided_by) == (Forward.ForwardState.TAKEN, city.editor)
    assert "下级报送来的稿件（1 篇待处理）" in text_of(town.get(reverse("desk:review-queue")))  # 乙县's only
    # The city logs its placement of the piece it took: the piece is published, counted by both.
    outlet = a.objects["placement"].outlet
    town.post(reverse("desk:placement-log") + f"?contribution={piece.pk}",
              {"contribution": piece.pk, "outlet": outlet.pk, "published_on": DAY.isoformat(), "prominence": "regular"})
    assert Placement.objects.filter(contribution=piece, logged_by=city.editor).exists()
    piece.refresh_from_db()
    assert piece.state == State.PUBLISHED

    path = text_of(as_user(a.writer.user).get(reverse("portal:contribution-detail", args=[piece.pk])))
    assert "甲县人大常委会办公室已录用 → 已报送人大常委会研究室（宣传处） → 已采用" in path


def test_the_city_declines_with_a_reason_the_county_and_the_author_read(network):
    b, city = network["b"], network["city"]
    forward = b.objects["forward"]
    town = as_user(city.editor)
    response = town.post(reverse("desk:forward-decide", args=[forward.pk]), {"decision": "decline", "reason": ""},
                         follow=True)
    assert "请写明不采用的原因" in text_of(response)
    assert Forward.objects.get(pk=forward.pk).state == Forward.ForwardState.SENT
    town.post(reverse("desk:forward-decide", args=[forward.pk]), {"decision": "decline", "reason": "与已采用稿件重复"})
    assert Forward.objects.get(pk=forward.pk).state == Forward.ForwardState.DECLINED
    county_page = text_of(as_user(b.editor).get(reverse("desk:contribution-detail", args=[forward.contribution_id])))
    assert "未采用" in county_page and "与已采用稿件重复" in county_page
    portal = text_of(as_user(b.writer.user).get(reverse("portal:contribution-detail", args=[forward.contribution_id])))
    assert "已报送人大常委会研究室（宣传处） → 未采用（与已采用稿件重复）" in portal
    # Decided once.
    again = town.post(reverse("desk:forward-decide", args=[forward.pk]), {"decision": "take"}, follow=True)
    assert "已经处理过了" in text_of(again)


def test_only_the_office_it_was_sent_to_decides_and_only_the_holder_sends(network):
    a, b = network["a"], network["b"]
    forward = b.objects["forward"]
    before = all_rows()
    # The sender itself and a sibling: not theirs to decide (404 on the desk, refused by the service).
    for user in (b.editor, a.editor):
        assert as_user(user).post(reverse("desk:forward-decide", args=[forward.pk]), {"decision": "take"}).status_code == 404
    # The city cannot send a county's piece up on the county's behalf, nor can the county send it twice.
    with pytest.raises(ValidationError, match="只能以本机构的名义报送"):
        forward_send(contribution=b.pieces[State.ACCEPTED], from_office=b.office.pk, actor=network["city"].editor)
    with pytest.raises(ValidationError, match="已经报送过"):
        forward_send(contribution=b.pieces[State.ACCEPTED], from_office=b.office.pk, actor=b.editor)
    # A piece not yet accepted is not sent; the top office has nobody above it.
    with pytest.raises(ValidationError, match="只有已录用或已刊发的稿件"):
        forward_send(contribution=a.pieces[State.SUBMITTED], from_office=a.office.pk, actor=a.editor)
    with pytest.raises(ValidationError, match="没有上级"):
        forward_send(contribution=network["city"].pieces[State.ACCEPTED], from_office=network["city"].office.pk,
                     actor=network["city"].editor)
    assert all_rows() == before
    city_page = text_of(as_user(network["city"].editor).get(
        reverse("desk:contribution-detail", args=[network["city"].pieces[State.ACCEPTED].pk])))
    assert "报送说明（可不填）" not in city_page


def test_a_piece_travels_up_two_levels_township_office_to_county_to_city(network):
    a, city = network["a"], network["city"]
    township_office = Office.objects.create(name="甲县一镇人大办公室", head_unit=a.township)
    clerk = UserFactory(username="township-clerk", role=roles.EDITOR, office=township_office)
    piece = ContributionFactory(title="一镇的好稿", credited_unit=a.township, state=State.ACCEPTED)
    first = forward_send(contribution=piece, from_office=township_office.pk, actor=clerk, note="镇里推荐")
    assert first.to_office == a.office  # the township's parent is the county
    as_user(a.editor).post(reverse("desk:forward-decide", args=[first.pk]), {"decision": "take"})
    # Having taken it, the county holds it and may send it on.
    page = text_of(as_user(a.editor).get(reverse("desk:contribution-detail", args=[piece.pk])))
    assert "报送说明（可不填）" in page
    as_user(a.editor).post(reverse("desk:contribution-send-up", args=[piece.pk]), {"note": "县里再推荐"})
    second = Forward.objects.get(contribution=piece, to_office=city.office)
    assert second.from_office == a.office
    as_user(city.editor).post(reverse("desk:forward-decide", args=[second.pk]), {"decision": "take"})
    from contributions.services.forwards import forward_path
    assert forward_path(piece) == ["甲县一镇人大办公室已录用", "已报送甲县人大常委会办公室", "已采用",
                                   "已报送人大常委会研究室（宣传处）", "已采用"]
