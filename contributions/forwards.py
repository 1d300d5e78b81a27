"""报送上级: a piece an office accepted, sent to the office above it, which takes it (采用) or declines
it (不采用, with a reason). One row per step; a piece may travel up more than one level."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from correspondents.models import Office

from .models import Contribution


class Forward(models.Model):
    class ForwardState(models.TextChoices):
        SENT = "sent", "已报送"
        TAKEN = "taken", "已采用"
        DECLINED = "declined", "未采用"

    contribution = models.ForeignKey(Contribution, verbose_name="稿件", on_delete=models.CASCADE,
                                     related_name="forwards")
    from_office = models.ForeignKey(Office, verbose_name="报送机构", on_delete=models.PROTECT, related_name="+")
    to_office = models.ForeignKey(Office, verbose_name="上级机构", on_delete=models.PROTECT,
                                  related_name="forwards_received")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")
    sent_at = models.DateTimeField("报送时间", default=timezone.now)
    note = models.TextField("报送说明", blank=True)
    state = models.CharField("状态", max_length=16, choices=ForwardState.choices, default=ForwardState.SENT,
                             editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+", editable=False)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True, editable=False)
    reason = models.TextField("不采用的原因", blank=True)

    class Meta:
        verbose_name = "报送上级"
        verbose_name_plural = "报送上级"
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contribution", "to_office"], name="forward_once_per_office",
                                    violation_error_message="这篇稿件已经报送过这个机构了。"),
        ]
        indexes = [models.Index(fields=["to_office", "state"], name="forward_queue_idx")]

    def __str__(self) -> str:
        return f"{self.contribution} → {self.to_office}"
