"""Writing an import's plan: the bulk form of placement_create, in one transaction."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from correspondents.roles import recorded_user, refuse_unless_editor

from ..models import Authorship, Contribution, Placement, State
from ..services.bylines import split_shares
from ..services.placements import REJECTED_CANNOT_BE_PLACED, STAFF_ONLY
from ..states import PLACEABLE
from ..workflow import record_placement_moves
from .checking import Plan

IMPORT_NOTE = "表格导入用稿记录，标记为已刊发"
BATCH = 1000


def save_plan(plan: Plan, *, actor: User | None) -> list[Placement]:
    """Create the plan's contributions, bylines and placements and publish what they place, inside
    the caller's transaction. The same rules hold as for one placement: staff only, rejected
    pieces refused, and every piece that gets its first placement is published with a Transition.
    The authors are not e-mailed: the office is recording what already ran."""
    refuse_unless_editor(actor, STAFF_ONLY)
    logged_by = recorded_user(actor)
    now = timezone.now()
    pieces = list(plan.pieces.values())
    created = bulk_create_with_history(
        [Contribution(title=piece.title, genre=piece.genre, credited_unit_id=piece.credited_unit_id,
                      created_by=logged_by, created_at=now) for piece in pieces],
        Contribution, batch_size=BATCH, default_user=logged_by, default_change_reason=IMPORT_NOTE,
    )
    for piece, contribution in zip(pieces, created):
        piece.contribution = contribution
    Authorship.objects.bulk_create(
        [
            Authorship(contribution=piece.contribution, correspondent_id=author_id, position=position, share=share)
            for piece in pieces
            for position, (author_id, share) in enumerate(
                zip(piece.author_ids, split_shares(len(piece.author_ids))), start=1)
        ],
        batch_size=BATCH,
    )
    current = _lock_existing(sorted(plan.states))
    if any(state not in PLACEABLE for state in current.values()):
        raise ValidationError(REJECTED_CANNOT_BE_PLACED)
    saved = bulk_create_with_history(
        [
            Placement(contribution_id=p.contribution_id if p.piece is None else p.piece.contribution.pk,
                      outlet_id=p.outlet_id, column_id=p.column_id, published_on=p.published_on, page=p.page,
                      prominence=p.prominence, url=p.url, logged_by=logged_by, logged_at=now)
            for p in plan.placements
        ],
        Placement, batch_size=BATCH, default_user=logged_by, default_change_reason="表格导入",
    )
    to_publish: dict[str, list[int]] = {State.DRAFT: [piece.contribution.pk for piece in pieces]}
    for pk, state in current.items():
        if state != State.PUBLISHED:
            to_publish.setdefault(state, []).append(pk)
    record_placement_moves({state: ids for state, ids in to_publish.items() if ids}, State.PUBLISHED, actor)
    return saved


def _lock_existing(ids: list[int]) -> dict[int, str]:
    states = {}
    for start in range(0, len(ids), BATCH):
        states.update(Contribution.objects.select_for_update().filter(pk__in=ids[start:start + BATCH])
                      .values_list("pk", "state"))
    return states
