"""奖励: the money that follows the points — per appraisal year (of an office), so it is frozen with it."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from .models import Award


class RewardRules(models.Model):
    """奖励标准 of one appraisal year: money per point for people and for units, an optional cap per
    person, and fixed amounts per award (AwardReward)."""

    appraisal_year = models.OneToOneField("awards.AppraisalYear", verbose_name="评选年度", on_delete=models.CASCADE,
                                          related_name="reward_rules")
    per_point_person = models.DecimalField("个人每分奖励（元）", max_digits=8, decimal_places=2, default=Decimal("0"),
                                           help_text="通讯员每 1 分积分奖励的金额，如 10.00 元。")
    per_point_unit = models.DecimalField("单位每分奖励（元）", max_digits=8, decimal_places=2, default=Decimal("0"),
                                         help_text="计分单位每 1 分积分奖励的金额；0 表示单位不按积分奖励。")
    person_cap = models.DecimalField("个人奖励上限（元）", max_digits=10, decimal_places=2, null=True, blank=True,
                                     help_text="每人全年奖励（积分奖励加获奖奖励）最多多少元；不填表示不设上限。")
    entry_first = models.DecimalField("新闻奖一等奖奖励（元）", max_digits=10, decimal_places=2, default=Decimal("0"),
                                      help_text="本年度报送参评（新闻奖参评）获一等奖的作品，奖励作者的金额（按署名份额分）。")
    entry_second = models.DecimalField("新闻奖二等奖奖励（元）", max_digits=10, decimal_places=2, default=Decimal("0"))
    entry_third = models.DecimalField("新闻奖三等奖奖励（元）", max_digits=10, decimal_places=2, default=Decimal("0"))
    entry_merit = models.DecimalField("新闻奖优秀奖奖励（元）", max_digits=10, decimal_places=2, default=Decimal("0"))

    class Meta:
        verbose_name = "奖励标准"
        verbose_name_plural = "奖励标准"

    def __str__(self) -> str:
        return f"{self.appraisal_year}奖励标准"

    def entry_amount(self, result: str) -> Decimal:
        """The bonus of a 新闻奖参评 result (一等奖…优秀奖); nothing for 入围, 未获奖 or one still judged."""
        return {"first": self.entry_first, "second": self.entry_second, "third": self.entry_third,
                "merit": self.entry_merit}.get(result, Decimal("0"))

    def clean(self) -> None:
        if self.person_cap is not None and self.person_cap <= 0:
            raise ValidationError({"person_cap": "奖励上限须大于 0；不设上限请留空。"})


class AwardReward(models.Model):
    """获奖奖励: a fixed amount for an award of a category (and grade, for works)."""

    rules = models.ForeignKey(RewardRules, verbose_name="奖励标准", on_delete=models.CASCADE, related_name="award_amounts")
    category = models.CharField("奖项", max_length=32, choices=Award.Category.choices)
    grade = models.CharField("等次", max_length=8, blank=True, choices=Award.Grade.choices,
                             help_text="好新闻奖、优秀论文按等次；其他奖项留空。")
    amount = models.DecimalField("奖励金额（元）", max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = "获奖奖励标准"
        verbose_name_plural = "获奖奖励标准"
        constraints = [models.UniqueConstraint(fields=["rules", "category", "grade"], name="award_reward_once")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}{self.get_grade_display()} {self.amount} 元"
