from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from contributions.models import Contribution, Placement
from outlets.models import Column, Outlet
from sheets.text import single_line


class JournalIssue(models.Model):
    """One issue (期次) of an internal outlet: planned, assembled from accepted pieces, published.
    Publishing logs one placement per piece, dated the issue's date, through the placement service."""

    class Status(models.TextChoices):
        PLANNING = "planning", "编排中"
        PUBLISHED = "published", "已出刊"

    outlet = models.ForeignKey(Outlet, verbose_name="刊物", on_delete=models.PROTECT, related_name="issues",
                               limit_choices_to={"owner__isnull": False})
    number = models.CharField("期次", max_length=50, help_text="如“2026年第3期”。")
    issue_date = models.DateField("出刊日期")
    theme = models.CharField("主题", max_length=200, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PLANNING, editable=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.SET_NULL,
                                     null=True, blank=True, editable=False, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "刊物期次"
        verbose_name_plural = "刊物期次"
        ordering = ["-issue_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["outlet", "number"], name="issue_unique_number",
                                    violation_error_message="这个刊物已经有这一期了。"),
        ]

    def __str__(self) -> str:
        return f"{self.outlet.name} {self.number}" if JournalIssue.outlet.field.is_cached(self) else self.number

    def clean(self) -> None:
        self.number = single_line(self.number)
        self.theme = single_line(self.theme)
        if self.outlet_id and self.outlet.owner_id is None:
            raise ValidationError({"outlet": "只有机关刊物（本会自办的刊物、信息）可以编排期次。"})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class IssueItem(models.Model):
    """A piece in an issue, in a section (the outlet's column), in order."""

    issue = models.ForeignKey(JournalIssue, verbose_name="期次", on_delete=models.CASCADE, related_name="items")
    contribution = models.ForeignKey(Contribution, verbose_name="稿件", on_delete=models.PROTECT,
                                     related_name="issue_items")
    column = models.ForeignKey(Column, verbose_name="栏目", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    position = models.PositiveIntegerField("顺序", default=0)
    placement = models.ForeignKey(Placement, verbose_name="用稿记录", on_delete=models.SET_NULL, null=True,
                                  blank=True, editable=False, related_name="+")

    class Meta:
        verbose_name = "期次稿件"
        verbose_name_plural = "期次稿件"
        ordering = ["issue", "column__name", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "contribution"], name="issue_item_unique_piece",
                                    violation_error_message="这篇稿件已经编入本期。"),
        ]

    def __str__(self) -> str:
        return f"{self.issue_id}: {self.contribution_id}"
