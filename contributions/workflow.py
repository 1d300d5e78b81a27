"""The one function that changes a contribution's state, and the one state flip it and the
placement services share. The rules are the table in contributions.states."""

import logging
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from correspondents.network import NoOffice, office_of_user, office_tree
from correspondents.roles import is_editor, recorded_user
from correspondents.sign_off import is_signer, requires_sign_off

from .messages import register_piece_link, tell_authors_of_move  # noqa: F401 (register_piece_link: the portal registers through here)
from .models import Contribution, Transition
from .states import (
    AUTHOR,
    EDITOR,
    MOVES,
    PLACEMENT,
    SIGNER,
    SUBMISSION_TARGETS,
    Move,
    State,
    first_step_towards,
    one_step_reviews,
    placement_move,
    review_path,
)

logger = logging.getLogger(__name__)


def state_label(state: str) -> str:
    return State(state).label


def is_author(contribution: Contribution, user: User | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return contribution.authorships.filter(correspondent__user=user).exists()


def office_name_of(contribution: Contribution) -> str:
    tree = office_tree()
    home = tree.home_office(contribution.credited_unit_id)
    return tree.offices[home][0] if home in tree.offices else "其他机构"


def reviews(user: User | None, contribution: Contribution) -> bool:
    """Office staff of the piece's home office (the office of its credited unit's network nearest
    to it): they review it; another office's staff read it at most. A superuser acts for any office."""
    if not is_editor(user):
        return False
    if user.is_superuser:
        return True
    try:
        return office_of_user(user) == office_tree().home_office(contribution.credited_unit_id)
    except NoOffice:
        return False


def submission_target(contribution: Contribution) -> str:
    """Where an author's 报送 goes: to the unit's signer where the unit requires sign-off, else the office."""
    return State.AWAITING_SIGN_OFF if requires_sign_off(contribution.credited_unit_id) else State.SUBMITTED


def _submits_the_right_way(move: Move, contribution: Contribution, user: User | None) -> bool:
    """An author's 报送 follows the unit's rule; the office may take a piece in without sign-off."""
    if move.by != AUTHOR or move.target not in SUBMISSION_TARGETS:
        return True
    return move.target == submission_target(contribution) or (
        move.target == State.SUBMITTED and reviews(user, contribution))


def may_make(move: Move, contribution: Contribution, user: User | None) -> bool:
    """Whether this user is one of those the move's row names."""
    if move.by == EDITOR:
        return reviews(user, contribution)
    if move.by == AUTHOR:
        return ((reviews(user, contribution) or is_author(contribution, user))
                and _submits_the_right_way(move, contribution, user))
    if move.by == SIGNER:
        return is_signer(user, contribution.credited_unit_id)
    return False  # placement moves are made by the placement services, never by hand


def _refuse_unless_allowed(contribution: Contribution, move: Move, actor: User | None, note: str) -> None:
    if move.by == PLACEMENT:
        raise ValidationError(
            f"“{state_label(move.target)}”由登记或删除用稿记录自动设置，不能直接操作。"
        )
    if move.by == EDITOR and not is_editor(actor):
        raise ValidationError(f"只有编辑可以执行“{move.label}”。")
    if move.by == EDITOR and actor is not None and not reviews(actor, contribution):
        raise ValidationError(f"这篇稿件由{office_name_of(contribution)}审核，本机构不能“{move.label}”。")
    if move.by == SIGNER and not may_make(move, contribution, actor):
        raise ValidationError(f"只有本单位的审签人可以“{move.label}”。")
    if move.by == AUTHOR and not _submits_the_right_way(move, contribution, actor):
        raise ValidationError("本单位的稿件须经审签：请“报送审签”，审签人通过后稿件才送到研究室。"
                              if move.target == State.SUBMITTED else "本单位不要求审签：请直接“报送”。")
    if move.by == AUTHOR and not may_make(move, contribution, actor):
        raise ValidationError("只有稿件作者本人或编辑可以报送这篇稿件。")
    if move.needs_note and not note:
        raise ValidationError(f"“{move.label}”必须填写意见：{move.note_hint}。")
    if move.target in SUBMISSION_TARGETS:
        if not contribution.title.strip():
            raise ValidationError("报送前请填写标题。")
        if not contribution.body.strip() and not contribution.attachments.exists():
            raise ValidationError("报送前请填写正文，或上传附件。")
        if not contribution.authorships.exists():
            raise ValidationError("报送前请至少添加一位作者。")


def allowed_moves(contribution: Contribution, user: User | None) -> list[Move]:
    """The moves this user may start now, for buttons (notes are asked for when the move is made);
    an editor also decides on a piece still 已报送 in one step."""
    moves = [move for move in MOVES + tuple(one_step_reviews())
             if move.source == contribution.state and may_make(move, contribution, user)]
    return moves


def refusal_of(state: str, target: str) -> str:
    """Why a piece cannot go from `state` to `target` directly, and what to do instead."""
    message = f"稿件当前为“{state_label(state)}”，不能直接改为“{state_label(target)}”。"
    first = first_step_towards(state, target)
    if first is None:
        return message + "没有可行的操作。"
    if first.by == PLACEMENT:
        return message + f"需要先{first.label}（在稿件页登记或删除用稿记录）。"
    who = {AUTHOR: "由作者或编辑", SIGNER: "由本单位审签人"}.get(first.by, "由编辑")
    return message + f"请先{who}“{first.label}”。"


def stale_error(current_state: str) -> ValidationError:
    return ValidationError(
        f"这篇稿件刚刚已被他人处理，当前状态为“{state_label(current_state)}”。请刷新页面后再操作。",
        code="stale",
    )


def lock(contribution: Contribution) -> Contribution:
    return Contribution.objects.select_for_update().get(pk=contribution.pk)


def record_move(contribution: Contribution, move: Move, actor: User | None, note: str = "", *,
                notify: bool = True) -> Transition:
    """Flip the state with a compare-and-set and write the Transition, inside the caller's transaction."""
    changed = Contribution.objects.filter(pk=contribution.pk, state=move.source).update(
        state=move.target, updated_at=timezone.now()
    )
    if changed != 1:
        current = Contribution.objects.filter(pk=contribution.pk).values_list("state", flat=True).first()
        raise stale_error(current or move.source)
    contribution.state = move.target
    transition = Transition.objects.create(
        contribution=contribution, from_state=move.source, to_state=move.target,
        actor=recorded_user(actor), note=note or move.note,
    )
    if notify:
        tell_authors_of_move(contribution, transition)
    return transition


def record_placement_moves(ids_by_state: dict[str, Iterable[int]], target: str, actor: User | None) -> int:
    """The bulk form of record_move for imports: every piece in `ids_by_state[source]` moves from
    that state to `target` along a placement row of the table. No e-mail: the office is recording
    what already ran. Returns the number of pieces moved."""
    now = timezone.now()
    who = recorded_user(actor)
    transitions = []
    for source, ids in ids_by_state.items():
        move = placement_move(source, target)
        if move is None:
            raise ValidationError(
                f"稿件处于“{state_label(source)}”，登记用稿不能把它改为“{state_label(target)}”。"
            )
        ids = list(ids)
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            changed = Contribution.objects.filter(pk__in=chunk, state=source).update(state=target, updated_at=now)
            if changed != len(chunk):
                raise stale_error(source)
        transitions += [Transition(contribution_id=pk, from_state=source, to_state=target, actor=who,
                                   created_at=now, note=move.note) for pk in ids]
    Transition.objects.bulk_create(transitions, batch_size=1000)
    return len(transitions)


def contribution_transition(
    *, contribution: Contribution, to_state: str, actor: User | None, note: str = ""
) -> Contribution:
    """Move a contribution along one row of the transition table.

    The caller's copy says which state the user saw; if another person moved the piece meanwhile,
    the move is refused with a message rather than applied to a state nobody looked at.
    """
    note = (note or "").strip()
    seen_state = contribution.state
    with transaction.atomic():
        current = lock(contribution)
        if current.state != seen_state:
            raise stale_error(current.state)
        path = review_path(current.state, to_state)
        if path is None:
            raise ValidationError(refusal_of(current.state, to_state))
        for move in path:  # 开始审核 written as its own row when an editor decides from 已报送
            _refuse_unless_allowed(current, move, actor, note if move is path[-1] else "")
        for move in path:
            last = move is path[-1]
            record_move(current, move, actor, note if last else "", notify=last)
    contribution.state = current.state
    contribution.updated_at = timezone.now()
    return contribution
