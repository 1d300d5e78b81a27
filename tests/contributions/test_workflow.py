"""The transition table of the specification, row by row, and every move it does not allow."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from contributions.models import Contribution, State, Transition
from contributions.services import (
    allowed_moves,
    attachment_add,
    contribution_transition,
    placement_create,
    placement_delete,
)
from tests.factories import ContributionFactory, CorrespondentFactory, OutletFactory, PlacementFactory

pytestmark = pytest.mark.django_db

ALLOWED_BY_PEOPLE = {
    (State.DRAFT, State.SUBMITTED),
    (State.RETURNED, State.SUBMITTED),
    (State.SUBMITTED, State.IN_REVIEW),
    (State.IN_REVIEW, State.RETURNED),
    (State.IN_REVIEW, State.ACCEPTED),
    (State.SUBMITTED, State.REJECTED),
    (State.IN_REVIEW, State.REJECTED),
    (State.REJECTED, State.IN_REVIEW),
    # 审签 (tests/contributions/test_sign_off.py): for units that require it
    (State.DRAFT, State.AWAITING_SIGN_OFF),
    (State.RETURNED, State.AWAITING_SIGN_OFF),
    (State.AWAITING_SIGN_OFF, State.SUBMITTED),
    (State.AWAITING_SIGN_OFF, State.RETURNED),
}
ALL_STATES = list(State)


@pytest.fixture
def authored_by(correspondent):
    def make(state):
        return ContributionFactory(state=state, authors=[correspondent], credited_unit=correspondent.unit)
    return make


def move(contribution, to_state, actor, note=""):
    return contribution_transition(contribution=contribution, to_state=to_state, actor=actor, note=note)


def last_transition(contribution) -> Transition:
    return Transition.objects.filter(contribution=contribution).latest("id")


# --- every allowed row ---------------------------------------------------------------------------

def test_author_with_account_submits_a_draft(authored_by, correspondent, mailoutbox, django_capture_on_commit_callbacks):
    draft = authored_by(State.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        move(draft, State.SUBMITTED, correspondent.user)
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    transition = last_transition(draft)
    assert (transition.from_state, transition.to_state, transition.actor) == (State.DRAFT, State.SUBMITTED, correspondent.user)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [correspondent.email]
    assert "已报送" in mailoutbox[0].subject


def test_editor_submits_a_draft_on_an_authors_behalf(authored_by, editor):
    draft = authored_by(State.DRAFT)
    move(draft, State.SUBMITTED, editor)
    assert Contribution.objects.get(pk=draft.pk).state == State.SUBMITTED


def test_author_resubmits_a_returned_piece(authored_by, correspondent):
    returned = authored_by(State.RETURNED)
    move(returned, State.SUBMITTED, correspondent.user)
    assert Contribution.objects.get(pk=returned.pk).state == State.SUBMITTED
    assert last_transition(returned).from_state == State.RETURNED


def test_editor_starts_review_of_a_submitted_piece(authored_by, editor):
    submitted = authored_by(State.SUBMITTED)
    move(submitted, State.IN_REVIEW, editor)
    assert Contribution.objects.get(pk=submitted.pk).state == State.IN_REVIEW


def test_editor_returns_a_piece_with_a_note_that_reaches_the_author(
    authored_by, editor, mailoutbox, django_capture_on_commit_callbacks
):
    in_review = authored_by(State.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        move(in_review, State.RETURNED, editor, note="请补充代表的原话")
    assert Contribution.objects.get(pk=in_review.pk).state == State.RETURNED
    assert last_transition(in_review).note == "请补充代表的原话"
    assert "请补充代表的原话" in mailoutbox[0].body


def test_editor_accepts_a_piece_in_review(authored_by, editor, mailoutbox, django_capture_on_commit_callbacks):
    in_review = authored_by(State.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        move(in_review, State.ACCEPTED, editor)
    assert Contribution.objects.get(pk=in_review.pk).state == State.ACCEPTED
    assert "已录用" in mailoutbox[0].subject
    assert "录用" in mailoutbox[0].body and "刊发（登记用稿）后计入统计" in mailoutbox[0].body


@pytest.mark.parametrize("source", [State.SUBMITTED, State.IN_REVIEW])
def test_editor_rejects_with_a_note(authored_by, editor, source):
    piece = authored_by(source)
    move(piece, State.REJECTED, editor, note="内容与已采用稿件重复")
    assert Contribution.objects.get(pk=piece.pk).state == State.REJECTED
    assert last_transition(piece).note == "内容与已采用稿件重复"


def test_editor_reopens_a_rejected_piece_with_a_note(authored_by, editor):
    rejected = authored_by(State.REJECTED)
    move(rejected, State.IN_REVIEW, editor, note="作者补充了新材料")
    assert Contribution.objects.get(pk=rejected.pk).state == State.IN_REVIEW


def test_first_placement_publishes_an_accepted_piece(authored_by, editor, mailoutbox, django_capture_on_commit_callbacks):
    accepted = authored_by(State.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        placement_create(contribution=accepted, outlet=OutletFactory(), published_on=datetime.date(2025, 3, 5), actor=editor)
    assert Contribution.objects.get(pk=accepted.pk).state == State.PUBLISHED
    transition = last_transition(accepted)
    assert (transition.from_state, transition.to_state) == (State.ACCEPTED, State.PUBLISHED)
    assert [mail.subject for mail in mailoutbox] == [f"稿件《{accepted.title}》已刊用"]  # one message: the placement


def test_a_second_placement_writes_no_transition(editor):
    published = PlacementFactory().contribution
    before = Transition.objects.count()
    placement_create(contribution=published, outlet=OutletFactory(), published_on=datetime.date(2025, 6, 1), actor=editor)
    assert Transition.objects.count() == before
    assert published.placements.count() == 2


@pytest.mark.parametrize("source", [State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.RETURNED])
def test_staff_logging_a_piece_found_in_print_publishes_it_from_any_state_but_rejected(authored_by, editor, source):
    piece = authored_by(source)
    placement_create(contribution=piece, outlet=OutletFactory(), published_on=datetime.date(2025, 3, 5), actor=editor)
    assert Contribution.objects.get(pk=piece.pk).state == State.PUBLISHED
    assert last_transition(piece).from_state == source


def test_deleting_the_last_placement_returns_the_piece_to_accepted(editor):
    placement = PlacementFactory()
    placement_delete(placement=placement, actor=editor)
    contribution = Contribution.objects.get(pk=placement.contribution_id)
    assert contribution.state == State.ACCEPTED
    transition = last_transition(contribution)
    assert (transition.from_state, transition.to_state) == (State.PUBLISHED, State.ACCEPTED)


def test_deleting_one_of_two_placements_keeps_the_piece_published(editor):
    first = PlacementFactory()
    PlacementFactory(contribution=first.contribution, published_on=datetime.date(2025, 5, 2))
    placement_delete(placement=first, actor=editor)
    assert Contribution.objects.get(pk=first.contribution_id).state == State.PUBLISHED


# --- every move the table does not have ----------------------------------------------------------

# An editor decides on a piece still 已报送 in one step: 开始审核 and the decision, two rows.
ONE_STEP_BY_EDITORS = {(State.SUBMITTED, State.RETURNED), (State.SUBMITTED, State.ACCEPTED)}
FORBIDDEN_PAIRS = [
    (source, target)
    for source, target in itertools.product(ALL_STATES, ALL_STATES)
    if source != target and (source, target) not in ALLOWED_BY_PEOPLE | ONE_STEP_BY_EDITORS
]


@pytest.mark.parametrize("target", [State.RETURNED, State.ACCEPTED])
def test_an_editor_decides_on_a_submitted_piece_in_one_step_writing_both_rows(
    authored_by, editor, correspondent, target, mailoutbox, django_capture_on_commit_callbacks
):
    piece = authored_by(State.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        move(piece, target, editor, note="请补充数据" if target == State.RETURNED else "")
    rows = list(Transition.objects.filter(contribution=piece).order_by("id").values_list("from_state", "to_state"))
    assert rows == [(State.SUBMITTED, State.IN_REVIEW), (State.IN_REVIEW, target)]
    assert Contribution.objects.get(pk=piece.pk).state == target
    (mail,) = mailoutbox  # one e-mail, about the decision
    assert State(target).label in mail.subject and f"/portal/contributions/{piece.pk}/" in mail.body
    assert target in {move.target for move in allowed_moves(authored_by(State.SUBMITTED), editor)}


def test_one_step_review_still_needs_the_note_and_is_for_editors_only(authored_by, editor, correspondent):
    piece = authored_by(State.SUBMITTED)
    with pytest.raises(ValidationError, match="必须填写意见"):
        move(piece, State.RETURNED, editor)
    with pytest.raises(ValidationError):
        move(piece, State.ACCEPTED, correspondent.user)
    assert not Transition.objects.filter(contribution=piece).exists()
    assert Contribution.objects.get(pk=piece.pk).state == State.SUBMITTED


def test_a_refused_move_says_what_to_do_instead(authored_by, editor):
    with pytest.raises(ValidationError, match="请先由作者或编辑“报送”"):
        move(authored_by(State.DRAFT), State.ACCEPTED, editor)
    with pytest.raises(ValidationError, match="请先由编辑“重新审核”"):
        move(authored_by(State.REJECTED), State.ACCEPTED, editor)


@pytest.mark.parametrize(("source", "target"), FORBIDDEN_PAIRS, ids=[f"{s}->{t}" for s, t in FORBIDDEN_PAIRS])
def test_a_move_outside_the_table_is_refused_even_for_an_editor(authored_by, editor, source, target):
    piece = authored_by(source)
    with pytest.raises(ValidationError):
        move(piece, target, editor, note="任意意见")
    assert Contribution.objects.get(pk=piece.pk).state == source
    assert not Transition.objects.filter(contribution=piece).exists()


def test_publishing_by_hand_is_refused_with_a_pointer_to_placements(authored_by, editor):
    accepted = authored_by(State.ACCEPTED)
    with pytest.raises(ValidationError, match="登记"):
        move(accepted, State.PUBLISHED, editor)


# --- wrong role ----------------------------------------------------------------------------------

EDITOR_MOVES = [
    (State.SUBMITTED, State.IN_REVIEW, ""),
    (State.IN_REVIEW, State.RETURNED, "改"),
    (State.IN_REVIEW, State.ACCEPTED, ""),
    (State.SUBMITTED, State.REJECTED, "不用"),
    (State.IN_REVIEW, State.REJECTED, "不用"),
    (State.REJECTED, State.IN_REVIEW, "重审"),
]


@pytest.mark.parametrize(("source", "target", "note"), EDITOR_MOVES)
def test_an_author_cannot_make_an_editors_move(authored_by, correspondent, source, target, note):
    piece = authored_by(source)
    with pytest.raises(ValidationError, match="只有编辑"):
        move(piece, target, correspondent.user, note=note)
    assert Contribution.objects.get(pk=piece.pk).state == source


def test_a_correspondent_cannot_submit_someone_elses_draft(authored_by, other_correspondent):
    draft = authored_by(State.DRAFT)
    with pytest.raises(ValidationError, match="作者本人或编辑"):
        move(draft, State.SUBMITTED, other_correspondent.user)


def test_the_system_actor_cannot_make_an_editors_move(authored_by):
    with pytest.raises(ValidationError, match="只有编辑"):
        move(authored_by(State.SUBMITTED), State.IN_REVIEW, None)


def test_a_correspondent_cannot_log_a_placement(authored_by, correspondent):
    accepted = authored_by(State.ACCEPTED)
    with pytest.raises(ValidationError, match="只有编辑"):
        placement_create(contribution=accepted, outlet=OutletFactory(), published_on=datetime.date(2025, 1, 2),
                         actor=correspondent.user)
    assert not accepted.placements.exists()


# --- notes and content ---------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "target"), [
    (State.IN_REVIEW, State.RETURNED),
    (State.SUBMITTED, State.REJECTED),
    (State.IN_REVIEW, State.REJECTED),
    (State.REJECTED, State.IN_REVIEW),
])
@pytest.mark.parametrize("note", ["", "   \n "])
def test_a_move_that_needs_a_note_is_refused_without_one(authored_by, editor, source, target, note):
    piece = authored_by(source)
    with pytest.raises(ValidationError, match="必须填写意见"):
        move(piece, target, editor, note=note)
    assert Contribution.objects.get(pk=piece.pk).state == source


def test_a_draft_without_body_or_attachment_cannot_be_submitted(correspondent):
    draft = ContributionFactory(body="", authors=[correspondent], credited_unit=correspondent.unit)
    with pytest.raises(ValidationError, match="正文"):
        move(draft, State.SUBMITTED, correspondent.user)


def test_a_draft_whose_text_is_an_attachment_can_be_submitted(correspondent):
    draft = ContributionFactory(body="", authors=[correspondent], credited_unit=correspondent.unit)
    attachment_add(contribution=draft, upload=SimpleUploadedFile("稿件.pdf", b"%PDF-1.4 text"), actor=correspondent.user)
    move(draft, State.SUBMITTED, correspondent.user)
    assert Contribution.objects.get(pk=draft.pk).state == State.SUBMITTED


def test_a_rejected_piece_cannot_be_placed(authored_by, editor):
    rejected = authored_by(State.REJECTED)
    with pytest.raises(ValidationError, match="未被采用"):
        placement_create(contribution=rejected, outlet=OutletFactory(), published_on=datetime.date(2025, 1, 2), actor=editor)
    assert Contribution.objects.get(pk=rejected.pk).state == State.REJECTED
    assert not rejected.placements.exists()


def test_a_move_based_on_a_stale_page_is_refused_and_says_so(authored_by, editor):
    seen_by_second_editor = authored_by(State.IN_REVIEW)
    first_editors_copy = Contribution.objects.get(pk=seen_by_second_editor.pk)
    move(first_editors_copy, State.ACCEPTED, editor)
    with pytest.raises(ValidationError, match="已被他人处理"):
        move(seen_by_second_editor, State.RETURNED, editor, note="再改改")
    assert Contribution.objects.get(pk=seen_by_second_editor.pk).state == State.ACCEPTED
    assert Transition.objects.filter(contribution=seen_by_second_editor).count() == 1


# --- what the buttons offer ----------------------------------------------------------------------

def test_allowed_moves_offer_editors_the_review_moves_and_authors_only_submission(authored_by, correspondent, editor):
    in_review = authored_by(State.IN_REVIEW)
    assert {m.target for m in allowed_moves(in_review, editor)} == {State.RETURNED, State.ACCEPTED, State.REJECTED}
    assert allowed_moves(in_review, correspondent.user) == []
    draft = authored_by(State.DRAFT)
    assert [m.target for m in allowed_moves(draft, correspondent.user)] == [State.SUBMITTED]


def test_a_co_author_is_notified_too(correspondent, editor, mailoutbox, django_capture_on_commit_callbacks):
    co_author = CorrespondentFactory(email="co@example.org")
    piece = ContributionFactory(state=State.SUBMITTED, authors=[correspondent, co_author])
    with django_capture_on_commit_callbacks(execute=True):
        move(piece, State.IN_REVIEW, editor)
    # One message each: an author does not see a co-author's address.
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([correspondent.email, "co@example.org"])
    assert all(len(mail.to) == 1 for mail in mailoutbox)
