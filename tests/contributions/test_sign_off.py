"""审签: a unit that requires it sends its authors' pieces to its 审签人 first; the signer signs off
(on to the office) or returns them; units that do not require it move as before; the desk shows who
signed and when."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contributions.models import Contribution, State, Transition
from contributions.services import allowed_moves, contribution_transition
from contributions.states import DELIVERED, MOVES_BY_PAIR, SIGNER
from correspondents import roles
from correspondents.models import SignOffRule, Unit
from correspondents.network import root_office
from messaging.models import Message
from tests.conftest import page_text
from tests.factories import ContributionFactory, CorrespondentFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return UnitFactory(name="市人大常委会法工委", kind=Unit.Kind.OFFICE_DEPARTMENT, sign_off=True)


@pytest.fixture
def author(unit):
    return CorrespondentFactory(unit=unit, user=UserFactory(username="xiaowang", role=roles.CORRESPONDENT),
                                email="xiaowang@example.org")


@pytest.fixture
def signer(unit):
    return CorrespondentFactory(name="李主任", unit=unit, signs_off=True, email="li@example.org",
                                user=UserFactory(username="lizhuren", role=roles.CORRESPONDENT))


def draft(author):
    return ContributionFactory(state=State.DRAFT, authors=[author], credited_unit=author.unit)


def move(piece, state, actor, note=""):
    return contribution_transition(contribution=piece, to_state=state, actor=actor, note=note)


def test_the_table_has_the_sign_off_state_and_its_moves():
    assert MOVES_BY_PAIR[(State.DRAFT, State.AWAITING_SIGN_OFF)].label == "报送审签"
    assert MOVES_BY_PAIR[(State.RETURNED, State.AWAITING_SIGN_OFF)].label == "重新报送审签"
    assert MOVES_BY_PAIR[(State.AWAITING_SIGN_OFF, State.SUBMITTED)].by == SIGNER
    assert MOVES_BY_PAIR[(State.AWAITING_SIGN_OFF, State.RETURNED)].needs_note
    assert State.AWAITING_SIGN_OFF not in DELIVERED  # it has not reached the office
    assert "审签" in State.AWAITING_SIGN_OFF.label


def test_an_author_s_submission_waits_for_the_signer_who_signs_it_off(client, author, signer, editor):
    piece = draft(author)
    client.force_login(author.user)
    assert "须经审签" in page_text(client.get(reverse("portal:contribution-submit", args=[piece.pk])))
    response = client.post(reverse("portal:contribution-submit", args=[piece.pk]), follow=True)
    assert "已报送本单位审签人" in page_text(response)
    piece.refresh_from_db()
    assert piece.state == State.AWAITING_SIGN_OFF
    told = Message.objects.get(key__endswith=f":signers:email:{signer.pk}")
    assert told.subject == f"待您审签：《{piece.title}》" and told.link.endswith("/portal/sign-off/")
    assert piece not in Contribution.objects.waiting_for_office()

    client.force_login(signer.user)
    listing = page_text(client.get(reverse("portal:sign-off")))
    assert piece.title in listing and author.name in listing
    detail = reverse("portal:sign-off-detail", args=[piece.pk])
    assert piece.body.splitlines()[0] in page_text(client.get(detail))
    response = client.post(detail, {"decision": "approve"}, follow=True)
    assert "已审签通过" in page_text(response)
    piece.refresh_from_db()
    assert piece.state == State.SUBMITTED
    signed = Transition.objects.get(contribution=piece, from_state=State.AWAITING_SIGN_OFF)
    assert signed.actor == signer.user and signed.to_state == State.SUBMITTED
    assert Message.objects.filter(key=f"transition:{signed.pk}:email:{author.pk}").exists()

    client.force_login(editor)
    desk = page_text(client.get(reverse("desk:contribution-detail", args=[piece.pk])))
    assert f"审签：李主任（市人大常委会法工委审签人）于 {signed.created_at.astimezone().strftime('%Y-%m-%d %H:%M')} 审签通过" in desk


def test_the_signer_returns_with_a_note_and_the_author_resubmits_for_sign_off(client, author, signer):
    piece = draft(author)
    move(piece, State.AWAITING_SIGN_OFF, author.user)
    client.force_login(signer.user)
    detail = reverse("portal:sign-off-detail", args=[piece.pk])
    assert "必须填写意见" in page_text(client.post(detail, {"decision": "return"}, follow=True))
    client.post(detail, {"decision": "return", "note": "数据请核实"})
    piece.refresh_from_db()
    assert piece.state == State.RETURNED
    assert Transition.objects.filter(contribution=piece, to_state=State.RETURNED).get().note == "数据请核实"
    assert [m.label for m in allowed_moves(piece, author.user)] == ["重新报送审签"]
    move(piece, State.AWAITING_SIGN_OFF, author.user)
    assert Contribution.objects.get(pk=piece.pk).state == State.AWAITING_SIGN_OFF


def test_nobody_else_signs_and_an_author_cannot_skip_it(client, author, signer, editor):
    piece = draft(author)
    with pytest.raises(ValidationError, match="须经审签"):
        move(piece, State.SUBMITTED, author.user)
    move(piece, State.AWAITING_SIGN_OFF, author.user)
    colleague = CorrespondentFactory(unit=author.unit, user=UserFactory(username="tongshi", role=roles.CORRESPONDENT))
    elsewhere = CorrespondentFactory(signs_off=True, user=UserFactory(username="bieren", role=roles.CORRESPONDENT))
    for user in (author.user, colleague.user, elsewhere.user, editor):
        with pytest.raises(ValidationError, match="只有本单位的审签人"):
            move(piece, State.SUBMITTED, user)
    for user in (colleague.user, elsewhere.user):
        client.force_login(user)
        assert client.get(reverse("portal:sign-off-detail", args=[piece.pk])).status_code == 404
    client.force_login(elsewhere.user)
    assert piece.title not in page_text(client.get(reverse("portal:sign-off")))
    assert Contribution.objects.get(pk=piece.pk).state == State.AWAITING_SIGN_OFF


def test_the_office_may_take_a_piece_in_directly(author, signer, editor):
    piece = draft(author)
    move(piece, State.SUBMITTED, editor)  # 报送 on the author's behalf, as the office
    assert Contribution.objects.get(pk=piece.pk).state == State.SUBMITTED


def test_units_that_do_not_require_it_move_as_before(client, correspondent):
    piece = ContributionFactory(state=State.DRAFT, authors=[correspondent], credited_unit=correspondent.unit)
    with pytest.raises(ValidationError, match="本单位不要求审签"):
        move(piece, State.AWAITING_SIGN_OFF, correspondent.user)
    client.force_login(correspondent.user)
    assert "须经审签" not in page_text(client.get(reverse("portal:contribution-submit", args=[piece.pk])))
    client.post(reverse("portal:contribution-submit", args=[piece.pk]))
    assert Contribution.objects.get(pk=piece.pk).state == State.SUBMITTED
    assert "您不是审签人" in page_text(client.get(reverse("portal:sign-off"), follow=True))


def test_the_office_may_require_it_of_a_kind_of_unit(correspondent):
    department = UnitFactory(kind=Unit.Kind.OFFICE_DEPARTMENT)
    writer = CorrespondentFactory(unit=department, user=UserFactory(username="bumen", role=roles.CORRESPONDENT))
    CorrespondentFactory(unit=department, signs_off=True, user=UserFactory(username="buzhang", role=roles.CORRESPONDENT))
    piece = draft(writer)
    assert [m.label for m in allowed_moves(piece, writer.user)] == ["报送"]
    SignOffRule.objects.create(office=root_office(), kind=Unit.Kind.OFFICE_DEPARTMENT)
    assert [m.label for m in allowed_moves(piece, writer.user)] == ["报送审签"]
    other = ContributionFactory(state=State.DRAFT, authors=[correspondent], credited_unit=correspondent.unit)
    assert [m.label for m in allowed_moves(other, correspondent.user)] == ["报送"]  # another kind


def test_a_unit_that_asks_for_it_without_a_signer_sends_straight_to_the_office(author):
    piece = draft(author)  # the unit asks for sign-off, but nobody there signs yet
    assert [m.label for m in allowed_moves(piece, author.user)] == ["报送"]
    move(piece, State.SUBMITTED, author.user)
    assert Contribution.objects.get(pk=piece.pk).state == State.SUBMITTED
