"""新闻奖参评: a piece entered for an outside competition (省人大好新闻奖, 中国人大新闻奖, a city's 好新闻奖),
its category and its result."""

from django.core.exceptions import ValidationError
from django.db import models

from contributions.models import Contribution
from correspondents.models import Office


class NewsAwardEntry(models.Model):
    class Competition(models.TextChoices):
        NATIONAL = "national", "中国人大新闻奖"
        PROVINCIAL = "provincial", "省人大好新闻奖"
        CITY = "city", "市好新闻奖"
        OTHER = "other", "其他新闻奖"

    class Result(models.TextChoices):
        PENDING = "pending", "评选中"
        FIRST = "first", "一等奖"
        SECOND = "second", "二等奖"
        THIRD = "third", "三等奖"
        MERIT = "merit", "优秀奖"
        SHORTLISTED = "shortlisted", "入围"
        NONE = "none", "未获奖"

    office = models.ForeignKey(Office, verbose_name="报送机构", on_delete=models.PROTECT, related_name="award_entries")
    contribution = models.ForeignKey(Contribution, verbose_name="稿件", on_delete=models.PROTECT,
                                     related_name="award_entries")
    competition = models.CharField("奖项", max_length=16, choices=Competition.choices)
    competition_name = models.CharField("奖项全称", max_length=100, blank=True,
                                        help_text="如“第十届湖北省人大新闻奖”；“其他新闻奖”须填写。")
    year = models.PositiveSmallIntegerField("参评年度")
    category = models.CharField("参评类别", max_length=50, help_text="如“消息”“评论”“通讯”“新媒体作品”。")
    result = models.CharField("结果", max_length=16, choices=Result.choices, default=Result.PENDING)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "新闻奖参评"
        verbose_name_plural = "新闻奖参评"
        ordering = ["-year", "competition", "id"]
        constraints = [models.UniqueConstraint(fields=["contribution", "competition", "year"],
                                               name="award_entry_once_per_competition_year",
                                               violation_error_message="这篇稿件已经报送过这一年度的这个奖项。")]

    def __str__(self) -> str:
        return f"{self.year}年{self.name}：{self.get_result_display()}"

    @property
    def name(self) -> str:
        return self.competition_name or self.get_competition_display()

    def clean(self) -> None:
        if self.competition == self.Competition.OTHER and not self.competition_name.strip():
            raise ValidationError({"competition_name": "“其他新闻奖”请填写奖项全称。"})
