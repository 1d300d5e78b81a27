"""Every write with a rule in it: the workflow of a contribution, authorships, attachments, placements.

The admin, the desk, the portal, the commands and the imports call these functions; none of them
sets `Contribution.state` itself.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from correspondents.models import Correspondent, Unit
from correspondents.roles import is_editor

from .models import Attachment, Authorship, Contribution, Placement, State, Transition
from .uploads import check_upload

logger = logging.getLogger(__name__)

AUTHOR = "author"
EDITOR = "editor"
PLACEMENT = "placement"  # moved only by logging or deleting placements


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    by: str
    label: str
    needs_note: bool = False
    note_hint: str = ""


# The transition table of the specification, row for row.
MOVES: tuple[Move, ...] = (
    Move(State.DRAFT, State.SUBMITTED, AUTHOR, "报送"),
    Move(State.RETURNED, State.SUBMITTED, AUTHOR, "重新报送"),
    Move(State.SUBMITTED, State.IN_REVIEW, EDITOR, "开始审核"),
    Move(State.IN_REVIEW, State.RETURNED, EDITOR, "退回修改", True, "请写明需要修改的地方"),
    Move(State.IN_REVIEW, State.ACCEPTED, EDITOR, "采用"),
    Move(State.SUBMITTED, State.REJECTED, EDITOR, "不予采用", True, "请写明不采用的原因"),
    Move(State.IN_REVIEW, State.REJECTED, EDITOR, "不予采用", True, "请写明不采用的原因"),
    Move(State.REJECTED, State.IN_REVIEW, EDITOR, "重新审核", True, "请写明重新审核的理由"),
    Move(State.ACCEPTED, State.PUBLISHED, PLACEMENT, "登记用稿"),
    Move(State.PUBLISHED, State.ACCEPTED, PLACEMENT, "删除用稿"),
)
MOVES_BY_PAIR = {(move.source, move.target): move for move in MOVES}

# Staff logging a placement for a piece found in print may skip review from any state but rejected.
PUBLISHABLE_BY_STAFF = (State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.RETURNED, State.ACCEPTED)


def state_label(state: str) -> str:
    return State(state).label


def is_author(contribution: Contribution, user: User | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return contribution.authorships.filter(correspondent__user=user).exists()


def _refuse_unless_allowed(contribution: Contribution, move: Move, actor: User | None, note: str) -> None:
    if move.by == PLACEMENT:
        raise ValidationError(
            f"“{state_label(move.target)}”由登记或删除用稿记录自动设置，不能直接操作。"
        )
    if move.by == EDITOR and not is_editor(actor):
        raise ValidationError(f"只有编辑可以执行“{move.label}”。")
    if move.by == AUTHOR and not (is_editor(actor) or is_author(contribution, actor)):
        raise ValidationError("只有稿件作者本人或编辑可以报送这篇稿件。")
    if move.needs_note and not note:
        raise ValidationError(f"“{move.label}”必须填写意见：{move.note_hint}。")
    if move.target == State.SUBMITTED:
        if not contribution.title.strip():
            raise ValidationError("报送前请填写标题。")
        if not contribution.body.strip() and not contribution.attachments.exists():
            raise ValidationError("报送前请填写正文，或上传附件。")
        if not contribution.authorships.exists():
            raise ValidationError("报送前请至少添加一位作者。")


def allowed_moves(contribution: Contribution, user: User | None) -> list[Move]:
    """The moves this user may start now, for buttons and admin actions (notes are asked later)."""
    moves = []
    for move in MOVES:
        if move.source != contribution.state or move.by == PLACEMENT:
            continue
        if move.by == EDITOR and not is_editor(user):
            continue
        if move.by == AUTHOR and not (is_editor(user) or is_author(contribution, user)):
            continue
        moves.append(move)
    return moves


def _stale_error(current_state: str) -> ValidationError:
    return ValidationError(
        f"这篇稿件刚刚已被他人处理，当前状态为“{state_label(current_state)}”。请刷新页面后再操作。"
    )


def _record_move(contribution: Contribution, target: str, actor: User | None, note: str) -> Transition:
    """Flip the state with a compare-and-set and write the Transition, inside the caller's transaction."""
    source = contribution.state
    changed = Contribution.objects.filter(pk=contribution.pk, state=source).update(
        state=target, updated_at=timezone.now()
    )
    if changed != 1:
        current = Contribution.objects.filter(pk=contribution.pk).values_list("state", flat=True).first()
        raise _stale_error(current or source)
    contribution.state = target
    transition = Transition.objects.create(
        contribution=contribution,
        from_state=source,
        to_state=target,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note,
    )
    _notify_authors_on_commit(contribution, transition)
    return transition


def _lock(contribution: Contribution) -> Contribution:
    return Contribution.objects.select_for_update().get(pk=contribution.pk)


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
        current = _lock(contribution)
        if current.state != seen_state:
            raise _stale_error(current.state)
        move = MOVES_BY_PAIR.get((current.state, to_state))
        if move is None:
            raise ValidationError(
                f"稿件当前为“{state_label(current.state)}”，不能改为“{state_label(to_state)}”。"
            )
        _refuse_unless_allowed(current, move, actor, note)
        _record_move(current, to_state, actor, note)
    contribution.state = current.state
    contribution.updated_at = timezone.now()
    return contribution


def _notify_authors_on_commit(contribution: Contribution, transition: Transition) -> None:
    recipients = sorted(
        {
            email
            for email, account_email in Authorship.objects.filter(contribution=contribution).values_list(
                "correspondent__email", "correspondent__user__email"
            )
            for email in [email or account_email]
            if email
        }
    )
    if not recipients:
        return
    subject = f"稿件《{contribution.title}》：{transition.get_to_state_display()}"
    lines = [
        f"您的稿件《{contribution.title}》状态已由“{transition.get_from_state_display()}”"
        f"变为“{transition.get_to_state_display()}”。"
    ]
    if transition.note:
        lines.append(f"意见：{transition.note}")
    lines.append("")
    lines.append("人大宣传工作管理系统")

    def send() -> None:
        try:
            send_mail(subject, "\n".join(lines), None, recipients)
        except Exception:  # a mail server that is down must not undo the review
            logger.exception("稿件 %s 的状态通知邮件发送失败", contribution.pk)

    transaction.on_commit(send)


# --- authors and attachments -------------------------------------------------------------------

CENT = Decimal("0.01")


def split_shares(count: int) -> list[Decimal]:
    """Equal shares that sum to 1.00, the rounding remainder going to the first author."""
    if count < 1:
        raise ValueError("count must be positive")
    each = (Decimal(1) / count).quantize(CENT, rounding=ROUND_DOWN)
    return [Decimal(1) - each * (count - 1)] + [each] * (count - 1)


def check_shares(shares: Sequence[Decimal]) -> None:
    total = sum(shares, Decimal(0))
    if total != Decimal("1.00"):
        raise ValidationError(f"各作者的积分份额之和应为 1.00，现在是 {total}。")
    if any(share <= 0 for share in shares):
        raise ValidationError("每位作者的积分份额都应大于 0。")


def authorships_set(
    *,
    contribution: Contribution,
    authors: Sequence[Correspondent],
    shares: Sequence[Decimal] | None = None,
) -> list[Authorship]:
    """Replace the byline: authors in order (the first is the first author)."""
    if not authors:
        raise ValidationError("至少需要一位作者。")
    if len({author.pk for author in authors}) != len(authors):
        raise ValidationError("同一位作者不能署名两次。")
    shares = list(shares) if shares is not None else split_shares(len(authors))
    if len(shares) != len(authors):
        raise ValidationError("作者人数与份额个数不一致。")
    check_shares(shares)
    with transaction.atomic():
        contribution.authorships.all().delete()
        return Authorship.objects.bulk_create(
            Authorship(contribution=contribution, correspondent=author, position=position, share=share)
            for position, (author, share) in enumerate(zip(authors, shares), start=1)
        )


def contribution_create(
    *,
    title: str,
    authors: Sequence[Correspondent],
    actor: User | None,
    body: str = "",
    genre: str = Contribution.Genre.NEWS,
    credited_unit: Unit | None = None,
    shares: Sequence[Decimal] | None = None,
) -> Contribution:
    """A new draft. The credited unit defaults to the first author's unit."""
    title = title.strip()
    if not title:
        raise ValidationError("标题不能为空。")
    if not authors:
        raise ValidationError("至少需要一位作者。")
    with transaction.atomic():
        contribution = Contribution(
            title=title,
            body=body,
            genre=genre,
            credited_unit=credited_unit or authors[0].unit,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        contribution.full_clean()
        _record_actor(contribution, actor)
        contribution.save()
        authorships_set(contribution=contribution, authors=authors, shares=shares)
    return contribution


def attachment_add(*, contribution: Contribution, upload: UploadedFile, actor: User | None) -> Attachment:
    original_name = check_upload(upload)
    return Attachment.objects.create(
        contribution=contribution,
        file=upload,
        original_name=original_name,
        size=upload.size,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )


# --- placements ----------------------------------------------------------------------------------

PlacementGuard = Callable[[date], None]
_placement_guards: list[PlacementGuard] = []


def register_placement_guard(guard: PlacementGuard) -> None:
    """Let a higher app refuse placement writes on a date (awards: a closed appraisal year).

    The guard raises ValidationError to refuse. Registered once, when that app loads.
    """
    if guard not in _placement_guards:
        _placement_guards.append(guard)


def check_placement_date(published_on: date) -> None:
    """Raise if placements dated this day may not be written now (e.g. its year is closed)."""
    for guard in _placement_guards:
        guard(published_on)


def check_placement_allowed(*, contribution: Contribution, published_on: date | None, actor: User | None) -> None:
    """Every refusal placement_create would give, for forms that want to say it before saving."""
    _refuse_unless_staff(actor)
    if contribution.state == State.REJECTED:
        raise ValidationError(REJECTED_CANNOT_BE_PLACED)
    if published_on is not None:
        check_placement_date(published_on)


def _refuse_unless_staff(actor: User | None) -> None:
    # actor None is the system itself: management commands and data migrations.
    if actor is not None and not is_editor(actor):
        raise ValidationError("只有编辑可以登记、修改或删除用稿记录。")


REJECTED_CANNOT_BE_PLACED = "这篇稿件未被采用，不能登记用稿；如确已刊发，请先“重新审核”并采用。"


def _publish_for_placement(contribution: Contribution, actor: User | None) -> None:
    if contribution.state == State.PUBLISHED:
        return
    if contribution.state == State.REJECTED:
        raise ValidationError(REJECTED_CANNOT_BE_PLACED)
    note = "登记用稿，自动标记为已刊发"
    if contribution.state != State.ACCEPTED:
        note = f"编辑登记见报稿件，由“{state_label(contribution.state)}”直接标记为已刊发"
    _record_move(contribution, State.PUBLISHED, actor, note)


def _record_actor(instance, actor: User | None) -> None:
    """Tell django-simple-history who makes this change when no web request says it (commands, tests)."""
    if actor is not None and actor.is_authenticated:
        instance._history_user = actor


def _save_placement(placement: Placement) -> None:
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError as error:
        raise ValidationError("这篇稿件在该媒体同一天的用稿已经登记过了。") from error


def placement_create(*, contribution: Contribution, actor: User | None, **fields) -> Placement:
    """Log a placement; the contribution's first placement publishes it."""
    _refuse_unless_staff(actor)
    placement = Placement(
        contribution=contribution,
        logged_by=actor if actor is not None and actor.is_authenticated else None,
        **fields,
    )
    placement.full_clean()
    check_placement_date(placement.published_on)
    _record_actor(placement, actor)
    with transaction.atomic():
        locked = _lock(contribution)
        _publish_for_placement(locked, actor)
        _save_placement(placement)
    contribution.state = locked.state
    return placement


PLACEMENT_EDITABLE_FIELDS = ("outlet", "column", "published_on", "edition", "page", "prominence", "url", "clipping")


def placement_update(*, placement: Placement, actor: User | None, **changes) -> Placement:
    _refuse_unless_staff(actor)
    unknown = set(changes) - set(PLACEMENT_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    stored_date = Placement.objects.filter(pk=placement.pk).values_list("published_on", flat=True).get()
    check_placement_date(stored_date)
    for name, value in changes.items():
        setattr(placement, name, value)
    placement.full_clean()
    check_placement_date(placement.published_on)
    _record_actor(placement, actor)
    _save_placement(placement)
    return placement


def placement_delete(*, placement: Placement, actor: User | None) -> None:
    """Delete a placement; deleting the last one returns the contribution to accepted."""
    _refuse_unless_staff(actor)
    check_placement_date(placement.published_on)
    _record_actor(placement, actor)
    with transaction.atomic():
        contribution = _lock(placement.contribution)
        placement.delete()
        if contribution.state == State.PUBLISHED and not contribution.placements.exists():
            _record_move(contribution, State.ACCEPTED, actor, "最后一条用稿记录已删除，恢复为已采用")
    placement.contribution.state = contribution.state


# --- placements from a spreadsheet ---------------------------------------------------------------

@dataclass
class NewPiece:
    """A contribution the import creates: found in print, never submitted through the system."""

    title: str
    genre: str
    credited_unit_id: int
    author_ids: list[int]
    contribution: Contribution | None = None  # set once saved


@dataclass
class NewPlacement:
    outlet_id: int
    column_id: int | None
    published_on: date
    page: str
    prominence: str
    url: str
    contribution_id: int | None = None  # an existing contribution…
    piece: NewPiece | None = None  # …or one created by the same import


IMPORT_NOTE = "表格导入用稿记录，标记为已刊发"


def placements_import(
    *, pieces: Sequence[NewPiece], placements: Sequence[NewPlacement], actor: User | None
) -> list[Placement]:
    """The bulk form of placement_create, for imports: one transaction, rows written in batches.

    The same rules hold: staff only, no placement in a guarded (closed) period, rejected pieces
    refused, and every contribution that gets its first placement is published with a Transition.
    The authors are not e-mailed: the office is recording what already ran.
    """
    _refuse_unless_staff(actor)
    for published_on in {placement.published_on for placement in placements}:
        check_placement_date(published_on)
    logged_by = actor if actor is not None and actor.is_authenticated else None
    now = timezone.now()
    with transaction.atomic():
        created = bulk_create_with_history(
            [
                Contribution(title=piece.title, genre=piece.genre, credited_unit_id=piece.credited_unit_id,
                             created_by=logged_by, created_at=now)
                for piece in pieces
            ],
            Contribution,
            batch_size=1000,
            default_user=logged_by,
            default_change_reason=IMPORT_NOTE,
        )
        for piece, contribution in zip(pieces, created):
            piece.contribution = contribution
        Authorship.objects.bulk_create(
            [
                Authorship(contribution=piece.contribution, correspondent_id=author_id, position=position, share=share)
                for piece in pieces
                for position, (author_id, share) in enumerate(
                    zip(piece.author_ids, split_shares(len(piece.author_ids))), start=1
                )
            ],
            batch_size=1000,
        )
        existing_ids = {p.contribution_id for p in placements if p.contribution_id is not None}
        states = {}
        for chunk in in_batches(sorted(existing_ids), 1000):
            states.update(Contribution.objects.select_for_update().filter(pk__in=chunk).values_list("pk", "state"))
        if any(state == State.REJECTED for state in states.values()):
            raise ValidationError(REJECTED_CANNOT_BE_PLACED)
        saved = bulk_create_with_history(
            [
                Placement(
                    contribution_id=p.contribution_id if p.piece is None else p.piece.contribution.pk,
                    outlet_id=p.outlet_id, column_id=p.column_id, published_on=p.published_on, page=p.page,
                    prominence=p.prominence, url=p.url, logged_by=logged_by, logged_at=now,
                )
                for p in placements
            ],
            Placement,
            batch_size=1000,
            default_user=logged_by,
            default_change_reason="表格导入",
        )
        to_publish = {pk: state for pk, state in states.items() if state != State.PUBLISHED}
        to_publish.update({piece.contribution.pk: State.DRAFT for piece in pieces})
        by_state: dict[str, list[int]] = {}
        for pk, state in to_publish.items():
            by_state.setdefault(state, []).append(pk)
        for state, ids in by_state.items():
            for chunk in in_batches(ids, 1000):
                changed = Contribution.objects.filter(pk__in=chunk, state=state).update(
                    state=State.PUBLISHED, updated_at=now
                )
                if changed != len(chunk):
                    raise _stale_error(state)
        Transition.objects.bulk_create(
            [
                Transition(contribution_id=pk, from_state=state, to_state=State.PUBLISHED, actor=logged_by,
                           created_at=now, note=IMPORT_NOTE)
                for pk, state in to_publish.items()
            ],
            batch_size=1000,
        )
    return saved


def in_batches(items: list, size: int):
    """Slices of at most `size`: SQLite limits the parameters of one query."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


# --- the portal: authors' edits and placement claims ----------------------------------------------

def _refuse_unless_author_may_edit(contribution: Contribution, actor: User | None) -> None:
    if not (is_author(contribution, actor) or is_editor(actor)):
        raise ValidationError("只有稿件作者可以修改这篇稿件。")
    if not contribution.authors_may_edit and not is_editor(actor):
        raise ValidationError(f"稿件处于“{contribution.get_state_display()}”状态，作者不能修改；只有草稿和退回修改的稿件可以修改。")


def contribution_update(
    *,
    contribution: Contribution,
    actor: User | None,
    title: str,
    body: str,
    genre: str,
    credited_unit: Unit,
    authors: Sequence[Correspondent] | None = None,
    shares: Sequence[Decimal] | None = None,
) -> Contribution:
    """An author's edit of a draft or a returned piece (the state itself does not change)."""
    with transaction.atomic():
        locked = _lock(contribution)
        _refuse_unless_author_may_edit(locked, actor)
        locked.title, locked.body, locked.genre, locked.credited_unit = title.strip(), body, genre, credited_unit
        if not locked.title:
            raise ValidationError("标题不能为空。")
        locked.full_clean()
        _record_actor(locked, actor)
        locked.save(update_fields=["title", "body", "genre", "credited_unit", "updated_at"])
        if authors is not None:
            authorships_set(contribution=locked, authors=authors, shares=shares)
    return locked


def attachment_remove(*, attachment: Attachment, actor: User | None) -> None:
    contribution = attachment.contribution
    _refuse_unless_author_may_edit(contribution, actor)
    stored = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))


def author_attachment_add(*, contribution: Contribution, upload: UploadedFile, actor: User | None) -> Attachment:
    _refuse_unless_author_may_edit(contribution, actor)
    return attachment_add(contribution=contribution, upload=upload, actor=actor)


CLAIMABLE_STATES = (State.SUBMITTED, State.IN_REVIEW, State.ACCEPTED, State.PUBLISHED)


def claim_create(*, contribution: Contribution, claimed_by: Correspondent, actor: User | None, outlet,
                 published_on: date, page: str = "", url: str = "", evidence: UploadedFile | None = None):
    """A correspondent reports that their piece ran: it waits for the office, and counts only once verified."""
    from .models import PlacementClaim
    from .uploads import EVIDENCE_KINDS, MEGABYTE

    if not contribution.authorships.filter(correspondent=claimed_by).exists():
        raise ValidationError("只能申报自己署名的稿件。")
    if contribution.state not in CLAIMABLE_STATES:
        raise ValidationError(f"稿件处于“{contribution.get_state_display()}”状态，不能申报刊发。")
    if published_on > timezone.localdate():
        raise ValidationError("刊发日期不能晚于今天。")
    if evidence is not None:
        check_upload(evidence, kinds=EVIDENCE_KINDS, max_bytes=20 * MEGABYTE)
    return PlacementClaim.objects.create(
        contribution=contribution, claimed_by=claimed_by, outlet=outlet, published_on=published_on,
        page=page, url=url, evidence=evidence or "",
    )


def claim_verify(*, claim, actor: User | None) -> Placement:
    """The office confirms a claim: it becomes a placement through placement_create."""
    from .models import PlacementClaim

    _refuse_unless_staff(actor)
    with transaction.atomic():
        locked = PlacementClaim.objects.select_for_update().select_related("contribution").get(pk=claim.pk)
        if locked.state != PlacementClaim.ClaimState.PENDING:
            raise ValidationError("这条申报已经处理过了。")
        placement = placement_create(
            contribution=locked.contribution, outlet=locked.outlet, published_on=locked.published_on,
            page=locked.page, url=locked.url, clipping=locked.evidence.name or "", actor=actor,
        )
        locked.state = PlacementClaim.ClaimState.VERIFIED
        locked.decided_by = actor if actor is not None and actor.is_authenticated else None
        locked.decided_at = timezone.now()
        locked.placement = placement
        locked.save(update_fields=["state", "decided_by", "decided_at", "placement"])
    return placement


def claim_decline(*, claim, actor: User | None, note: str):
    from .models import PlacementClaim

    _refuse_unless_staff(actor)
    note = (note or "").strip()
    if not note:
        raise ValidationError("请写明不予认定的原因，申报人会看到。")
    changed = PlacementClaim.objects.filter(pk=claim.pk, state=PlacementClaim.ClaimState.PENDING).update(
        state=PlacementClaim.ClaimState.DECLINED, note=note, decided_at=timezone.now(),
        decided_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if changed != 1:
        raise ValidationError("这条申报已经处理过了。")
