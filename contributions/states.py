"""The states of a contribution and the transition table of the specification, row for row.

This is the one home of the workflow's rules: the transition function (contributions.workflow),
the admin's actions, the desk's buttons, the portal's links and the model's predicates all read
this table; none spells a state list of its own.
"""

from dataclasses import dataclass, replace

from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    AWAITING_SIGN_OFF = "signing", "待审签"
    SUBMITTED = "submitted", "已报送"
    IN_REVIEW = "in_review", "审核中"
    RETURNED = "returned", "退回修改"
    ACCEPTED = "accepted", "已录用"
    REJECTED = "rejected", "未采用"
    PUBLISHED = "published", "已刊发"


# Who makes a move.
AUTHOR = "author"  # an author with an account, or staff on the author's behalf
EDITOR = "editor"  # office staff
SIGNER = "signer"  # a 审签人 of the piece's unit (correspondents.sign_off)
PLACEMENT = "placement"  # never by hand: logging or deleting placements moves the piece


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    by: str
    label: str
    needs_note: bool = False
    note_hint: str = ""
    note: str = ""  # the note the system writes for a move nobody makes by hand

    @property
    def is_refusal(self) -> bool:
        return self.target == State.REJECTED

    @property
    def action_name(self) -> str:
        """The admin action that offers this move (moves with the same target and label share one)."""
        return ACTION_NAMES[(self.target, self.label)]


STAFF_PUBLISH_NOTE = "编辑登记见报稿件，直接标记为已刊发"

MOVES: tuple[Move, ...] = (
    Move(State.DRAFT, State.SUBMITTED, AUTHOR, "报送"),
    Move(State.RETURNED, State.SUBMITTED, AUTHOR, "重新报送"),
    # A unit that requires sign-off: the author's 报送 goes to the unit's signer first (the office may
    # still take a piece in directly, on the author's behalf).
    Move(State.DRAFT, State.AWAITING_SIGN_OFF, AUTHOR, "报送审签"),
    Move(State.RETURNED, State.AWAITING_SIGN_OFF, AUTHOR, "重新报送审签"),
    Move(State.AWAITING_SIGN_OFF, State.SUBMITTED, SIGNER, "审签通过"),
    Move(State.AWAITING_SIGN_OFF, State.RETURNED, SIGNER, "审签退回", True, "请写明需要修改的地方"),
    Move(State.SUBMITTED, State.IN_REVIEW, EDITOR, "开始审核"),
    Move(State.IN_REVIEW, State.RETURNED, EDITOR, "退回修改", True, "请写明需要修改的地方"),
    Move(State.IN_REVIEW, State.ACCEPTED, EDITOR, "录用"),
    Move(State.SUBMITTED, State.REJECTED, EDITOR, "不予采用", True, "请写明不采用的原因"),
    Move(State.IN_REVIEW, State.REJECTED, EDITOR, "不予采用", True, "请写明不采用的原因"),
    Move(State.REJECTED, State.IN_REVIEW, EDITOR, "重新审核", True, "请写明重新审核的理由"),
    Move(State.ACCEPTED, State.PUBLISHED, PLACEMENT, "登记用稿", note="登记用稿，自动标记为已刊发"),
    # Staff logging a placement for a piece found in print may skip review, from any state but rejected.
    Move(State.DRAFT, State.PUBLISHED, PLACEMENT, "登记见报稿件", note=STAFF_PUBLISH_NOTE),
    Move(State.AWAITING_SIGN_OFF, State.PUBLISHED, PLACEMENT, "登记见报稿件", note=STAFF_PUBLISH_NOTE),
    Move(State.SUBMITTED, State.PUBLISHED, PLACEMENT, "登记见报稿件", note=STAFF_PUBLISH_NOTE),
    Move(State.IN_REVIEW, State.PUBLISHED, PLACEMENT, "登记见报稿件", note=STAFF_PUBLISH_NOTE),
    Move(State.RETURNED, State.PUBLISHED, PLACEMENT, "登记见报稿件", note=STAFF_PUBLISH_NOTE),
    Move(State.PUBLISHED, State.ACCEPTED, PLACEMENT, "删除用稿", note="最后一条用稿记录已删除，恢复为已录用"),
)
MOVES_BY_PAIR: dict[tuple[str, str], Move] = {(move.source, move.target): move for move in MOVES}

# The admin offers one action per (target, label): "不予采用" from two states is one action.
ACTION_NAMES: dict[tuple[str, str], str] = {
    (State.SUBMITTED, "报送"): "submit",
    (State.SUBMITTED, "重新报送"): "resubmit",
    (State.IN_REVIEW, "开始审核"): "start_review",
    (State.RETURNED, "退回修改"): "return_for_revision",
    (State.ACCEPTED, "录用"): "accept",
    (State.REJECTED, "不予采用"): "reject",
    (State.IN_REVIEW, "重新审核"): "reopen",
    (State.AWAITING_SIGN_OFF, "报送审签"): "submit_for_sign_off",
    (State.AWAITING_SIGN_OFF, "重新报送审签"): "resubmit_for_sign_off",
    (State.SUBMITTED, "审签通过"): "sign_off",
    (State.RETURNED, "审签退回"): "return_by_signer",
}

# What the table implies, named for the views, templates and querysets that ask.
EDITABLE_BY_AUTHORS = frozenset(move.source for move in MOVES if move.by == AUTHOR)
PLACEABLE = frozenset({State.PUBLISHED} | {move.source for move in MOVES if move.target == State.PUBLISHED})
WAITING_FOR_OFFICE = frozenset({State.SUBMITTED, State.IN_REVIEW})
# A correspondent may report a placement once the office has the piece and has not turned it down.
CLAIMABLE = frozenset({State.SUBMITTED, State.IN_REVIEW, State.ACCEPTED, State.PUBLISHED})
# The piece reached the office (submitted, or entered by staff): every state but a draft's and one
# still waiting for its unit's sign-off.
DELIVERED = frozenset(State.values) - {State.DRAFT, State.AWAITING_SIGN_OFF}
# What goes to the office when an author presses 报送: the sign-off states where the unit requires it.
SUBMISSION_TARGETS = frozenset({State.SUBMITTED, State.AWAITING_SIGN_OFF})
# The office said yes: accepted, or already placed.
ACCEPTED_OR_PLACED = frozenset({State.ACCEPTED, State.PUBLISHED})
PLACED = frozenset({State.PUBLISHED})


@dataclass(frozen=True)
class StateGroup:
    key: str
    label: str
    states: frozenset


def group_named(groups: tuple[StateGroup, ...], key: str) -> StateGroup | None:
    return next((group for group in groups if group.key == key), None)


# The tabs of a correspondent's "my contributions": what an author calls each group of states.
PORTAL_GROUPS: tuple[StateGroup, ...] = (
    StateGroup("draft", "草稿", frozenset({State.DRAFT})),
    StateGroup("sign_off", "待审签", frozenset({State.AWAITING_SIGN_OFF})),
    StateGroup("office", "已报送/审核中", WAITING_FOR_OFFICE),
    StateGroup("returned", "退回修改", frozenset({State.RETURNED})),
    StateGroup("accepted", "已录用", frozenset({State.ACCEPTED})),
    StateGroup("published", "已刊发", PLACED),
    StateGroup("rejected", "未采用", frozenset({State.REJECTED})),
)
# The review queue's filters: waiting for the office, and what went back to the authors.
QUEUE_GROUPS: tuple[StateGroup, ...] = (
    StateGroup(State.SUBMITTED, "已报送", frozenset({State.SUBMITTED})),
    StateGroup(State.IN_REVIEW, "审核中", frozenset({State.IN_REVIEW})),
    StateGroup(State.RETURNED, "退回修改（等作者）", frozenset({State.RETURNED})),
)


def review_path(source: str, target: str) -> list[Move] | None:
    """The rows a move from `source` to `target` takes: the row itself, or, for an editor deciding
    on a piece still 已报送 (退回修改 or 录用 in one step), 开始审核 followed by that decision."""
    direct = MOVES_BY_PAIR.get((source, target))
    if direct is not None:
        return [direct]
    start = MOVES_BY_PAIR.get((source, State.IN_REVIEW))
    decision = MOVES_BY_PAIR.get((State.IN_REVIEW, target))
    if source == State.SUBMITTED and start and decision and start.by == decision.by == EDITOR:
        return [start, decision]
    return None


def one_step_reviews() -> list[Move]:
    """The decisions an editor may take straight from 已报送, as moves from there (for buttons)."""
    return [replace(decision, source=State.SUBMITTED) for decision in MOVES
            if decision.source == State.IN_REVIEW and decision.by == EDITOR
            and (State.SUBMITTED, decision.target) not in MOVES_BY_PAIR]


def first_step_towards(source: str, target: str) -> Move | None:
    """The move to make first on the way from `source` to `target` (for "what to do instead"):
    by people's own moves where they lead there, through placements only where nothing else does."""
    by_hand = [*hand_moves(), *one_step_reviews()]
    return _first_step(source, target, by_hand) or _first_step(source, target, [*by_hand, *MOVES])


def _first_step(source: str, target: str, moves: list[Move]) -> Move | None:
    frontier, seen = [(source, None)], {source}
    while frontier:
        state, first = frontier.pop(0)
        for move in moves:
            if move.source != state or move.target in seen:
                continue
            step = first or move
            if move.target == target:
                return step
            seen.add(move.target)
            frontier.append((move.target, step))
    return None


def hand_moves() -> list[Move]:
    """The moves people make themselves (buttons and admin actions), in the table's order."""
    return [move for move in MOVES if move.by != PLACEMENT]


def placement_move(source: str, target: str) -> Move | None:
    move = MOVES_BY_PAIR.get((source, target))
    return move if move is not None and move.by == PLACEMENT else None
