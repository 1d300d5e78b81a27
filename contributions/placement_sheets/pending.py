"""An uploaded placement file between its dry run and its confirmation.

A file that checks without errors is stored under a random token and remembered; confirming the
token imports it once: a second confirmation (a double click, a second tab, a second editor) is
told that the file was just imported. Files nobody confirmed are forgotten after a day."""

import datetime
import hashlib
from pathlib import PurePath

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from correspondents.roles import recorded_user

from ..models import PlacementImport
from .checking import run_steps
from .importing import ImportReport, import_rows_stepwise, read_placement_file

PENDING_FOR = datetime.timedelta(hours=24)
ALREADY_IMPORTED = "这份文件刚刚已导入，没有重复导入。"
EXPIRED = "待导入的文件已过期或不存在，请重新上传。"


class ConfirmationRefused(ValidationError):
    pass


def pending_import_remember(*, name: str, data: bytes, rows: int, actor: User | None,
                            refused: bool = False) -> PlacementImport:
    """Keep a checked file for a day: to be confirmed, or (refused, with errors) for its error list."""
    forget_expired_imports()
    record = PlacementImport(file_name=PurePath(name).name[:255], sha256=hashlib.sha256(data).hexdigest(),
                             rows=rows, uploaded_by=recorded_user(actor),
                             status=PlacementImport.Status.REFUSED if refused else PlacementImport.Status.CHECKED)
    suffix = PurePath(name).suffix.lower()[:10]
    record.stored_name = default_storage.save(f"imports/{record.token.hex}{suffix}", ContentFile(data))
    record.save()
    return record


def pending_import_confirm(*, token, actor: User | None) -> tuple[PlacementImport, ImportReport]:
    """Import the remembered file once. Raises ConfirmationRefused when it was imported or has expired."""
    return run_steps(pending_import_confirm_stepwise(token=token, actor=actor))


def pending_import_refusal(token) -> None:
    """Raise ConfirmationRefused if this token cannot be confirmed now (asked again, under a lock,
    when it is confirmed): lets a page say so before it starts."""
    _refuse_unless_confirmable(PlacementImport.objects.filter(token=token).first())


def _refuse_unless_confirmable(record: PlacementImport | None) -> None:
    if record is not None and record.status == PlacementImport.Status.IMPORTED:
        raise ConfirmationRefused(ALREADY_IMPORTED)
    if record is None or record.status != PlacementImport.Status.CHECKED or not record.stored_name:
        raise ConfirmationRefused(EXPIRED)


def pending_import_confirm_stepwise(*, token, actor: User | None):
    """pending_import_confirm, yielding the import's Progress; refusals come at the first step.

    The file is read and its rows parsed before the transaction opens (a slow file never holds the
    write lock); the record is then locked and asked again, so it is imported once."""
    record = PlacementImport.objects.filter(token=token).first()
    _refuse_unless_confirmable(record)
    try:
        with default_storage.open(record.stored_name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise ConfirmationRefused(EXPIRED) from None
    rows = read_placement_file(name=record.file_name, data=data)
    with transaction.atomic():
        record = PlacementImport.objects.select_for_update().filter(token=token).first()
        _refuse_unless_confirmable(record)
        report = yield from import_rows_stepwise(rows=rows, actor=actor)
        if report.errors:  # the database changed since the dry run: nothing was saved
            return record, report
        record.status = PlacementImport.Status.IMPORTED
        record.imported_at = timezone.now()
        record.summary = report.summary()
        stored, record.stored_name = record.stored_name, ""
        record.save(update_fields=["status", "imported_at", "summary", "stored_name"])
        transaction.on_commit(lambda: default_storage.delete(stored))
    return record, report


def forget_expired_imports(now: datetime.datetime | None = None) -> int:
    """Delete files nobody confirmed within a day (the records stay, without their file)."""
    cutoff = (now or timezone.now()) - PENDING_FOR
    expired = list(PlacementImport.objects.filter(status__in=[PlacementImport.Status.CHECKED,
                                                              PlacementImport.Status.REFUSED], uploaded_at__lt=cutoff)
                   .exclude(stored_name="").values_list("pk", "stored_name"))
    for _, stored in expired:
        default_storage.delete(stored)
    PlacementImport.objects.filter(pk__in=[pk for pk, _ in expired]).update(stored_name="")
    return len(expired)


def refused_file(token) -> tuple[PlacementImport, bytes]:
    """A file kept for its error list (the dry run found errors). Raises ConfirmationRefused if gone."""
    record = PlacementImport.objects.filter(token=token, status=PlacementImport.Status.REFUSED).first()
    if record is None or not record.stored_name:
        raise ConfirmationRefused(EXPIRED)
    try:
        with default_storage.open(record.stored_name, "rb") as handle:
            return record, handle.read()
    except FileNotFoundError:
        raise ConfirmationRefused(EXPIRED) from None
