"""The app's bookkeeping rows: the write lock that keeps placement writes from interleaving, and the
record of each uploaded placement file (checked, then imported once)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class WriteLock(models.Model):
    """A row per kind of write that must not interleave; a transaction holds it with SELECT … FOR UPDATE.

    "placements": every placement write (one, a claim's, an import's) and closing or reopening a year
    take it, so a year cannot be closed while placements dated in it are being written, and two
    imports of the same file run one after the other. (On SQLite, immediate transactions already
    serialise all writes; the row costs nothing there.)"""

    name = models.CharField("名称", max_length=50, primary_key=True)

    class Meta:
        verbose_name = "写入锁"
        verbose_name_plural = "写入锁"

    def __str__(self) -> str:
        return self.name


PLACEMENT_WRITES = "placements"


def hold_write_lock(name: str = PLACEMENT_WRITES) -> None:
    """Wait for and hold the lock until the surrounding transaction ends (call inside transaction.atomic)."""
    WriteLock.objects.get_or_create(name=name)
    WriteLock.objects.select_for_update().get(name=name)


class PlacementImport(models.Model):
    """An uploaded placement file: checked (a dry run without errors), then imported once."""

    class Status(models.TextChoices):
        CHECKED = "checked", "待确认"
        IMPORTED = "imported", "已导入"
        REFUSED = "refused", "有错误，未导入"

    token = models.UUIDField("确认码", unique=True, default=uuid.uuid4, editable=False)
    file_name = models.CharField("文件名", max_length=255)
    stored_name = models.CharField("存储位置", max_length=255, blank=True, editable=False)
    sha256 = models.CharField("文件摘要", max_length=64, editable=False)
    rows = models.PositiveIntegerField("行数", default=0)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.CHECKED, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now, editable=False)
    imported_at = models.DateTimeField("导入时间", null=True, blank=True, editable=False)
    summary = models.TextField("结果", blank=True)

    class Meta:
        verbose_name = "用稿导入记录"
        verbose_name_plural = "用稿导入记录"
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["status", "uploaded_at"], name="placement_import_status_idx")]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"
