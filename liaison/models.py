from django.core.exceptions import ValidationError
from django.db import models

from correspondents.models import Office, Unit, valid_phone
from outlets.models import Column, Cycle, Outlet
from planning.models import Topic
from sheets.text import single_line


class Contact(models.Model):
    """新闻单位联络人: an editor, reporter or head at an outlet whom the office works with."""

    class Role(models.TextChoices):
        EDITOR = "editor", "编辑"
        REPORTER = "reporter", "记者"
        HEAD = "head", "负责人"

    office = models.ForeignKey(Office, verbose_name="宣传工作机构", on_delete=models.CASCADE, related_name="contacts")
    outlet = models.ForeignKey(Outlet, verbose_name="媒体", on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("姓名", max_length=50)
    role = models.CharField("身份", max_length=16, choices=Role.choices)
    title = models.CharField("职务", max_length=100, blank=True, help_text="如“政文部主任”。")
    phone = models.CharField("电话", max_length=30, blank=True, validators=[valid_phone])
    beat = models.CharField("分管领域", max_length=200, blank=True, help_text="如“人大、政协、法治”。")
    active = models.BooleanField("在联", default=True)

    class Meta:
        verbose_name = "新闻单位联络人"
        verbose_name_plural = "新闻单位联络人"
        ordering = ["outlet__name", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"

    def clean(self) -> None:
        self.name = single_line(self.name)


class Agreement(models.Model):
    """合作协议: an outlet runs a 专版, 专栏 or 专题节目 for the office, so many times per week, month or
    quarter over a period; what ran is counted from the placements logged in that column."""

    class Kind(models.TextChoices):
        PAGE = "page", "专版"
        COLUMN = "column", "专栏"
        PROGRAMME = "programme", "专题节目"

    office = models.ForeignKey(Office, verbose_name="宣传工作机构", on_delete=models.CASCADE, related_name="agreements")
    outlet = models.ForeignKey(Outlet, verbose_name="媒体", on_delete=models.PROTECT, related_name="agreements")
    column = models.ForeignKey(Column, verbose_name="栏目", on_delete=models.PROTECT, related_name="agreements",
                               help_text="按这个栏目（及其下属栏目）登记的用稿计算落实情况。")
    kind = models.CharField("形式", max_length=16, choices=Kind.choices)
    cycle = models.CharField("周期", max_length=16, choices=[c for c in Cycle.choices if c[0] != Cycle.IRREGULAR])
    per_cycle = models.PositiveSmallIntegerField("每期刊发（次）", default=1)
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("截止日期")
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "合作协议"
        verbose_name_plural = "合作协议"
        ordering = ["-starts_on", "outlet__name"]
        constraints = [models.CheckConstraint(condition=models.Q(starts_on__lte=models.F("ends_on")),
                                              name="agreement_period_order")]

    def __str__(self) -> str:
        return f"{self.outlet.name}“{self.column.name}”{self.get_kind_display()}（{self.get_cycle_display()}）"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError({"ends_on": "截止日期不能早于起始日期。"})
        if self.column_id and self.outlet_id and self.column.outlet_id != self.outlet_id:
            raise ValidationError({"column": "栏目须属于所选媒体。"})


class Meeting(models.Model):
    """联络会议: a 碰头会 or 情况通报会 with the news organisations, who came, what was agreed, and the
    topics of the plan it led to."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", "情况通报会"
        HUDDLE = "huddle", "碰头会"

    office = models.ForeignKey(Office, verbose_name="宣传工作机构", on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("日期")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    outlets = models.ManyToManyField(Outlet, verbose_name="参会媒体", blank=True, related_name="meetings")
    units = models.ManyToManyField(Unit, verbose_name="参会单位", blank=True, related_name="liaison_meetings")
    minutes = models.TextField("纪要", blank=True)
    topics = models.ManyToManyField(Topic, verbose_name="形成的选题", blank=True, related_name="meetings",
                                    help_text="会上商定、列入宣传计划的选题。")

    class Meta:
        verbose_name = "联络会议"
        verbose_name_plural = "联络会议"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"
