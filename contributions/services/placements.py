"""Placements: logging, correcting and deleting where a piece ran. The first placement publishes
a piece, deleting the last returns it to accepted; a higher app may refuse dates (closed years)."""

from collections.abc import Callable
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from correspondents.roles import recorded_user, refuse_unless_editor

from ..messages import tell_authors_of_placement
from ..models import Contribution, Placement, hold_write_lock
from ..states import ACCEPTED_OR_PLACED, MOVES_BY_PAIR, State
from ..uploads import CLIPPING, is_new_upload
from ..workflow import lock, office_name_of, record_move, reviews
from .drafts import record_history_user

PlacementGuard = Callable[[date, int | None], None]
_placement_guards: list[PlacementGuard] = []

STAFF_ONLY = "只有编辑可以登记、修改或删除用稿记录。"
REJECTED_CANNOT_BE_PLACED = "这篇稿件未被采用，不能登记用稿；如确已刊发，请先“重新审核”并录用。"
ALREADY_LOGGED = "这篇稿件在该媒体同一天的用稿已经登记过了。"
PLACEMENT_EDITABLE_FIELDS = ("outlet", "column", "published_on", "edition", "page", "prominence", "instruction", "url",
                             "clipping")


def register_placement_guard(guard: PlacementGuard) -> None:
    """Let a higher app refuse placement writes on a date for a piece credited to a unit (awards: a
    year closed by an office that counts the unit).

    The guard raises ValidationError to refuse. Registered once, when that app loads.
    """
    if guard not in _placement_guards:
        _placement_guards.append(guard)


def check_placement_date(published_on: date, credited_unit_id: int | None) -> None:
    """Raise if placements dated this day of a piece credited to this unit may not be written now
    (e.g. an office that counts the unit has closed the year)."""
    for guard in _placement_guards:
        guard(published_on, credited_unit_id)


def refuse_unless_placeable(contribution: Contribution) -> None:
    if not contribution.may_be_placed:
        raise ValidationError(REJECTED_CANNOT_BE_PLACED, code="rejected")


def check_placement_allowed(*, contribution: Contribution, published_on: date | None, actor: User | None,
                            clipping=None) -> None:
    """Every refusal placement_create would give, for forms that want to say it before saving."""
    refuse_unless_editor(actor, STAFF_ONLY)
    refuse_unless_placeable(contribution)
    if published_on is not None:
        check_placement_date(published_on, contribution.credited_unit_id)
    _check_clipping(clipping)


def _check_clipping(clipping) -> None:
    if is_new_upload(clipping):
        CLIPPING.check(clipping)


def _publish_for_placement(contribution: Contribution, actor: User | None) -> None:
    if contribution.state == State.PUBLISHED:
        return
    refuse_unless_placeable(contribution)
    if contribution.state not in ACCEPTED_OR_PLACED and actor is not None and not reviews(actor, contribution):
        # Publishing a piece nobody accepted skips its review: only the office that reviews it may.
        raise ValidationError(f"这篇稿件由{office_name_of(contribution)}审核，录用后才能由其他机构登记用稿。")
    # The authors hear of the placement itself (tell_authors_of_placement), not of the state it moves.
    record_move(contribution, MOVES_BY_PAIR[(contribution.state, State.PUBLISHED)], actor, notify=False)


def _save(placement: Placement) -> None:
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError as error:
        raise ValidationError(ALREADY_LOGGED) from error


def placement_create(*, contribution: Contribution, actor: User | None, notify: bool = True, **fields) -> Placement:
    """Log a placement; the contribution's first placement publishes it. The authors are told unless
    the caller tells them itself (`notify=False`: a verified claim)."""
    refuse_unless_editor(actor, STAFF_ONLY)
    _check_clipping(fields.get("clipping"))
    placement = Placement(contribution=contribution, logged_by=recorded_user(actor), **fields)
    placement.full_clean()
    record_history_user(placement, actor)
    with transaction.atomic():
        hold_write_lock()  # a year cannot be closed while this placement is written into it
        check_placement_date(placement.published_on, contribution.credited_unit_id)
        locked = lock(contribution)
        _publish_for_placement(locked, actor)
        _save(placement)
        if notify:
            tell_authors_of_placement(placement)
    contribution.state = locked.state
    return placement


def placement_update(*, placement: Placement, actor: User | None, **changes) -> Placement:
    refuse_unless_editor(actor, STAFF_ONLY)
    unknown = set(changes) - set(PLACEMENT_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _check_clipping(changes.get("clipping"))
    for name, value in changes.items():
        setattr(placement, name, value)
    placement.full_clean()
    record_history_user(placement, actor)
    with transaction.atomic():
        hold_write_lock()
        stored_date = Placement.objects.filter(pk=placement.pk).values_list("published_on", flat=True).get()
        unit = placement.contribution.credited_unit_id
        check_placement_date(stored_date, unit)
        check_placement_date(placement.published_on, unit)
        _save(placement)
    return placement


def placement_delete(*, placement: Placement, actor: User | None) -> None:
    """Delete a placement; deleting the last one returns the contribution to accepted."""
    refuse_unless_editor(actor, STAFF_ONLY)
    record_history_user(placement, actor)
    with transaction.atomic():
        hold_write_lock()
        check_placement_date(placement.published_on, placement.contribution.credited_unit_id)
        contribution = lock(placement.contribution)
        placement.delete()
        if contribution.state == State.PUBLISHED and not contribution.placements.exists():
            record_move(contribution, MOVES_BY_PAIR[(State.PUBLISHED, State.ACCEPTED)], actor)
    placement.contribution.state = contribution.state
