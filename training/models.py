from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from correspondents.models import Correspondent, Office
from outlets.models import Level
from planning.models import Notice
from sheets.text import single_line


class Session(models.Model):
    """培训班: a training session the office runs or sends people to."""

    office = models.ForeignKey(Office, verbose_name="宣传工作机构", on_delete=models.PROTECT, related_name="trainings")
    title = models.CharField("培训名称", max_length=200)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    place = models.CharField("地点", max_length=200, blank=True)
    organiser_level = models.CharField("主办层级", max_length=16, choices=Level.choices, default=Level.MUNICIPAL,
                                       help_text="全国、省、市或县级主办。")
    description = models.TextField("内容", blank=True)
    notice = models.OneToOneField(Notice, verbose_name="邀请通知", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="training", help_text="通讯员在这则通知里报名参加。")
    signup_open = models.BooleanField("开放报名", default=True)

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训"
        ordering = ["-starts_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(starts_on__lte=models.F("ends_on")),
                                              name="training_period_order")]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y-%m-%d} {self.title}"

    def clean(self) -> None:
        self.title = single_line(self.title)
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})

    @property
    def may_sign_up(self) -> bool:
        return self.signup_open and self.ends_on >= timezone.localdate()


class Material(models.Model):
    session = models.ForeignKey(Session, verbose_name="培训", on_delete=models.CASCADE, related_name="materials")
    file = models.FileField("文件", upload_to="training/%Y/")
    original_name = models.CharField("文件名", max_length=255)
    size = models.PositiveIntegerField("大小（字节）", default=0)

    class Meta:
        verbose_name = "培训材料"
        verbose_name_plural = "培训材料"

    def __str__(self) -> str:
        return self.original_name


class Participant(models.Model):
    """报名与出席: a correspondent signed up for a session (on the portal, or entered by the office),
    and whether they came."""

    session = models.ForeignKey(Session, verbose_name="培训", on_delete=models.CASCADE, related_name="participants")
    correspondent = models.ForeignKey(Correspondent, verbose_name="通讯员", on_delete=models.CASCADE,
                                      related_name="trainings")
    signed_up_at = models.DateTimeField("报名时间", null=True, blank=True)
    attended = models.BooleanField("出席", default=False)

    class Meta:
        verbose_name = "培训学员"
        verbose_name_plural = "培训学员"
        ordering = ["session", "correspondent__name"]
        constraints = [models.UniqueConstraint(fields=["session", "correspondent"], name="training_participant_once")]

    def __str__(self) -> str:
        return f"{self.correspondent}：{self.session}"
