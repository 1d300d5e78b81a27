"""Writing pieces: new contributions, authors' edits, attachments."""

from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from correspondents.models import Correspondent, Unit
from correspondents.roles import is_editor, recorded_user

from ..models import Attachment, Contribution
from ..uploads import ATTACHMENT
from ..workflow import is_author, lock
from .bylines import authorships_set, split_shares

FIRST_AUTHOR_ONLY = "只有第一作者可以修改署名、积分份额和计分单位；如需调整，请联系第一作者或研究室。"


def _byline_of(contribution: Contribution) -> list[tuple[int, Decimal]]:
    return [(pk, Decimal(share)) for pk, share in
            contribution.authorships.order_by("position").values_list("correspondent_id", "share")]


def _refuse_credit_outside_the_byline(credited_unit: Unit, authors: Sequence[Correspondent], actor: User | None) -> None:
    """A correspondent may credit a piece only to the unit of one of its authors; staff may credit any."""
    if actor is None or is_editor(actor):
        return
    if credited_unit.pk not in {author.unit_id for author in authors}:
        raise ValidationError("计分单位应为某位作者所在的单位。", code="credit")


def record_history_user(instance, actor: User | None) -> None:
    """Tell django-simple-history who makes this change when no web request says it (commands, tests)."""
    if recorded_user(actor) is not None:
        instance._history_user = actor


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
    credited_unit = credited_unit or authors[0].unit
    _refuse_credit_outside_the_byline(credited_unit, authors, actor)
    with transaction.atomic():
        contribution = Contribution(
            title=title, body=body, genre=genre, credited_unit=credited_unit,
            created_by=recorded_user(actor),
        )
        contribution.full_clean()
        record_history_user(contribution, actor)
        contribution.save()
        authorships_set(contribution=contribution, authors=authors, shares=shares)
    return contribution


def refuse_unless_author_may_edit(contribution: Contribution, actor: User | None) -> None:
    if actor is None or is_editor(actor):
        return
    if not is_author(contribution, actor):
        raise ValidationError("只有稿件作者可以修改这篇稿件。")
    if not contribution.may_be_edited_by_authors:
        raise ValidationError(
            f"稿件处于“{contribution.get_state_display()}”状态，作者不能修改；只有草稿和退回修改的稿件可以修改。"
        )


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
    """An author's edit of a draft or a returned piece (the state itself does not change).

    `authors=None` keeps the byline. Only the first author (or staff) may change the byline, the
    shares or the credited unit; a byline saved as it was is not rewritten."""
    with transaction.atomic():
        locked = lock(contribution)
        refuse_unless_author_may_edit(locked, actor)
        current = _byline_of(locked)
        wanted = current if authors is None else list(zip(
            [author.pk for author in authors], [Decimal(share) for share in (shares or split_shares(len(authors)))]))
        byline_changes = wanted != current
        if (byline_changes or credited_unit.pk != locked.credited_unit_id) and not _may_change_byline(locked, actor):
            raise ValidationError(FIRST_AUTHOR_ONLY, code="first-author")
        if credited_unit.pk != locked.credited_unit_id:
            people = authors if authors is not None else [a.correspondent for a in locked.authorships.select_related("correspondent")]
            _refuse_credit_outside_the_byline(credited_unit, people, actor)
        locked.title, locked.body, locked.genre, locked.credited_unit = title.strip(), body, genre, credited_unit
        if not locked.title:
            raise ValidationError("标题不能为空。")
        locked.full_clean()
        record_history_user(locked, actor)
        locked.save(update_fields=["title", "body", "genre", "credited_unit", "updated_at"])
        if authors is not None and byline_changes:
            authorships_set(contribution=locked, authors=authors, shares=shares)
    return locked


def _may_change_byline(contribution: Contribution, actor: User | None) -> bool:
    if actor is None or is_editor(actor):
        return True
    first_author_account = contribution.authorships.order_by("position").values_list(
        "correspondent__user", flat=True).first()
    return first_author_account == actor.pk


def attachment_add(*, contribution: Contribution, upload: UploadedFile, actor: User | None) -> Attachment:
    """Attach a file: checked by the attachment policy, stored under a generated name."""
    refuse_unless_author_may_edit(contribution, actor)
    original_name = ATTACHMENT.check(upload)
    return Attachment.objects.create(
        contribution=contribution, file=upload, original_name=original_name, size=upload.size,
        uploaded_by=recorded_user(actor),
    )


def attachment_remove(*, attachment: Attachment, actor: User | None) -> None:
    """Delete an attachment and, once the deletion is committed, its file."""
    refuse_unless_author_may_edit(attachment.contribution, actor)
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
