from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from correspondents.models import Correspondent, Office, Team, Unit


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    WECOM = "wecom", "企业微信群机器人"
    DINGTALK = "dingtalk", "钉钉群机器人"
    WEBHOOK = "webhook", "通用 Webhook"


ROBOT_CHANNELS = (Channel.WECOM, Channel.DINGTALK, Channel.WEBHOOK)


class Event(models.TextChoices):
    REVIEW = "review", "稿件审核"
    PLACEMENT = "placement", "登记用稿"
    CLAIM = "claim", "刊发申报审核"
    ASSIGNMENT = "assignment", "新约稿"
    REMINDER = "reminder", "约稿提醒"
    NOTICE = "notice", "通知"
    AWARD = "award", "获奖"
    TEST = "test", "测试消息"


class Robot(models.Model):
    """A group chat's robot (企业微信群机器人, 钉钉机器人) or a generic webhook: messages for the people
    of its team, unit or office who chose its channel are posted there, @-mentioning their mobiles."""

    name = models.CharField("名称", max_length=100)
    channel = models.CharField("渠道", max_length=16, choices=[(c.value, c.label) for c in ROBOT_CHANNELS])
    url = models.URLField("Webhook 地址", max_length=500,
                          help_text="在群设置里添加机器人后复制的地址（企业微信 …/cgi-bin/webhook/send?key=…，"
                                    "钉钉 …/robot/send?access_token=…）。")
    secret = models.CharField("加签密钥", max_length=200, blank=True,
                              help_text="钉钉机器人安全设置选“加签”时的密钥（SEC 开头）；通用 Webhook 填写后，"
                                        "每条消息带 X-Signature 签名。企业微信群机器人不用填。")
    office = models.ForeignKey(Office, verbose_name="所属机构", on_delete=models.CASCADE, related_name="robots")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="robots", help_text="留空且不选小组：本机构所有通讯员的群。")
    team = models.ForeignKey(Team, verbose_name="宣传小组", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="robots")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "消息机器人"
        verbose_name_plural = "消息机器人"
        ordering = ["office", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(unit__isnull=True) | Q(team__isnull=True), name="robot_unit_or_team",
                                   violation_error_message="一个机器人只属于一个单位或一个小组，不能同时选。"),
            models.UniqueConstraint(fields=["channel", "unit"], name="robot_one_per_unit",
                                    violation_error_message="这个单位已经有这个渠道的机器人。"),
            models.UniqueConstraint(fields=["channel", "team"], name="robot_one_per_team",
                                    violation_error_message="这个小组已经有这个渠道的机器人。"),
            models.UniqueConstraint(fields=["channel", "office"], condition=Q(unit__isnull=True, team__isnull=True),
                                    name="robot_one_per_office",
                                    violation_error_message="这个机构已经有这个渠道的全体通讯员机器人。"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_channel_display()}）"

    @property
    def group(self) -> str:
        if self.team_id:
            return f"小组：{self.team}"
        if self.unit_id:
            return f"单位：{self.unit}"
        return f"机构：{self.office}"

    def clean(self) -> None:
        if self.channel == Channel.DINGTALK and self.secret and not self.secret.startswith("SEC"):
            raise ValidationError({"secret": "钉钉机器人的加签密钥以 SEC 开头，请从机器人安全设置里完整复制。"})


class Preference(models.Model):
    """How a correspondent wants to hear from the office; a person without a row gets e-mail."""

    correspondent = models.OneToOneField(Correspondent, verbose_name="通讯员", on_delete=models.CASCADE,
                                         related_name="message_preference")
    email = models.BooleanField("电子邮件", default=True)
    wecom = models.BooleanField("企业微信群", default=False)
    dingtalk = models.BooleanField("钉钉群", default=False)
    webhook = models.BooleanField("其他（通用 Webhook）", default=False)

    class Meta:
        verbose_name = "消息接收方式"
        verbose_name_plural = "消息接收方式"

    def __str__(self) -> str:
        return f"{self.correspondent}：{'、'.join(self.labels()) or '不接收'}"

    def channels(self) -> list[str]:
        return [channel.value for channel in Channel if getattr(self, channel.value)]

    def labels(self) -> list[str]:
        return [Channel(channel).label for channel in self.channels()]


class Message(models.Model):
    """One message to deliver (发件箱): written in the transaction of its event, delivered exactly once
    per key by `messaging.delivery`."""

    class State(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已送达"
        FAILED = "failed", "发送失败"
        UNCERTAIN = "uncertain", "待确认"

    key = models.CharField("幂等键", max_length=200, unique=True,
                           help_text="事件和收件人：同一个键只会有一条消息，只会送达一次。")
    event = models.CharField("事件", max_length=16, choices=Event.choices)
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    office = models.ForeignKey(Office, verbose_name="所属机构", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    robot = models.ForeignKey(Robot, verbose_name="机器人", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="messages")
    address = models.CharField("邮箱", max_length=254, blank=True)
    recipients = models.CharField("收件人", max_length=500, blank=True)
    mentions = models.CharField("@手机号", max_length=500, blank=True)
    subject = models.CharField("标题", max_length=300)
    body = models.TextField("正文")
    link = models.CharField("链接", max_length=500, blank=True)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间")
    claimed_at = models.DateTimeField("开始发送时间", null=True, blank=True)
    sent_at = models.DateTimeField("送达时间", null=True, blank=True)
    last_error = models.TextField("最近一次错误", blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息发件箱"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="message_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}：{self.subject}"

    @property
    def text(self) -> str:
        """The message as a chat shows it."""
        lines = [f"【{self.subject}】"]
        if self.recipients:
            lines.append(f"致 {self.recipients}：")
        lines.append(self.body)
        if self.link:
            lines.append(self.link)
        return "\n".join(lines)
